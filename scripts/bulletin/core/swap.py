"""Replacing a published folder whole, in one step: the build's `site/` (mkdocs/staging.py)
and the publish tool's `current` link (tools/publish.py) share this. A reader, or the web
server, sees the old folder or the new one, never half of either; a kill in between leaves
what `recover` puts back."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from pathlib import Path

_RENAME_EXCHANGE = 2  # linux/fs.h


def swap(new: Path, site: Path, previous: Path) -> None:
    """Make `new` the site. One atomic exchange where the system has it (Linux renameat2);
    otherwise two renames, with the old site kept as `previous` until the new one is in place,
    so `recover` can undo a kill between them."""
    if site.is_symlink() or not site.exists():
        os.replace(new, site)  # over a link (tools/publish.py's `current`) this is atomic
        return
    if _exchange(new, site):
        return  # `new` now holds the old site, which the caller removes
    remove(previous)
    os.replace(site, previous)
    try:
        os.replace(new, site)
    except OSError:
        os.replace(previous, site)
        raise
    remove(previous)


def recover(site: Path, previous: Path) -> None:
    """Put back a site a killed swap had moved aside."""
    if previous.is_dir() and not site.exists():
        os.replace(previous, site)
    remove(previous)


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


def remove(path: Path) -> None:
    """Remove a file, a link or a whole folder, if there is one."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)
