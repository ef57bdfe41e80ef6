"""The generated pages of a column: what each lists and where it lives, computed once per build.

Each page is a typed record (`GeneratedPage` and one subclass per kind of page); the MkDocs
plugin turns them into in-memory files, and templates turn their data into markup. Issue pages
are not generated: they are the editors' own files (see bulletin.mkdocs.plugin).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, fields
from functools import partial
from typing import Any, ClassVar

from .column import LoadedColumn
from .hub import HubEntry, hub_entries
from .model import Article, Column, Issue
from .policies import Policy
from .slugs import group_slug
from .statistics import Table as StatisticsTable
from .statistics import column_table, year_table
from .urls import page_uri, url_for


@dataclass
class GeneratedPage:
    """A page the column generates (not written by an editor): where it lives, its title, the
    template that renders it, and the data that template takes (the subclass's own fields)."""

    url: str
    title: str
    template: ClassVar[str]

    @property
    def uri(self) -> str:
        """Docs-relative source URI, e.g. "archive/2023/index.md"."""
        return page_uri(self.url)

    def context(self) -> dict[str, Any]:
        """The template's variables: the page's own fields (missing ones left undefined)."""
        own = (f.name for f in fields(self) if f.name not in ("url", "title"))
        return {name: getattr(self, name) for name in own if getattr(self, name) is not None}


@dataclass
class ArchivePage(GeneratedPage):
    template = "bulletin/archive.html"


@dataclass
class ArchiveYearPage(GeneratedPage):
    template = "bulletin/archive-year.html"
    year: int
    issues: list[Issue]


@dataclass
class ColumnHomePage(GeneratedPage):
    """A column's home in a site of several columns (the hub is the site's home)."""

    template = "home.html"


@dataclass
class HubPage(GeneratedPage):
    """The home of a site of several columns: running columns, then the 历史专题."""

    template = "bulletin/hub.html"
    running: list[HubEntry]
    ended: list[HubEntry]


@dataclass
class SearchPage(GeneratedPage):
    template = "bulletin/search.html"
    # A site of several columns: (slug, name) of each, for the 栏目 filter.
    columns: list[tuple[str, str]] | None = None


@dataclass
class GroupsPage(GeneratedPage):
    template = "bulletin/groups.html"
    groups: list[Group]
    label: str


@dataclass
class Pagination:
    current: int
    urls: list[str]


@dataclass
class GroupPage(GeneratedPage):
    template = "bulletin/group.html"
    group: Group
    articles: list[Article]
    label: str
    pagination: Pagination


@dataclass
class StatisticsPage(GeneratedPage):
    template = "bulletin/statistics.html"
    table: StatisticsTable
    csv: str
    years: list[int] | None = None  # the column's page lists the years
    year: int | None = None  # a year's page


@dataclass
class SiteMapPage(GeneratedPage):
    template = "bulletin/site-map.html"
    columns: list[tuple[str, str]] | None = None  # (slug, name) in a site of several


@dataclass
class PoliciesPage(GeneratedPage):
    template = "bulletin/policies.html"


@dataclass
class Group:
    """Articles sharing a category or a source unit, newest first."""

    name: str
    slug: str
    articles: list[Article]
    url: str


@dataclass
class SiteIndex:
    """Lookups every template may use, built once per build rather than once per page."""

    loaded: LoadedColumn
    years: dict[int, list[Issue]]
    categories: list[Group]
    sources: list[Group]
    policies: list[Policy] = field(default_factory=list)
    # Every published article, newest issue first, in page order within an issue.
    articles: list[Article] = field(default_factory=list)
    # Group name -> page URL; issue bodies ask once per article, so no scan over the groups.
    _urls: dict[tuple[str, str], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for route, groups in (("categories", self.categories), ("sources", self.sources)):
            self._urls |= {(route, g.name): g.url for g in groups}

    @property
    def prefix(self) -> str:
        """The column's URL prefix: "" in a site of one column."""
        return self.loaded.column.url_prefix

    @property
    def column(self) -> Column:
        return self.loaded.column

    @property
    def latest(self) -> Issue | None:
        return self.loaded.issues[-1] if self.loaded.issues else None

    def recent_articles(self, count: int) -> list[Article]:
        """The newest `count` articles across issues."""
        return self.articles[:count]

    def category_url(self, name: str) -> str:
        fallback = url_for("categories", prefix=self.prefix)
        return self._urls.get(("categories", name), fallback)

    def source_url(self, name: str) -> str:
        return self._urls.get(("sources", name), url_for("sources", prefix=self.prefix))


def build_index(loaded: LoadedColumn, policies: list[Policy] | None = None) -> SiteIndex:
    """Group issues by year and articles by category and by source, newest first."""
    years: dict[int, list[Issue]] = defaultdict(list)
    categories: dict[str, list[Article]] = defaultdict(list)
    sources: dict[str, list[Article]] = defaultdict(list)
    articles: list[Article] = []
    for name in loaded.column.categories:  # declared 类别 have their page even while empty
        categories[name] = []
    for issue in loaded.newest_first:
        years[issue.year].append(issue)
        articles.extend(issue.articles)
        for article in issue.articles:
            sources[article.attribution.source].append(article)
            if article.attribution.category:
                categories[article.attribution.category].append(article)
    prefix = loaded.column.url_prefix
    return SiteIndex(
        loaded,
        dict(sorted(years.items(), reverse=True)),
        _groups("category", categories, prefix),
        _groups("source", sources, prefix),
        policies or [],
        articles,
    )


def _groups(route: str, by_name: dict[str, list[Article]], prefix: str) -> list[Group]:
    taken: set[str] = set()
    # Most articles first: the units and categories readers look for most.
    names = sorted(by_name, key=lambda n: (-len(by_name[n]), n))
    slugs = [group_slug(n, taken) for n in names]
    return [
        Group(n, slug, by_name[n], url_for(route, prefix=prefix, slug=slug))
        for n, slug in zip(names, slugs, strict=True)
    ]


def generated_pages(index: SiteIndex) -> list[GeneratedPage]:
    """Every generated page of a site of one column: the column's, then the site's own."""
    column, site = column_pages(index), site_pages()
    # In the order a single column's site has always listed them (its sitemap keeps its order).
    return [column[0], site[0], *column[1:], *site[1:]]


def site_pages(columns: list[Column] | None = None) -> list[GeneratedPage]:
    """The pages a site has once, however many columns it holds: search, site map, policies."""
    named = [(c.slug, c.name) for c in columns] if columns else None
    return [
        SearchPage(url_for("search"), "站内检索", named),
        SiteMapPage(url_for("site_map"), "网站地图", named),
        PoliciesPage(url_for("policies"), "政策文件"),
    ]


def hub_pages(indexes: list[SiteIndex], name: str) -> list[GeneratedPage]:
    """Every generated page of a site of several columns: the hub, each column's, the site's."""
    running, ended = hub_entries([index.loaded for index in indexes])
    pages: list[GeneratedPage] = [HubPage(url_for("home"), name, running, ended)]
    for index in indexes:
        pages.extend(column_pages(index))
    return pages + site_pages([index.column for index in indexes])


def column_pages(index: SiteIndex) -> list[GeneratedPage]:
    """A column's generated pages: archive, category and source pages, statistics."""
    column = index.loaded.column
    url = partial(url_for, prefix=index.prefix)
    pages: list[GeneratedPage] = [ArchivePage(url("archive"), "往期回顾")]
    if column.slug:  # a site of several columns: the column's home beside the hub's
        pages.append(ColumnHomePage(url("home"), column.name))
    for year, issues in index.years.items():
        pages.append(
            ArchiveYearPage(url("archive_year", year=year), f"{year}年往期回顾", year, issues)
        )
    for route, label, groups in (
        ("categories", "类别", index.categories),
        ("sources", "来源单位", index.sources),
    ):
        pages.append(GroupsPage(url(route), label, groups, label))
        for group in groups:
            pages.extend(_paged(group, label, column.page_size))
    pages.extend(_statistics_pages(index))
    return pages


def _statistics_pages(index: SiteIndex) -> list[GeneratedPage]:
    """来稿统计 for the whole column (units × years) and for each year (units × months)."""
    articles = index.articles
    years = sorted(index.years)
    csv = url_for("statistics_csv", prefix=index.prefix)
    table = column_table(articles, years)
    statistics = url_for("statistics", prefix=index.prefix)
    pages: list[GeneratedPage] = [
        StatisticsPage(statistics, "来稿统计", table, csv, years=years[::-1])
    ]
    for year in years:
        url = url_for("statistics_year", prefix=index.prefix, year=year)
        pages.append(
            StatisticsPage(url, f"{year}年来稿统计", year_table(articles, year), csv, year=year)
        )
    return pages


def _paged(group: Group, label: str, size: int) -> list[GeneratedPage]:
    chunks = [group.articles[i : i + size] for i in range(0, len(group.articles), size)] or [[]]
    urls = [group.url] + [
        url_for("group_page", base=group.url, page=n) for n in range(2, len(chunks) + 1)
    ]
    pages: list[GeneratedPage] = []
    for n, chunk in enumerate(chunks, start=1):
        title = f"{label}：{group.name}" + (f"（第{n}页）" if n > 1 else "")
        pages.append(GroupPage(urls[n - 1], title, group, chunk, label, Pagination(n, urls)))
    return pages


def moved_pages(index: SiteIndex) -> list[tuple[str, str]]:
    """(old URL, new URL) of each page of a site's single column that moved to its folder
    under columns/ (`legacy_column`), so links and bookmarks to the old addresses keep
    working: its issues' pages and every page it generates (archive years, categories and
    sources with their later pages, statistics), but its home, which is the hub's now."""
    prefix = index.prefix
    moved = [
        (page.url.removeprefix(prefix), page.url)
        for page in column_pages(index)
        if page.url != prefix
    ]
    for issue in index.loaded.issues:
        moved.append((url_for("issue", year=issue.year, number=issue.number), issue.url))
    return moved
