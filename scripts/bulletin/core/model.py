"""The plain data model of a column: issues, their articles and the settings that number them.

Nothing here knows about MkDocs; the plugin and the CLI both work from these objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from enum import Enum
from typing import ClassVar

from .campaign import Campaign
from .metadata import MetaSettings
from .urls import page_uri, url_for


class Numbering(Enum):
    YEARLY = "yearly"  # restarts at 1 each year: 2023年第3期
    CONTINUOUS = "continuous"  # one series for the whole column: 第125期


@dataclass(frozen=True)
class SiteIdentity:
    """What national rules require in every page's footer (政府网站标识与备案信息)."""

    sponsor: str = ""  # 主办单位
    organizer: str = ""  # 承办单位
    contact: str = ""  # 联系方式
    site_code: str = ""  # 网站标识码
    icp: str = ""  # ICP备案号
    police: str = ""  # 公安机关备案号
    conac_image: str = ""  # 党政机关网站标识 (optional), a docs-relative image
    conac_url: str = ""

    REQUIRED: ClassVar[dict[str, str]] = {
        "sponsor": "主办单位", "organizer": "承办单位", "contact": "联系方式",
        "site_code": "网站标识码", "icp": "ICP备案号", "police": "公安机关备案号",
    }  # fmt: skip

    def missing(self) -> dict[str, str]:
        """Setting name → what it is, for each required item left empty."""
        return {key: label for key, label in self.REQUIRED.items() if not getattr(self, key)}

    @property
    def police_code(self) -> str:
        """The digits of the 公安机关备案号, which its public query page takes."""
        return "".join(ch for ch in self.police if ch.isdigit())


@dataclass(frozen=True)
class Column:
    """The column's settings, as given in mkdocs.yml (or defaults for the CLI)."""

    name: str = "专项行动专栏"
    bulletin_name: str = "工作信息"
    publisher: str = ""
    numbering: Numbering = Numbering.YEARLY
    # When set, every issue also shows 总第N期: its place in the whole column plus this offset,
    # for columns that continue an older paper series.
    total_offset: int | None = None
    issues_dir: str = "issues"
    feed_size: int = 20
    page_size: int = 50
    hold_future: bool = False  # keep issues dated after today out of the build until their day
    identity: SiteIdentity = field(default_factory=SiteIdentity)
    # 索引号 of 政府信息公开 documents; sites number them differently, so it is configurable.
    index_no_pattern: str = r"^[0-9A-Z]{18}/\d{4}-\d{1,10}$"
    campaign: Campaign = field(default_factory=Campaign)  # status, end, publish time, review
    metadata: MetaSettings = field(default_factory=MetaSettings)  # <meta> tags of every page
    categories: tuple[str, ...] = ()  # 类别 the column promises, listed even while empty


@dataclass(frozen=True)
class Attribution:
    """An article's 来源 and optional 类别, from its first paragraph or the issue's source;
    for a reprint, the original's address and author."""

    source: str
    category: str | None = None
    explicit: bool = False
    original_url: str | None = None
    author: str | None = None


@dataclass
class Article:
    """One `## ` section of an issue."""

    title: str
    anchor: str
    attribution: Attribution
    body: str  # Markdown without the heading and the attribution line
    line: int
    position: int  # 1-based place within its issue
    issue: Issue | None = field(default=None, repr=False, compare=False)

    @property
    def url(self) -> str:
        """Site-relative link to the article: the issue URL plus the anchor."""
        assert self.issue is not None
        return f"{self.issue.url}#{self.anchor}"


@dataclass
class Asset:
    """A file an issue refers to by relative path (an image or attachment)."""

    reference: str  # as written in the Markdown, relative to the issue file
    source_path: str  # absolute path on disk


@dataclass
class Issue:
    """One numbered bulletin: front matter, 编者按 and articles."""

    path: str  # relative to the project root, with forward slashes
    year: int
    number: int
    date: date
    source: str
    editor: str | None
    reviewer: str | None
    approver: str | None
    title: str
    draft: bool = False
    summary: str | None = None
    tags: list[str] = field(default_factory=list)
    editor_note: str | None = None  # Markdown, without the 编者按 label
    preamble: str = ""  # Markdown before the first article, if any
    articles: list[Article] = field(default_factory=list)
    assets: list[Asset] = field(default_factory=list)
    total_number: int | None = None
    links: list[tuple[str, int]] = field(default_factory=list)  # (target, line) of .md/# links
    original_source: str | None = None  # a reprint's 原文来源, with its address and author
    original_url: str | None = None
    author: str | None = None
    lines: dict[str, int] = field(default_factory=dict)  # front-matter key -> line, for messages
    time: time | None = None  # the time written after the date, if any (see campaign.published_at)
    previous: Issue | None = field(default=None, repr=False, compare=False)
    next: Issue | None = field(default=None, repr=False, compare=False)

    @property
    def url(self) -> str:
        """Site-relative directory URL fixed by the contract: issues/<year>/<number>/."""
        return url_for("issue", year=self.year, number=self.number)

    @property
    def page_uri(self) -> str:
        """Where the page pretends to live among the docs, so relative image links resolve."""
        return page_uri(self.url)

    @property
    def date_text(self) -> str:
        """The date as readers write it: 2023年7月25日."""
        return chinese_date(self.date)

    def label(self, column: Column) -> str:
        """第N期, with the year in yearly numbering."""
        if column.numbering is Numbering.YEARLY:
            return f"{self.year}年第{self.number}期"
        return f"第{self.number}期"


def default_title(column: Column, number: int) -> str:
    """The title an issue gets when its front matter has none."""
    return f"{column.bulletin_name}·第{number}期"


def chinese_date(day: date) -> str:
    """2023年7月25日."""
    return f"{day.year}年{day.month}月{day.day}日"
