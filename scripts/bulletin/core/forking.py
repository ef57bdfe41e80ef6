"""Whether work may run in a forked second process, and splitting a list of work in two.

The build machine has two cores and MkDocs uses one. Work over many independent files (reading
and validating issue files, scanning them for 错敏词) can give half of its items to a forked
child: the child inherits what is loaded, and only its results are pickled back.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

WORKERS_VARIABLE = "BULLETIN_WORKERS"  # "0" turns the worker processes off (same output)

# Reading an issue file takes about 0.5 ms; forking and pickling the results back about 50 ms.
MIN_FORKED_ITEMS = 400

Item = TypeVar("Item")
Result = TypeVar("Result")


def can_fork() -> bool:
    """Whether forked workers are allowed and possible here (not on Windows; not when the
    environment says `BULLETIN_WORKERS=0`)."""
    forking = "fork" in multiprocessing.get_all_start_methods()
    return forking and os.environ.get(WORKERS_VARIABLE) != "0"


def forced() -> bool:
    """Whether the environment asks for the workers even on a small column (tests do)."""
    return os.environ.get(WORKERS_VARIABLE, "") not in ("", "0")


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
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as child:
        second = child.submit(work, items[middle:])
        first = work(items[:middle])
        return first + second.result()
