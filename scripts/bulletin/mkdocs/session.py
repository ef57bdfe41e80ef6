"""The preview's collaborator: what the plugin asks about one `mkdocs serve` session."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.pages import Page
from watchdog.observers.api import BaseObserver

from ..core.model import Column, Issue
from ..core.pages import GeneratedPage
from .compat import remember_theme_files, watch_natively
from .incremental import IssueDigests, generated_key
from .preview import OutputCache, fingerprint, site_version
from .served import ServedFolder

log = get_plugin_logger(__name__)
BUILD_LOGGER = "mkdocs.commands.build"  # notes each page it does not write


class PreviewSession:
    """What one `mkdocs serve` keeps from one rebuild to the next, and its answers to the
    plugin: which pages are unchanged (their output is kept), the served folder's files, the
    native watch of the issues. `mkdocs build` has none."""

    def __init__(self, dirty: bool) -> None:
        self.output_cache = OutputCache()
        self.theme_files: dict[object, list[str]] = {}  # remember_theme_files
        self.version = ""
        self.reuse: dict[str, tuple[str, bool]] = {}  # this rebuild's answers, by page
        # `--dirty` leaves site/ as it is already; otherwise changed pages only are written.
        self.served = None if dirty else ServedFolder()
        if self.served:
            logging.getLogger(BUILD_LOGGER).addFilter(self.served)
        self.watcher: BaseObserver | None = None

    def new_build(self, config: MkDocsConfig, root: Path) -> None:
        """Before a rebuild: forget the previous one's answers; note the templates' version."""
        self.output_cache.new_build()
        folders = (root / "overrides", Path(config.docs_dir))
        self.version = site_version(Path(config.config_file_path), *folders)
        remember_theme_files(config.theme, self.theme_files, self.version)
        self.reuse = {}

    def reusable_issue(self, issue: Issue, markdown: str, column: Column) -> bool:
        """Whether an issue page is unchanged: its Markdown, its header data, its neighbours,
        the settings and the templates are what its output depends on. Asked in on_nav and
        again per page: the digest is made once (0.07 s a rebuild at 500 issues)."""
        known = self.reuse.get(issue.path)
        if known is not None and known[0] == markdown:
            return known[1]
        neighbours = [(i.url, i.title, i.label(column)) for i in (issue.previous, issue.next) if i]
        key = fingerprint(markdown, repr(issue), neighbours, column, self.version)
        reusable = self.output_cache.lookup(issue.path, key)
        self.reuse[issue.path] = (markdown, reusable)
        return reusable

    def reusable_generated(
        self, generated: GeneratedPage, page: Page, digests: IssueDigests, column: Column
    ) -> bool:
        """Whether a generated page's data is what it was at the previous rebuild."""
        key = generated_key(generated, digests, page.update_date, column, self.version)
        return key is not None and self.output_cache.lookup(page.file.src_uri, key)

    def kept(self, uri: str) -> bool:
        """Whether a page is unchanged since the previous rebuild (its file is kept)."""
        return self.output_cache.reused(uri) is not None

    def written(self, page: Page, output: str) -> str:
        """A page's output as MkDocs should write it: empty (not written) if it is kept."""
        uri = page.file.src_uri
        if self.kept(uri):
            if self.served:
                self.served.keep(uri, page.file.dest_uri)
            return ""  # MkDocs writes no empty page; its file is moved back after the build
        self.output_cache.store(uri, output)
        return output

    def finished(self) -> None:
        """After the pages: put the kept pages' files back."""
        if self.served:
            self.served.restore(self.output_cache.reused)

    def failed(self) -> None:
        """After a failed rebuild: the next one writes every page again."""
        self.output_cache = OutputCache()
        if self.served:
            self.served.discard()

    def watch(self, server: LiveReloadServer, issues: Path) -> None:
        """Rebuild when an issue file changes."""
        self.watcher = watch_natively(server, issues) if issues.is_dir() else None
        if self.watcher is None:
            server.watch(str(issues))
        else:  # MkDocs' own "Watching paths for changes" line lists only what it polls
            log.info(f"Watching '{issues.name}' for changes (专刊文件，改动后自动重新生成)")

    def end(self) -> None:
        """At the end of the serve session."""
        if self.served:
            logging.getLogger(BUILD_LOGGER).removeFilter(self.served)
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None
