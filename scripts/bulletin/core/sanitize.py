"""The allow-list every page's HTML passes through: editors paste from Word and other sites.

nh3 (Ammonia, maintained and fast) removes what is not listed: <script>, <style>, frames, forms,
event-handler attributes, and URLs other than http, https, mailto, tel and relative ones.
"""

from __future__ import annotations

import re

import nh3

from .safety import strip_controls

TAGS = set(nh3.ALLOWED_TAGS) | {"section"}
GLOBAL_ATTRIBUTES = {"class", "id", "title", "lang", "dir", "role", "tabindex"}
ATTRIBUTES = {
    "*": GLOBAL_ATTRIBUTES,
    "a": {"href", "rel", "hreflang", "download"},
    "img": {"src", "alt", "width", "height", "loading"},
    "time": {"datetime"},
    "ol": {"start", "reversed", "type"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "abbr": {"title"},
    "details": {"open"},
}
SCHEMES = {"http", "https", "mailto", "tel"}


# Python-Markdown 3.11 leaks its internal placeholders (`\x02klzzwxh:0000\x03`) into the page
# for `*a**b*` directly before code, HTML or an entity (found by tests/test_fuzz.py).
_LEAKED_PLACEHOLDER = re.compile("\x02?klzzwxh:[0-9]+\x03?")


def sanitize_html(html: str) -> str:
    """Keep only allowed tags, attributes and URL schemes; aria-* attributes are kept too.
    Control characters never reach a page, whatever produced them."""
    html = strip_controls(_LEAKED_PLACEHOLDER.sub("", html))
    return str(
        nh3.clean(
            html,
            tags=TAGS,
            attributes=ATTRIBUTES,
            generic_attribute_prefixes={"aria-"},
            url_schemes=SCHEMES,
            link_rel=None,  # no rel added to every link; editors' own rel values are kept
            filter_style_properties={"text-align"},  # tables align columns with inline style
            strip_comments=True,
        )
    )
