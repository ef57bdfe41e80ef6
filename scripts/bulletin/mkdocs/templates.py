"""Templates and escaping: what the theme's Jinja environment is given, how the issue page's
attribution lines are rendered outside a page template, and the escaping of editors' values
that Material would print as they are."""

from __future__ import annotations

from functools import partial

from jinja2 import Environment
from markupsafe import escape
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..core.campaign import published_at
from ..core.model import Article, Column
from ..core.pages import SiteIndex
from ..core.urls import url_for


def set_globals(env: Environment, index: SiteIndex, column: Column) -> None:
    """The column's data and the URL table, for every template."""
    env.globals["bulletin"] = index
    env.globals["column"] = column
    env.globals["url_for"] = url_for  # the one URL table (core/urls.py); templates hold no URLs
    env.globals["published"] = partial(published_at, column=column)  # date and time of an item


def render_attribution(env: Environment, page: Page, article: Article) -> str:
    """An article's attribution line, its links relative to `page` as in a page template."""
    template = env.get_template("bulletin/attribution.html")
    return template.render(article=article, page=page, base_url=get_relative_url(".", page.url))


def escape_meta(page: Page) -> None:
    """Material's templates print page.meta values (title, description, author) unescaped;
    front matter is editors' text, so every string value is escaped once, here."""
    for key, value in page.meta.items():
        if isinstance(value, str) and key != "template":
            page.meta[key] = escape(value)
