"""Publishing a build all at once: MkDocs writes into a staging folder beside `site/`, and only a
build that finished without error replaces `site/`, by exchanging the two folders.

MkDocs cleans `site_dir` before writing and writes page by page, so a build that fails or is
killed half-way would otherwise leave no site, or half of one. With staging, a failure, a
crash or a kill leaves the previous `site/` exactly as it was; the leftover staging folder is
removed by the next build.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError

from .compat import is_preview_folder

_RENAME_EXCHANGE = 2  # linux/fs.h


class Staging:
    """The staging folder of one `mkdocs build`, and the swap that publishes it."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.config = config
        self.site = Path(config.site_dir)
        self.folder = self.site.with_name(f".{self.site.name}.staging")
        self.previous = self.site.with_name(f".{self.site.name}.previous")
        self.finished = False
        self.failed = False

    def begin(self) -> str:
        """Empty the staging folder (a killed build may have left one) and return its path."""
        recover(self.site, self.previous)
        _remove(self.folder)
        self.folder.mkdir(parents=True)
        return str(self.folder)

    def end(self) -> None:
        """Publish the staging folder if the build finished and nothing failed; else drop it."""
        self.config.site_dir = str(self.site)  # `mkdocs gh-deploy` publishes from it next
        try:
            if self.finished and not self.failed and self.folder.is_dir():
                swap(self.folder, self.site, self.previous)
            _remove(self.folder)
        except OSError as error:
            message = f"网站已生成，但无法替换 {self.site.name}/（原网站未改动）：{error}"
            raise Abort(message) from error


def stage(config: MkDocsConfig, previewing: bool) -> Staging | None:
    """Point MkDocs at a staging folder for this build (not for a preview)."""
    if previewing or is_preview_folder(config.site_dir):
        return None
    staging = Staging(config)
    try:
        config.site_dir = staging.begin()
    except OSError as error:
        raise PluginError(f"无法准备生成目录 {staging.folder}：{error}") from error
    return staging


def swap(new: Path, site: Path, previous: Path) -> None:
    """Make `new` the site. One atomic exchange where the system has it (Linux renameat2);
    otherwise two renames, with the old site kept as `previous` until the new one is in place,
    so `recover` can undo a kill between them."""
    if not site.exists():
        os.replace(new, site)
        return
    if _exchange(new, site):
        return  # `new` now holds the old site, which the caller removes
    _remove(previous)
    os.replace(site, previous)
    try:
        os.replace(new, site)
    except OSError:
        os.replace(previous, site)
        raise
    _remove(previous)


def recover(site: Path, previous: Path) -> None:
    """Put back a site a killed swap had moved aside."""
    if previous.is_dir() and not site.exists():
        os.replace(previous, site)
    _remove(previous)


def _exchange(a: Path, b: Path) -> bool:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError, TypeError):
        return False
    at_cwd = -100  # AT_FDCWD
    # On any failure (a kernel or file system without the exchange, among others) the
    # two-rename path runs, and reports a real error itself.
    return bool(renameat2(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), _RENAME_EXCHANGE) == 0)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)
