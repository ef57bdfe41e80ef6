"""Stable, Unicode-aware anchors derived from heading text.

Python-Markdown's default slugify drops every CJK character, leaving positional ids (`_1`, `_2`)
that change when articles move; readers' bookmarks and the archive would break. Keeping the
characters makes an anchor depend on its own heading only.
"""

from __future__ import annotations

import re

from pymdownx import slugs

_EXPLICIT_ID = re.compile(r"\s*\{:?\s*#([A-Za-z][\w-]*)\s*\}\s*$")
_COUNTED = re.compile(r"^(.*)_([0-9]+)$")


def split_explicit_id(heading: str) -> tuple[str, str | None]:
    """Separate a trailing `{#id}` an editor may give from the heading text."""
    match = _EXPLICIT_ID.search(heading)
    if not match:
        return heading.strip(), None
    return heading[: match.start()].strip(), match.group(1)


_SLUGIFY = slugs.slugify(case="lower")  # the same function MkDocs' toc uses (on_config)
_INLINE_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*`]|(?<!\w)_+|_+(?!\w)")


def slugify(text: str) -> str:
    """Lower-case, drop punctuation, join words with '-'; CJK characters are kept."""
    return str(_SLUGIFY(_INLINE_MARKUP.sub(r"\1", text), "-"))


def heading_ids(titles: list[str], taken: set[str]) -> list[str]:
    """The ids Python-Markdown's toc gives headings that have none, in order: the slug, made
    unique against the ids already on the page with `_1`, `_2` as toc does."""
    used, ids = set(taken), []
    for title in titles:
        anchor = slugify(title)
        while anchor in used or not anchor:
            counted = _COUNTED.match(anchor)
            anchor = f"{counted[1]}_{int(counted[2]) + 1}" if counted else f"{anchor}_1"
        used.add(anchor)
        ids.append(anchor)
    return ids


def unique_anchor(text: str, taken: set[str], fallback: str) -> str:
    """A slug of `text` not yet in `taken` (which it joins)."""
    base = slugify(text) or fallback
    anchor, n = base, 2
    while anchor in taken:
        anchor, n = f"{base}-{n}", n + 1
    taken.add(anchor)
    return anchor
