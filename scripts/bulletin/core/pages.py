"""The generated pages of a column: what each lists and where it lives, computed once per build.

Each page is a `PageSpec` (a docs-relative URI, a title, a template and its data); the MkDocs
plugin turns them into in-memory files, and templates turn the data into markup.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .column import LoadedColumn
from .model import Article, Issue
from .policies import Policy
from .slugs import group_slug
from .statistics import column_table, year_table
from .urls import page_uri, url_for

STATISTICS_CSV = url_for("statistics_csv")
CATEGORIES = url_for("categories")
SOURCES = url_for("sources")


@dataclass
class PageSpec:
    """One generated page."""

    uri: str  # docs-relative source URI, e.g. "archive/2023/index.md"
    title: str
    template: str
    data: dict[str, Any] = field(default_factory=dict)
    markdown: str = ""


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
        for prefix, groups in ((CATEGORIES, self.categories), (SOURCES, self.sources)):
            self._urls |= {(prefix, g.name): g.url for g in groups}

    @property
    def latest(self) -> Issue | None:
        return self.loaded.issues[-1] if self.loaded.issues else None

    def recent_articles(self, count: int) -> list[Article]:
        """The newest `count` articles across issues."""
        return self.articles[:count]

    def category_url(self, name: str) -> str:
        return self._urls.get((CATEGORIES, name), CATEGORIES)

    def source_url(self, name: str) -> str:
        return self._urls.get((SOURCES, name), SOURCES)


def build_index(loaded: LoadedColumn, policies: list[Policy] | None = None) -> SiteIndex:
    """Group issues by year and articles by category and by source, newest first."""
    years: dict[int, list[Issue]] = defaultdict(list)
    categories: dict[str, list[Article]] = defaultdict(list)
    sources: dict[str, list[Article]] = defaultdict(list)
    articles: list[Article] = []
    for issue in loaded.newest_first:
        years[issue.year].append(issue)
        articles.extend(issue.articles)
        for article in issue.articles:
            sources[article.attribution.source].append(article)
            if article.attribution.category:
                categories[article.attribution.category].append(article)
    return SiteIndex(
        loaded,
        dict(sorted(years.items(), reverse=True)),
        _groups("category", categories),
        _groups("source", sources),
        policies or [],
        articles,
    )


def _groups(route: str, by_name: dict[str, list[Article]]) -> list[Group]:
    taken: set[str] = set()
    # Most articles first: the units and categories readers look for most.
    names = sorted(by_name, key=lambda n: (-len(by_name[n]), n))
    slugs = [group_slug(n, taken) for n in names]
    return [
        Group(n, slug, by_name[n], url_for(route, slug=slug))
        for n, slug in zip(names, slugs, strict=True)
    ]


def page_specs(index: SiteIndex) -> list[PageSpec]:
    """Every generated page: issues, archive, category and source pages."""
    column = index.loaded.column
    specs = [_issue_spec(issue) for issue in index.loaded.issues]
    specs.append(PageSpec(page_uri(url_for("archive")), "往期回顾", "bulletin/archive.html"))
    specs.append(PageSpec(page_uri(url_for("search")), "站内检索", "bulletin/search.html"))
    for year, issues in index.years.items():
        specs.append(
            PageSpec(
                page_uri(url_for("archive_year", year=year)),
                f"{year}年往期回顾",
                "bulletin/archive-year.html",
                {"year": year, "issues": issues},
            )
        )
    for prefix, label, groups in (
        (CATEGORIES, "类别", index.categories),
        (SOURCES, "来源单位", index.sources),
    ):
        specs.append(
            PageSpec(
                page_uri(prefix),
                label,
                "bulletin/groups.html",
                {"groups": groups, "prefix": prefix, "label": label},
            )
        )
        for group in groups:
            specs.extend(_paged(group, label, column.page_size))
    specs.extend(_statistics_specs(index))
    specs.append(PageSpec(page_uri(url_for("site_map")), "网站地图", "bulletin/site-map.html"))
    specs.append(PageSpec(page_uri(url_for("policies")), "政策文件", "bulletin/policies.html"))
    return specs


def _statistics_specs(index: SiteIndex) -> list[PageSpec]:
    """来稿统计 for the whole column (units × years) and for each year (units × months)."""
    articles = index.articles
    years = sorted(index.years)
    specs = [
        PageSpec(page_uri(url_for("statistics")), "来稿统计", "bulletin/statistics.html",
                 {"table": column_table(articles, years), "years": years[::-1],
                  "csv": STATISTICS_CSV})
    ]  # fmt: skip
    for year in years:
        data = {"table": year_table(articles, year), "year": year, "csv": STATISTICS_CSV}
        uri = page_uri(url_for("statistics_year", year=year))
        specs.append(PageSpec(uri, f"{year}年来稿统计", "bulletin/statistics.html", data))
    return specs


def _issue_spec(issue: Issue) -> PageSpec:
    return PageSpec(issue.page_uri, issue.title, "bulletin/issue.html", {"issue": issue})


def _paged(group: Group, label: str, size: int) -> list[PageSpec]:
    chunks = [group.articles[i : i + size] for i in range(0, len(group.articles), size)] or [[]]
    urls = [group.url] + [
        url_for("group_page", base=group.url, page=n) for n in range(2, len(chunks) + 1)
    ]
    specs = []
    for n, chunk in enumerate(chunks, start=1):
        title = f"{label}：{group.name}" + (f"（第{n}页）" if n > 1 else "")
        pages = {"current": n, "urls": urls}
        data = {"group": group, "articles": chunk, "label": label, "pagination": pages}
        specs.append(PageSpec(page_uri(urls[n - 1]), title, "bulletin/group.html", data))
    return specs
