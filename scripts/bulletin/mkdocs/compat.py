"""Every use of a MkDocs or Material internal, in one place (issue 19).

Each is here because the public API has no way to do the same, with why beside it. Each is
used only under the versions the tests prove (`KNOWN`); under any other version, or if the
internal is gone, the caller gets the slower or noisier public behaviour, never a wrong site.
tests/test_compat.py checks every internal against the installed versions.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.pages import Page
from mkdocs.theme import Theme
from watchdog.events import (
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

# The MkDocs releases (and its fork ProperDocs, which installs the `mkdocs` package too) whose
# internals below the tests check: the 1.6 line.
KNOWN = ("1.6.",)
log = logging.getLogger("mkdocs.commands.build")  # where MkDocs reports a page it cannot read


def known_mkdocs() -> bool:
    """Whether the installed MkDocs is one whose internals the tests have checked."""
    try:
        version = metadata.version("mkdocs")
    except metadata.PackageNotFoundError:
        version = ""
    if not version.startswith(KNOWN):
        try:
            version = metadata.version("properdocs")
        except metadata.PackageNotFoundError:
            return False
    return version.startswith(KNOWN)


# Why: `mkdocs serve` builds into a fresh temporary folder it names `mkdocs_…`, and tells no
# plugin which folder that is (`on_startup` says "serve", but `--clean` builds say "build").
# Fallback: an unknown folder is staged like a build's (slower swaps, same site).
PREVIEW_PREFIX = "mkdocs_"


def is_preview_folder(site_dir: str) -> bool:
    """`mkdocs serve` builds into a fresh temporary folder (`mkdocs_…`); there is nothing to
    protect there, and the server must see each rebuild at once."""
    path = Path(site_dir)
    return (
        known_mkdocs()
        and path.name.startswith(PREVIEW_PREFIX)
        and path.parent == Path(tempfile.gettempdir())
    )


# Why: MkDocs logs this line for every page whose output is empty; a preview keeps unchanged
# pages that way (served.py) and hides some 600 such lines after one edit. The wording is
# mkdocs/commands/build.py's. Fallback: nothing is hidden (a noisier log).
def skipped_page_note(src_uri: str) -> str | None:
    """MkDocs' note about not writing a page with empty output, or None if not known."""
    if not known_mkdocs():
        return None
    return f"Page skipped: '{src_uri}'. Generated empty output."


# Why: Material prints a page's title from its first heading unescaped (`page.title` falls
# back to `_title_from_render`, set by Page.render), and a worker's conversion must hand it
# back. Fallback: the attribute is left alone (and the page worker is off, see below).
def rendered_title(page: Page) -> str | None:
    """The title MkDocs took from the page's first heading, if this MkDocs has one."""
    title = getattr(page, "_title_from_render", None)
    return title if isinstance(title, str) else None


def set_rendered_title(page: Page, title: str | None) -> None:
    """Set the title MkDocs took from the page's first heading (see rendered_title)."""
    if hasattr(page, "_title_from_render"):
        page._title_from_render = title


# Why: parallel.convert_page repeats MkDocs' own steps for one page (build._populate_page:
# events, Page.read_source, Page.render) in a worker, and puts the results on the parent's
# Page, including the private _title_from_render. Fallback: no page worker (slower).
def page_worker_supported() -> bool:
    """Whether issue pages may be converted in a worker process with this MkDocs."""
    return known_mkdocs()


# Why: MkDocs' `!relative` YAML tag (markdown_extensions options such as pymdownx.snippets'
# `base_path: !relative`) reads the page being converted from `config._current_page`, which
# build._populate_page sets around each page; the worker's conversion must set it too, and log
# a failure the way MkDocs does. Fallback: none needed, the attribute is declared on
# MkDocsConfig in every 1.6 release (`page_worker_supported` keeps the worker to those).
@contextmanager
def converting(config: MkDocsConfig, page: Page) -> Iterator[None]:
    """Around one page's conversion, as MkDocs' own page loop does it."""
    config._current_page = page
    try:
        yield
    except Exception as error:
        log.error(f"Error reading page '{page.file.src_uri}': {error}")
        raise
    finally:
        config._current_page = None


# Why: the livereload server polls every watched file twice a second and has no public way to
# be told of a change; these two attributes are its own watcher's rebuild signal.
# Fallback: None, and the caller lets MkDocs poll (edits appear up to 0.5 s later).
CHANGES = {EVENT_TYPE_CREATED, EVENT_TYPE_DELETED, EVENT_TYPE_MODIFIED, EVENT_TYPE_MOVED}


def watch_natively(server: LiveReloadServer, path: Path) -> BaseObserver | None:
    """Rebuild on changes under `path`, told by the system (inotify on Linux) rather than found
    by MkDocs' poll of every watched file each 0.5 s: a save starts the rebuild at once instead
    of 0.25 s later on average, and nothing stats 5,000 issue files twice a second.

    Uses the server's rebuild signal as its own watcher does; returns None (the caller then
    lets MkDocs poll) where there is no native watcher or the server lacks that signal."""
    condition = getattr(server, "_rebuild_cond", None)
    unknown = not known_mkdocs() or not hasattr(server, "_want_rebuild")
    if Observer is PollingObserver or condition is None or unknown:
        return None

    def changed(event: FileSystemEvent) -> None:
        # Reads are events too (opened, closed without writing): the build reads the issues.
        if event.is_directory or event.event_type not in CHANGES:
            return
        with condition:
            server._want_rebuild = True
            condition.notify_all()

    handler: Any = FileSystemEventHandler()
    handler.on_any_event = changed
    observer = Observer()
    observer.daemon = True
    observer.schedule(handler, str(path), recursive=True)
    observer.start()
    return observer


# Why: MkDocs lists Material's 14,500 template files on every rebuild and offers no hook
# between `Theme.get_env` and `env.list_templates`; both are replaced on this Theme only.
# Fallback: nothing is replaced (each preview rebuild about 0.9 s slower at 500 issues).
def remember_theme_files(theme: Theme, listings: dict[object, list[str]], version: str) -> None:
    """Make the theme's Jinja environments list its static files once per preview session.

    Every build, MkDocs lists the theme's files to copy them (`Files.add_files_from_theme`):
    Material's templates folder holds about 14,500 files (its icons), each matched against a
    dozen patterns: 0.87 s of a 4 s profiled 500-issue rebuild. The list only changes when the
    theme's folders or our templates do (`version`, from `site_version`)."""
    if not known_mkdocs() or getattr(theme.get_env, "remembers_files", False):
        return
    make_env = theme.get_env
    key = (tuple(theme.dirs), tuple(theme.static_templates), version)

    def get_env() -> Environment:
        env = make_env()
        list_all = env.list_templates

        def list_templates(extensions: Any = None, filter_func: Any = None) -> list[str]:
            if extensions is not None or filter_func is None:  # not the static-files listing
                return list_all(extensions, filter_func)
            if key not in listings:
                listings[key] = list_all(filter_func=filter_func)
            return list(listings[key])

        env.list_templates = list_templates  # type: ignore[method-assign]
        return env

    get_env.remembers_files = True  # type: ignore[attr-defined]
    theme.get_env = get_env  # type: ignore[method-assign]
