"""Making `mkdocs serve` fast after an edit: MkDocs rebuilds every page on every change, so
the plugin keeps what did not change from the previous build of the same serve session."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents


@dataclass
class _Rendered:
    digest: str
    html: str
    toc: TableOfContents


@dataclass
class RenderCache:
    """HTML of generated pages by their Markdown, reused when the Markdown is unchanged.

    The Markdown of a generated page holds everything its HTML depends on (the text and the
    .md link targets), so the same Markdown gives the same HTML for the same page."""

    _rendered: dict[str, _Rendered] = field(default_factory=dict)
    _reused: dict[str, _Rendered] = field(default_factory=dict)

    def before_render(self, page: Page, markdown: str) -> str:
        """Return the Markdown to render: nothing at all when the last HTML can be reused."""
        digest = hashlib.sha1(markdown.encode("utf-8")).hexdigest()
        previous = self._rendered.get(page.file.src_uri)
        if previous and previous.digest == digest:
            self._reused[page.file.src_uri] = previous
            return ""
        self._reused.pop(page.file.src_uri, None)
        self._rendered[page.file.src_uri] = _Rendered(digest, "", TableOfContents([]))
        return markdown

    def after_render(self, page: Page, html: str) -> str:
        """Give back the reused HTML and table of contents, or remember the new ones."""
        reused = self._reused.pop(page.file.src_uri, None)
        if reused:
            page.toc = reused.toc
            return reused.html
        rendered = self._rendered.get(page.file.src_uri)
        if rendered:
            rendered.html, rendered.toc = html, page.toc
        return html


@dataclass
class BackgroundTask:
    """One piece of work run after a preview build; the next build waits for it first."""

    _thread: threading.Thread | None = None

    def start(self, work: Callable[[], None]) -> None:
        self.wait()
        self._thread = threading.Thread(target=work, daemon=True)
        self._thread.start()

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
