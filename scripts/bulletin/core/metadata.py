"""Government page metadata (政府网站网页元数据) and Open Graph tags for every page's <head>.

Inspectors and the national search read `<meta name="SiteName">` … `<meta name="Url">`
(《政府网站发展指引》, 国办发〔2017〕47号, 附件 网页元数据); this module decides the values,
and `overrides/partials/gov-meta.html` writes them, escaped.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING
from urllib.parse import quote, urljoin, urlsplit

from .campaign import SETTINGS_FILE, published_at
from .problems import Problem, Severity
from .urls import url_for

if TYPE_CHECKING:
    from .model import Column, Issue
    from .policies import Policy

POLICY_COLUMN_TYPE = "政策文件"
POLICY_DIR = url_for("policies").rstrip("/")
COLUMN_TAGS = (
    "SiteName", "SiteDomain", "SiteIDCode",
    "ColumnName", "ColumnDescription", "ColumnKeywords", "ColumnType",
)  # fmt: skip
ARTICLE_TAGS = ("ArticleTitle", "PubDate", "ContentSource")  # on issue and policy pages
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\((<[^>]*>|[^)\s]+)")
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")


def with_site_defaults(column: Column, site_name: str | None, site_url: str | None) -> Column:
    """SiteName and SiteDomain default to mkdocs.yml's `site_name` and `site_url`'s host."""
    settings = column.metadata
    filled = replace(
        settings,
        site_name=settings.site_name or site_name or None,
        site_domain=settings.site_domain or urlsplit(site_url or "").hostname or None,
    )
    return replace(column, metadata=filled)


def setting_problems(column: Column) -> list[Problem]:
    """A warning per metadata setting left empty, naming it as `plugins.bulletin.<key>`."""
    return [
        Problem(SETTINGS_FILE, None, f"plugins.bulletin.{key}", f"未设置{label}（网页元数据）",
                Severity.WARNING)
        for key, label in column.metadata.missing().items()
    ]  # fmt: skip


@dataclass
class PageMeta:
    """The `<title>`, the `<meta name>` pairs and the Open Graph `<meta property>` pairs of one
    page."""

    names: list[tuple[str, str]] = field(default_factory=list)
    graph: list[tuple[str, str]] = field(default_factory=list)
    title: str = ""

    def get(self, name: str) -> str | None:
        """The value of one `<meta name>` tag, if the page has it."""
        return next((value for key, value in self.names if key == name), None)


HOME_URI = "index.md"


def issue_page_name(issue: Issue, column: Column) -> str:
    """An issue page's name: the issue's name with its year and number, and 总第N期 where set."""
    name = issue.name(column)
    total = f"（总第{issue.total_number}期）" if issue.total_number else ""
    return name + (total if total and total not in name else "")


def page_title(name: str, column: Column) -> str:
    """A page's `<title>` in the government order: the page, then the column. The home page is
    the column itself."""
    return f"{name} - {column.name}" if name and name != column.name else column.name


def page_meta(
    column: Column,
    src_uri: str,
    title: str,
    url: str | None,
    site_url: str | None,
    issue: Issue | None = None,
    policy: Policy | None = None,
    description: str | None = None,
) -> PageMeta:
    """Every tag of one page. Values keep their type (a title may already be escaped Markup),
    so the template escapes each exactly once."""
    settings = column.metadata
    # Policy documents and their list (docs/policies/) form the 政策文件 column of the site.
    in_policies = src_uri.startswith(POLICY_DIR + "/")
    column_type = POLICY_COLUMN_TYPE if in_policies else settings.column_type
    article: dict[str, str | None] = {}
    image = None
    name = "" if src_uri == HOME_URI else _plain(title)
    if issue is not None:
        image = first_image(issue, site_url)
        description = issue.summary or description
        name = issue_page_name(issue, column)  # 2023 第1期 and 2024 第1期 told apart
        # Author is the 责任编辑 (reviewer); Keywords are the issue's tags.
        keywords = ",".join(issue.tags or [])
        article = _article(name, published_at(issue, column).text, issue.source,
                           keywords, issue.reviewer, description, image)  # fmt: skip
    elif policy is not None:
        image = policy_image(policy, site_url)
        # Yearly notices often repeat a title; the 发文字号 tells their pages apart.
        name = f"{_plain(title)}（{policy.doc_no}）"
        # Keywords is the document's 主题分类; a policy names no author.
        article = _article(policy.title, published_at(policy, column).text, policy.publisher,
                           policy.category, None, description, image)  # fmt: skip
    tags: dict[str, str | None] = {
        "SiteName": settings.site_name,
        "SiteDomain": settings.site_domain,
        "SiteIDCode": column.identity.site_code,
        "ColumnName": column.name,
        "ColumnDescription": settings.column_description,
        "ColumnKeywords": settings.column_keywords,
        "ColumnType": column_type,
        **article,
    }
    if article:
        tags["Url"] = url
    # Column tags are always present (empty when unset, which `bulletin audit` reports).
    meta = PageMeta([(k, v or "") for k, v in tags.items() if v or k in COLUMN_TAGS])
    graph = {
        "og:type": "article" if article else "website",
        "og:site_name": settings.site_name,
        "og:title": article.get("ArticleTitle") or name or column.name,
        "og:description": description or settings.column_description,
        "og:image": image,
        "og:url": url,
    }
    meta.graph = [(k, v) for k, v in graph.items() if v]
    meta.title = page_title(name, column)
    return meta


def _plain(text: str) -> str:
    """A title as text: an escaped (Markup) title unescaped, so the template escapes it once."""
    return html.unescape(text) if hasattr(text, "__html__") else text


def _article(
    title: str,
    pub_date: str,
    source: str,
    keywords: str | None,
    author: str | None,
    description: str | None,
    image: str | None,
) -> dict[str, str | None]:
    return {
        "ArticleTitle": title, "PubDate": pub_date, "ContentSource": source,
        "Keywords": keywords, "Author": author, "Description": description, "Image": image,
    }  # fmt: skip


def _absolute(base: str, reference: str) -> str:
    """A relative reference made absolute, with characters a URL cannot hold escaped."""
    return urljoin(base, quote(reference.strip("<>"), safe="/:._-~%"))


def policy_image(policy: Policy, site_url: str | None) -> str | None:
    """The absolute URL of a policy document's first image (docs-relative to its source file,
    which sits in docs/policies/)."""
    found = _MD_IMAGE.search(policy.text)
    if not site_url or found is None or "://" in found.group(1):
        return None
    return _absolute(urljoin(site_url.rstrip("/") + "/", POLICY_DIR + "/"), found.group(1))


def first_image(issue: Issue, site_url: str | None) -> str | None:
    """The absolute URL of the issue's first image, published at its own path beside the
    issue files (issues/2024/photo.png), as every asset is (bulletin.mkdocs.files)."""
    if not site_url:
        return None
    for asset in issue.assets:
        if asset.source_uri.lower().endswith(_IMAGE_SUFFIXES):
            return _absolute(site_url.rstrip("/") + "/", asset.source_uri)
    return None
