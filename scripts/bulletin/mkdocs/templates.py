"""Templates and escaping: what the theme's Jinja environment is given, how the issue page's
attribution lines are rendered outside a page template, and the escaping of editors' values
that Material would print as they are."""

from __future__ import annotations

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from markupsafe import escape
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..core.model import Article, Column
from ..core.pages import SiteIndex
from ..core.urls import url_for


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
