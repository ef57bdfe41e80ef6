"""Every URL the site publishes, declared once.

Templates ask `url_for("archive_year", year=2023)`; Python asks the same function; the page
sources of generated pages are these URLs plus `index.md`. URLs are site-relative (no leading
slash), as MkDocs' `url` filter expects; issue URLs are fixed by the contract (section 3).
"""

from __future__ import annotations

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
    "statistics": "statistics/",
    "statistics_year": "statistics/{year}/",
    "statistics_csv": "statistics/laigao.csv",
    "site_map": "site-map/",
    "about": "about/",
    "accessibility": "accessibility/",
    "feed": "feed.xml",
    "asset": "assets/bulletin/{name}",
}


def url_for(route: str, /, **params: object) -> str:
    """The site-relative URL of a route, e.g. url_for("issue", year=2023, number=3)."""
    return ROUTES[route].format(**params)


def page_uri(url: str) -> str:
    """The docs-relative source URI MkDocs gives a page published at `url`."""
    return f"{url}index.md"
