"""Stable, Unicode-aware anchors derived from heading text.

Python-Markdown's default slugify drops every CJK character, leaving positional ids (`_1`, `_2`)
that change when articles move; readers' bookmarks and the archive would break. Keeping the
characters makes an anchor depend on its own heading only.
"""

from __future__ import annotations

import hashlib
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
    """A slug of `text` not yet in `taken` (which it joins). Headings of any real length keep
    their whole slug; a pathological one is cut, ending in a digest of the full text."""
    base = _bounded(slugify(text), text, MAX_ANCHOR_BYTES) or fallback
    anchor, n = base, 2
    while anchor in taken:
        anchor, n = f"{base}-{n}", n + 1
    taken.add(anchor)
    return anchor


MAX_SLUG_BYTES = 96  # a URL path segment and a folder name: well under file systems' 255 bytes
MAX_ANCHOR_BYTES = 600  # an article id: 200 Chinese characters, longer than any real heading
_HASH_CHARS = 8


def group_slug(name: str, taken: set[str]) -> str:
    """A folder-safe slug for a category or source page: readable (the name's own slug) when
    short enough, else cut and ended with a digest of the whole name, so it stays stable across
    builds and distinct from other long names that start alike. Joins `taken`."""
    digest = _digest(name)
    base = _bounded(slugify(name).strip("."), name, MAX_SLUG_BYTES) or f"g-{digest}"
    slug, n = base, 2
    if slug in taken:  # two names with one slug: the digest tells them apart, in any order
        slug = f"{_cut(base, MAX_SLUG_BYTES - _HASH_CHARS - 1)}-{digest}"
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH_CHARS]


def _bounded(slug: str, text: str, limit: int) -> str:
    """`slug` if it fits in `limit` UTF-8 bytes, else its longest prefix that leaves room for
    a digest of the whole `text`, and the digest."""
    if len(slug.encode("utf-8")) <= limit:
        return slug
    return f"{_cut(slug, limit - _HASH_CHARS - 1).rstrip('-_')}-{_digest(text)}"


def _cut(text: str, limit: int) -> str:
    """The longest prefix of `text` whose UTF-8 form fits in `limit` bytes."""
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore")
