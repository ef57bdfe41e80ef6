"""No process outlives its build: a `mkdocs build` killed with SIGKILL at any point leaves
none of its workers behind (core/forking.py's die_with_parent)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time

import pytest
from tests.bench.corpus import write_corpus

from conftest import Site, copy_project
from processes import left_after, marked, marked_env


@pytest.fixture(scope="module")
def column(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = copy_project(tmp_path_factory.mktemp("killed"))
    write_corpus(site.root, 120)
    return site


# Points of a build: validating the issue files (a reading child), converting pages (the page
# worker and the search index child), and after the last page (waiting for the index).
POINTS = [".site.staging", ".site.staging/issues/2016/1/index.html", ".site.staging/sitemap.xml"]


@pytest.mark.parametrize("point", POINTS)
def test_a_build_killed_at_any_point_leaves_no_process(column: Site, point: str) -> None:
    env = {**marked_env(), "BULLETIN_WORKERS": "1"}
    shutil.rmtree(column.root / ".site.staging", ignore_errors=True)  # the previous kill's
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=column.root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    target = column.root / point
    most = 0
    deadline = time.monotonic() + 120
    while not target.exists() and process.poll() is None and time.monotonic() < deadline:
        most = max(most, len(marked(env)))
        time.sleep(0.01)
    assert process.poll() is None, "the build ended before it could be killed"
    if point != POINTS[0]:
        assert most > 1  # the build had its workers when it was killed
    process.kill()
    process.wait()
    assert left_after(env, 6) == []
