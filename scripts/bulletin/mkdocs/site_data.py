"""The build's collaborator for the site's data: what the core checked, arranged for MkDocs'
events (which page is an issue, a policy or a generated page; its column; its template
context), the generated files, the moved-address pages and the feeds. The plugin asks it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..core.checking import CheckedSite
from ..core.column import LoadedColumn
from ..core.feed import feed_items, site_feed_items
from ..core.metadata import page_meta
from ..core.model import Column, Issue
from ..core.pages import (
    GeneratedPage,
    SiteIndex,
    build_index,
    column_pages,
    generated_pages,
    hub_pages,
    moved_pages,
)
from ..core.policies import POLICY_DIR, Policy
from ..core.qrcode import qr_svg
from ..core.statistics import monthly_csv
from ..core.urls import url_for
from .parallel import PageWorker
from .templates import column_globals

HIDDEN = InclusionLevel.NOT_IN_NAV  # generated pages are reached from the section pages


@dataclass
class SiteData:
    """One build's view of the checked site, by page source URI."""

    column: Column  # the site's (in a site of several columns, the hub's settings)
    columns: list[LoadedColumn]
    indexes: list[SiteIndex]  # one per column
    index: SiteIndex  # the site's own pages'
    policies: dict[str, Policy]
    withheld: list[str]  # docs-relative pages the core holds back (hold_future)
    issues: dict[str, Issue]
    # A column's pages in a site of several see their column's data (templates.py).
    page_globals: dict[str, dict[str, Any]]
    generated: dict[str, GeneratedPage]
    latest: Issue | None

    @classmethod
    def of(cls, site: CheckedSite, column: Column, docs_prefix: str) -> SiteData:
        """Arrange what the core checked: the generated pages of the one column, or of the hub
        and every column."""
        indexes = [build_index(loaded, site.policies) for loaded in site.columns]
        page_globals: dict[str, dict[str, Any]] = {}
        if site.site.is_hub:  # the site's own pages see the site's column, with no issues
            index = build_index(LoadedColumn(column), site.policies)
            pages = hub_pages(indexes, column.name)
            for each in indexes:
                own = column_globals(each, trail=True)
                uris = [p.uri for p in column_pages(each)] + [i.path for i in each.loaded.issues]
                page_globals |= dict.fromkeys(uris, own)
        else:
            index = indexes[0]
            pages = generated_pages(index)
        newest = [each.latest for each in indexes if each.latest]
        return cls(
            column=column,
            columns=site.columns,
            indexes=indexes,
            index=index,
            policies={f"{POLICY_DIR}/{p.slug}.md": p for p in site.policies},
            withheld=[path.removeprefix(docs_prefix) for path in site.withheld],
            issues={issue.path: issue for issue in site.issues},
            page_globals=page_globals,
            generated={p.uri: p for p in pages},
            latest=max(newest, key=lambda issue: issue.date) if newest else None,
        )

    @property
    def is_hub(self) -> bool:
        """Whether the site holds several columns."""
        return bool(self.page_globals)

    def column_of(self, uri: str) -> Column:
        """The column a page belongs to: its own in a site of several, else the site's."""
        column: Column = self.page_globals.get(uri, {}).get("column", self.column)
        return column

    def generated_files(self, config: MkDocsConfig, taken: set[str]) -> list[File]:
        """The generated pages (in memory) that no hand-written page replaces."""
        return [
            File.generated(config, page.uri, content="", inclusion=HIDDEN)
            for page in self.generated.values()
            if page.uri not in taken  # a hand-written page takes precedence
        ]

    def statistics_files(self, config: MkDocsConfig) -> list[File]:
        """Each column's 来稿统计 table (CSV)."""
        return [
            File.generated(
                config,
                url_for("statistics_csv", prefix=index.prefix),
                content=monthly_csv(index.articles).encode("utf-8"),
            )
            for index in self.indexes
        ]

    def moved_files(self, env: Environment, config: MkDocsConfig) -> list[File]:
        """Pages leading from a single column's old addresses to where it moved (legacy_column)."""
        legacy = self.column.legacy_column
        moved = next((i for i in self.indexes if i.column.slug == legacy), None)
        if not self.is_hub or moved is None:
            return []
        template = env.get_template("bulletin/redirect.html")
        files = []
        for old, new in moved_pages(moved):
            target = get_relative_url(new, old)
            html = template.render(target=target, column=moved.column, config=config)
            files.append(File.generated(config, f"{old}index.html", content=html))
        return files

    def page_context(self, page: Page, config: MkDocsConfig, worker: PageWorker) -> dict[str, Any]:
        """What a page's template is given beyond MkDocs' own context."""
        uri = page.file.src_uri
        extra: dict[str, Any] = dict(self.page_globals.get(uri, {}))
        extra["gov_meta"] = page_meta(
            self.column_of(uri), uri, page.title or "", page.canonical_url, config.site_url,
            self.issues.get(uri), self.policies.get(uri), page.meta.get("description"),
        )  # fmt: skip
        if uri in self.policies:
            extra["policy"] = self.policies[uri]
            if page.canonical_url:  # a policy page, like an issue, carries its QR code
                extra["qr_svg"] = Markup(qr_svg(page.canonical_url))
        elif uri in self.generated:
            extra.update(self.generated[uri].context())
        elif uri in self.issues:
            extra["issue"] = self.issues[uri]
            qr = worker.take(page) if uri in worker else None
            if qr is None and uri not in worker and page.canonical_url:
                qr = qr_svg(page.canonical_url)
            if qr is not None:
                extra["qr_svg"] = Markup(qr)
        return extra

    def write_feeds(self, env: Environment, config: MkDocsConfig, site_url: str) -> None:
        """Each column's feed.xml, and in a site of several the site's beside them."""
        template = env.get_template("bulletin/feed.xml.html")
        if self.is_hub:
            items = site_feed_items(self.columns, site_url, self.column.feed_size)
            xml = template.render(items=items, config=config)
            Path(config.site_dir, url_for("feed")).write_text(xml, encoding="utf-8")
        for index in self.indexes:
            items = feed_items(index.loaded, site_url)
            own = column_globals(index, trail=False) if self.is_hub else {}
            xml = template.render(items=items, config=config, **own)
            feed = Path(config.site_dir, url_for("feed", prefix=index.prefix))
            feed.write_text(xml, encoding="utf-8")
