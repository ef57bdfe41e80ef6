"""Reading a column with its second half in a forked child gives what reading it in one
process gives: the same issues, the same problems, in the same order (core/forking.py)."""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import pytest
from tests.bench.corpus import write_corpus

from bulletin.core.column import load_column
from bulletin.core.forking import can_fork, in_two
from bulletin.core.model import Column
from bulletin.mkdocs.parallel import ForkedTask, detached
from conftest import copy_project


def tagged(items: Sequence[int]) -> list[tuple[int, int]]:
    return [(item, os.getpid()) for item in items]


def test_the_second_half_runs_in_a_child_and_order_is_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("BULLETIN_WORKERS", raising=False)
    results = in_two(tagged, list(range(10)), minimum=4)
    assert [item for item, _ in results] == list(range(10))
    pids = [pid for _, pid in results]
    assert set(pids[:5]) == {os.getpid()}
    assert len(set(pids[5:])) == 1 and pids[5] != os.getpid()


@pytest.mark.parametrize(("variable", "count"), [("0", 10), ("", 3)])
def test_no_child_when_turned_off_or_too_few(
    monkeypatch: pytest.MonkeyPatch, variable: str, count: int
) -> None:
    monkeypatch.setenv("BULLETIN_WORKERS", variable)
    assert {pid for _, pid in in_two(tagged, list(range(count)), minimum=4)} == {os.getpid()}


def test_check_reports_the_same_with_and_without_the_child(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = copy_project(tmp_path)
    write_corpus(site.root, 30)
    # Problems in both halves of the files: a bad front matter early, a 错敏词 and a broken
    # link late.
    first = site.root / "issues/2016/02.md"
    first.write_text(first.read_text(encoding="utf-8").replace("number: 2", "number: 二"), "utf-8")
    last = site.root / "issues/2023/01.md"
    text = last.read_text(encoding="utf-8")
    last.write_text(text + "\n中华人民共合国 [断链](nowhere.md)\n", "utf-8")
    outputs = []
    for workers in ("0", "1"):
        monkeypatch.setenv("BULLETIN_WORKERS", workers)
        result = site.check()
        outputs.append((result.returncode, result.stdout, result.stderr))
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == 1
    assert "issues/2016/02.md" in outputs[0][1] + outputs[0][2]
    assert "nowhere.md" in outputs[0][1] + outputs[0][2]
    assert "「中华人民共合国」 应为「中华人民共和国」" in outputs[0][1] + outputs[0][2]


def write_pid(path: Path) -> None:
    path.write_text(f"{os.getpid()} {os.getppid()}", encoding="utf-8")


def test_no_fork_from_a_threaded_process_the_work_runs_from_a_fork_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BULLETIN_WORKERS", raising=False)
    assert can_fork()
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)  # as `mkdocs serve`'s server threads
    thread.start()
    try:
        assert not can_fork()
        task = ForkedTask()
        task.start(partial(write_pid, tmp_path / "pid"))
        task.wait()
    finally:
        stop.set()
        thread.join()
    pid, parent = map(int, (tmp_path / "pid").read_text(encoding="utf-8").split())
    assert pid != os.getpid() and parent != os.getpid()  # a fork server's child, not ours


def test_the_search_index_input_pickles_however_long_the_chain_of_issues(tmp_path: Path) -> None:
    site = copy_project(tmp_path)
    write_corpus(site.root, 1200)
    loaded = load_column(site.root, Column())
    assert len(loaded.issues) == 1200 and loaded.issues[-1].previous is not None
    articles = [a for issue in loaded.issues for a in issue.articles]
    with pytest.raises(RecursionError):
        pickle.dumps(articles)  # what the fork server could not take
    copies = pickle.loads(pickle.dumps(detached(articles)))
    assert [(a.url, a.issue.label(Column()) if a.issue else "") for a in copies] == [
        (a.url, a.issue.label(Column()) if a.issue else "") for a in articles
    ]
