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
    _hits: dict[str, str] = field(default_factory=dict)

    def lookup(self, uri: str, key: str) -> bool:
        """Whether the page can be reused; remembers the key either way."""
        cached = self._pages.get(uri)
        if cached and cached[0] == key:
            self._hits[uri] = cached[1]
            return True
        self._hits.pop(uri, None)
        self._pages[uri] = (key, "")
        return False

    def reused(self, uri: str) -> str | None:
        return self._hits.get(uri)

    def store(self, uri: str, html: str) -> None:
        if uri in self._pages and uri not in self._hits:
            self._pages[uri] = (self._pages[uri][0], html)


def site_version(config_file: Path, templates: Path) -> str:
    """Changes whenever the settings or a template change: then every page is new again."""
    stamps = sorted((str(p), p.stat().st_mtime_ns) for p in templates.rglob("*") if p.is_file())
    return fingerprint(config_file.read_bytes(), stamps)


def fingerprint(*parts: object) -> str:
    """A short digest of the given values' text."""
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()
