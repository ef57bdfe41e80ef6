"""Stable, Unicode-aware anchors derived from heading text.

Python-Markdown's default slugify drops every CJK character, leaving positional ids (`_1`, `_2`)
that change when articles move; readers' bookmarks and the archive would break. Keeping the
characters makes an anchor depend on its own heading only.
"""

from __future__ import annotations

import re
import unicodedata

_EXPLICIT_ID = re.compile(r"\s*\{:?\s*#([A-Za-z][\w-]*)\s*\}\s*$")
_DROP = re.compile(r"[^\w\s-]", re.UNICODE)
_SPACES = re.compile(r"[\s-]+")


def split_explicit_id(heading: str) -> tuple[str, str | None]:
    """Separate a trailing `{#id}` an editor may give from the heading text."""
    match = _EXPLICIT_ID.search(heading)
    if not match:
        return heading.strip(), None
    return heading[: match.start()].strip(), match.group(1)


def slugify(text: str) -> str:
    """Lower-case, drop punctuation, join words with '-'; CJK characters are kept."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _DROP.sub("", text)
    return _SPACES.sub("-", text).strip("-_")


def unique_anchor(text: str, taken: set[str], fallback: str) -> str:
    """A slug of `text` not yet in `taken` (which it joins)."""
    base = slugify(text) or fallback
    anchor, n = base, 2
    while anchor in taken:
        anchor, n = f"{base}-{n}", n + 1
    taken.add(anchor)
    return anchor
