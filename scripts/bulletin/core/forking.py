"""Whether work may run in a forked second process, and splitting a list of work in two.

The build machine has two cores and MkDocs uses one. Work over many independent files (reading
and validating issue files, scanning them for 错敏词) can give half of its items to a forked
child: the child inherits what is loaded, and only its results are pickled back.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

WORKERS_VARIABLE = "BULLETIN_WORKERS"  # "0" turns the worker processes off (same output)

# Reading an issue file takes about 0.5 ms; forking and pickling the results back about 50 ms.
MIN_FORKED_ITEMS = 400
PR_SET_PDEATHSIG = 1  # linux/prctl.h
PARENT_POLL = 0.2  # seconds between checks where the system cannot signal a parent's death

Item = TypeVar("Item")
Result = TypeVar("Result")


def workers_allowed() -> bool:
    """Whether the environment allows worker processes (`BULLETIN_WORKERS=0` turns them off)."""
    return os.environ.get(WORKERS_VARIABLE) != "0"


def can_fork() -> bool:
    """Whether forked workers are allowed and safe here: not on Windows, not when the
    environment turns them off, and not from a process running other threads (`mkdocs serve`):
    a fork copies a lock another thread holds, and the child can hang on it for ever."""
    forking = "fork" in multiprocessing.get_all_start_methods()
    return forking and workers_allowed() and threading.active_count() == 1


def forced() -> bool:
    """Whether the environment asks for the workers even on a small column (tests do)."""
    return os.environ.get(WORKERS_VARIABLE, "") not in ("", "0")


def die_with_parent(parent: int, direct: bool = True) -> None:
    """Run first in every worker process: it dies as soon as `parent` (the build) dies, even
    by SIGKILL, so no worker outlives its build. On Linux the kernel sends the signal
    (PR_SET_PDEATHSIG); the check after it catches a parent that died before it was set.
    Elsewhere a thread of the worker watches for the parent's death. `direct` is False for a
    child of a fork server: its parent is the server, which itself exits with `parent`."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    elif direct:
        threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    if not _alive(parent, direct):
        os._exit(1)


def _alive(parent: int, direct: bool) -> bool:
    if direct:
        return os.getppid() == parent  # an orphan is adopted by another process at once
    try:
        os.kill(parent, 0)
    except ProcessLookupError:
        return False
    return True


def _exit_with(parent: int) -> None:
    while _alive(parent, True):
        time.sleep(PARENT_POLL)
    os._exit(1)


def in_two(
    work: Callable[[Sequence[Item]], list[Result]],
    items: Sequence[Item],
    minimum: int = MIN_FORKED_ITEMS,
) -> list[Result]:
    """`work(items)`, with the second half of the items done in a forked child while this
    process does the first; results in the items' order. Done here alone when there are fewer
    than `minimum` items (forking and pickling the results back would cost more) or forking
    is not possible. `work` must be picklable (a module function, or a partial of one)."""
    if len(items) < 2 or not can_fork() or (len(items) < minimum and not forced()):
        return work(items)
    middle = len(items) // 2
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        1, context, initializer=die_with_parent, initargs=(os.getpid(),)
    ) as child:
        second = child.submit(work, items[middle:])
        first = work(items[:middle])
        return first + second.result()
