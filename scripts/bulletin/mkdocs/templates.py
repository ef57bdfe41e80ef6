"""Templates and escaping: what the theme's Jinja environment is given, how the issue page's
attribution lines are rendered outside a page template, and the escaping of editors' values
that Material would print as they are."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from importlib import resources
from typing import Any

from jinja2 import BytecodeCache, ChoiceLoader, Environment, FileSystemLoader, PrefixLoader
from jinja2.bccache import Bucket
from markupsafe import Markup, escape
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url, normalize_url

from ..core.campaign import published_at
from ..core.model import Article, Column
from ..core.pages import SiteIndex
from ..core.urls import column_urls, url_for


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory by the plugin: MkDocs makes a new Jinja environment
    for every build (and we make one more for attribution lines), each compiling Material's
    templates again: 2.2 s of a 500-issue preview rebuild's 17.8 s (cProfile, busy machine).
    Jinja compares the template source's checksum, so an edited template compiles anew."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


def set_globals(env: Environment, index: SiteIndex, column: Column) -> None:
    """The column's data and the URL table, for every template."""
    env.globals["bulletin"] = index
    env.globals["column"] = column
    env.globals["url_for"] = url_for  # the one URL table (core/urls.py); templates hold no URLs
    env.globals["published"] = partial(published_at, column=column)  # date and time of an item


def column_globals(index: SiteIndex, trail: bool) -> dict[str, Any]:
    """A column's page in a site of several: the column's data and URLs in place of the site's
    (templates see them as they see the globals), and its place under the hub for breadcrumbs."""
    column = index.column
    found: dict[str, Any] = {
        "bulletin": index,
        "column": column,
        "url_for": column_urls(column.url_prefix),
        "published": partial(published_at, column=column),
    }
    if trail:
        found["column_trail"] = [("首页", url_for("home")), (column.name, column.url_prefix)]
    return found


def render_attribution(
    env: Environment, page: Page, article: Article, own: dict[str, Any] | None = None
) -> str:
    """An article's attribution line, its links relative to `page` as in a page template;
    `own` holds a column's globals in a site of several."""
    template = env.get_template("bulletin/attribution.html")
    base_url = get_relative_url(".", page.url)
    return template.render(article=article, page=page, base_url=base_url, **(own or {}))


def escape_meta(page: Page) -> None:
    """Material's templates print page.meta values (title, description, author) unescaped;
    front matter is editors' text, so every string value is escaped once, here."""
    for key, value in page.meta.items():
        if isinstance(value, str) and key != "template":
            page.meta[key] = escape(value)


class NavCache:
    """Material's navigation HTML, rendered once for every page that shows the same one.

    The navigation was 29% of the page templates' time (cProfile, 500 issues: 4.0 s of 13.8 s),
    though it lists a dozen sections. For a page outside the navigation nothing in it is marked
    active, so what differs between two such pages is only the relative URLs of its links:
    those are the key. Pages in the navigation are rendered as Material renders them."""

    def __init__(self, nav: Navigation) -> None:
        self._urls = [""]  # the home page (the logo's link), then every item's address
        pending = list(nav.items)
        while pending:
            item = pending.pop(0)
            url = getattr(item, "url", None)
            if url is not None:
                self._urls.append(url)
            pending += getattr(item, "children", None) or []
        self._pages = nav.pages
        self._html: dict[tuple[str, ...], Markup] = {}

    def __call__(self, page: Page | None, nav: Navigation, caller: Callable[[], str]) -> Markup:
        if page is None or any(page == shown for shown in self._pages):
            return Markup(caller())
        key = tuple(normalize_url(url, page) for url in self._urls)
        html = self._html.get(key)
        if html is None:
            html = self._html[key] = Markup(caller())
        return html


def install_nav_cache(env: Environment, nav: Navigation) -> None:
    """`bulletin_nav` for overrides/partials/nav.html, which includes Material's own partial
    under the prefix `material/` (the overriding partial hides it by name)."""
    material = resources.files("material") / "templates"
    prefixed = PrefixLoader({"material": FileSystemLoader(str(material))})
    if env.loader is not None:
        env.loader = ChoiceLoader([env.loader, prefixed])
    env.globals["bulletin_nav"] = NavCache(nav)
