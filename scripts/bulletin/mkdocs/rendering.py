"""Composing the source of generated pages: front matter naming the template, and for issues
the Markdown body rendered from `bulletin/issue-body.md.html` (templates own the markup)."""

from __future__ import annotations

import re

import yaml
from jinja2 import Environment

from ..core.pages import PageSpec, SiteIndex

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def escape_markdown(text: str) -> str:
    """Backslash-escape what Markdown would read as markup in a value (HTML is escaped later)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def page_source(spec: PageSpec, env: Environment, index: SiteIndex) -> str:
    """Front matter naming the page's template, then its Markdown (issue bodies only)."""
    meta = yaml.safe_dump({"title": spec.title, "template": spec.template}, allow_unicode=True)
    body = ""
    if "issue" in spec.data:
        # Links in raw HTML are not rewritten by MkDocs, so they are made relative to the page.
        root = "../" * spec.uri.count("/")
        template = env.get_template("bulletin/issue-body.md.html")
        body = template.render(**spec.data, bulletin=index, root=root)
    return f"---\n{meta}---\n\n{body}"
