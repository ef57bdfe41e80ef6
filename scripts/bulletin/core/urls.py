"""Every URL the site publishes, declared once.

Templates ask `url_for("archive_year", year=2023)`; Python asks the same function; the page
sources of generated pages are these URLs plus `index.md`. URLs are site-relative (no leading
slash), as MkDocs' `url` filter expects; issue URLs are fixed by the contract (section 3).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

ROUTES: dict[str, str] = {
    "home": "",
    "issue": "issues/{year}/{number}/",
    "archive": "archive/",
    "archive_year": "archive/{year}/",
    "categories": "categories/",
    "category": "categories/{slug}/",
    "sources": "sources/",
    "source": "sources/{slug}/",
    "group_page": "{base}{page}/",  # page 2… of a category or source listing
    "policies": "policies/",
    "policy": "policies/{slug}/",
    "search": "search/",
    "search_column": "search/c/{slug}/",  # one column's own index, in a site of several
    "statistics": "statistics/",
    "statistics_year": "statistics/{year}/",
    "statistics_csv": "statistics/laigao.csv",
    "site_map": "site-map/",
    "about": "about/",
    "accessibility": "accessibility/",
    "feed": "feed.xml",
    "asset": "assets/bulletin/{name}",
}


# A column's own pages: in a site of several columns they live under the column's `<slug>/`
# (contract section 8); search, policies and the site's own pages stay at the root.
COLUMN_ROUTES = frozenset({
    "home", "issue", "archive", "archive_year", "categories", "category", "sources", "source",
    "statistics", "statistics_year", "statistics_csv", "feed",
})  # fmt: skip


def url_for(route: str, /, *, prefix: str = "", **params: object) -> str:
    """The site-relative URL of a route, e.g. url_for("issue", year=2023, number=3); a
    column's route under `prefix` (its "<slug>/", or "" in a site of one column)."""
    url = ROUTES[route].format(**params)
    return f"{prefix}{url}" if route in COLUMN_ROUTES else url


def column_urls(prefix: str) -> Callable[..., str]:
    """`url_for` for the pages of one column: its routes under `prefix`."""
    return partial(url_for, prefix=prefix)


def page_uri(url: str) -> str:
    """The docs-relative source URI MkDocs gives a page published at `url`."""
    return f"{url}index.md"
