"""The build's speed-ups change nothing in its output: issue pages converted in a forked worker
and the search index written by a child process give the very bytes of a one-process build."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest
from tests.bench.corpus import write_corpus

from conftest import copy_project


def differing_files(left: Path, right: Path) -> list[str]:
    """Paths under two trees that are missing on one side or differ in a byte."""
    found: list[str] = []

    def walk(compared: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(prefix + n for n in compared.left_only + compared.right_only)
        found.extend(prefix + n for n in compared.funny_files)
        names = compared.common_files
        _, mismatch, errors = filecmp.cmpfiles(compared.left, compared.right, names, shallow=False)
        found.extend(prefix + n for n in mismatch + errors)
        for sub, child in compared.subdirs.items():
            walk(child, f"{prefix}{sub}/")

    walk(filecmp.dircmp(left, right), "")
    return found


def test_worker_processes_build_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trees = []
    for workers in ("0", "1"):  # off; forced on, even for a column this small
        site = copy_project(tmp_path / f"workers-{workers}")
        write_corpus(site.root, 40)  # three chunks of pages for the worker, beside the sample
        monkeypatch.setenv("BULLETIN_WORKERS", workers)
        result = site.build("--strict")
        assert result.returncode == 0, result.stderr
        trees.append(site.root / "site")
    assert len(list(trees[1].rglob("index.html"))) > 45
    assert differing_files(trees[0], trees[1]) == []
