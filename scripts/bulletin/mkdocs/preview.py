"""Making `mkdocs serve` fast after an edit: MkDocs rebuilds every page on every change, so
the plugin keeps the issue pages that did not change from the previous build of the same serve
session, and writes the search index after the pages (in a child process it can stop)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class OutputCache:
    """Whole rendered pages kept between preview builds, by a key of all they depend on.

    An issue page depends on its own Markdown, its header data, its neighbours and the site's
    configuration and templates; when none of these changed, the page is served as it was."""

    _pages: dict[str, tuple[str, str]] = field(default_factory=dict)  # uri -> (key, html)
    _pending: dict[str, str] = field(default_factory=dict)  # uri -> key, being rendered now
    _hits: dict[str, str] = field(default_factory=dict)

    def new_build(self) -> None:
        """Forget the previous rebuild's answers: a page asked about then may not be asked now
        (a generated page replaced by a hand-written one), and must not count as reused."""
        self._hits.clear()
        self._pending.clear()

    def lookup(self, uri: str, key: str) -> bool:
        """Whether the page can be reused; if not, its output will be kept under `key`.
        Asking twice in one build gives the same answer."""
        cached = self._pages.get(uri)
        if cached and cached[0] == key:
            self._hits[uri] = cached[1]
            self._pending.pop(uri, None)
            return True
        self._hits.pop(uri, None)
        self._pending[uri] = key
        return False

    def reused(self, uri: str) -> str | None:
        return self._hits.get(uri)

    def store(self, uri: str, html: str) -> None:
        key = self._pending.pop(uri, None)
        if key is not None:  # only pages rendered anew; a page is kept once it has its HTML
            self._pages[uri] = (key, html)


def site_version(config_file: Path, *folders: Path) -> str:
    """Changes whenever the settings or a file in `folders` change (the templates; the
    hand-written pages, whose titles the navigation of every page may show): then every page
    is new again."""
    stamps = sorted(
        (str(p), p.stat().st_mtime_ns) for f in folders for p in f.rglob("*") if p.is_file()
    )
    return fingerprint(config_file.read_bytes(), stamps)


def fingerprint(*parts: object) -> str:
    """A short digest of the given values' text."""
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()
