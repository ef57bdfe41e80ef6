"""The commands editors and CI run: `bulletin new`, `bulletin check`, `mkdocs serve`, ProperDocs."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from conftest import PROJECT, Site, copy_project, issue_text, make_site


def test_new_writes_the_next_issue_of_this_year(site: Site) -> None:
    today = date.today()
    site.write(f"issues/{today.year}/01.md", issue_text(1, f"{today.year}-01-01", source="某某局"))
    site.write(f"issues/{today.year}/02.md", issue_text(2, f"{today.year}-01-02", source="某某局"))
    result = site.run("bulletin.tools.cli", "new")
    assert result.returncode == 0, result.stderr
    path = f"issues/{today.year}/03.md"
    assert result.stdout.strip() == path
    text = (site.root / path).read_text(encoding="utf-8")
    assert "number: 3" in text and f"date: {today.isoformat()}" in text
    assert "source: 某某局" in text and "draft: true" in text
    assert "> 编者按：" in text and "\n## " in text and "来源：" in text
    # The template itself is valid: check passes with the new draft in place.
    assert site.check().returncode == 0
    again = site.run("bulletin.tools.cli", "new")
    assert again.returncode == 0 and again.stdout.strip() == f"issues/{today.year}/04.md"


def test_new_with_a_date_starts_a_new_year_at_one(site: Site) -> None:
    site.write("issues/2023/07.md", issue_text(7, "2023-12-01"))
    result = site.run("bulletin.tools.cli", "new", "--date", "2024-01-03")
    assert result.stdout.strip() == "issues/2024/01.md"


def test_new_in_continuous_numbering_continues_the_series(tmp_path: Path) -> None:
    site = make_site(tmp_path, plugin={"numbering": "continuous"})
    site.write("issues/2023/41.md", issue_text(41, "2023-12-01"))
    result = site.run("bulletin.tools.cli", "new", "--date", "2024-01-03")
    assert result.stdout.strip() == "issues/2024/42.md"


def test_check_prints_path_line_message_and_exits_1(site: Site) -> None:
    site.write("issues/2023/01.md", issue_text(1, "2023-02-30"))
    result = site.check()
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "issues/2023/01.md:3: date: 「2023-02-30」不是真实存在的日期，应为 YYYY-MM-DD"
    )


def test_check_passes_on_the_sample_column() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bulletin.tools.cli", "check", "--strict"], cwd=PROJECT,
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout
    assert "0 处错误" in result.stderr


def test_check_reports_bad_plugin_settings(tmp_path: Path) -> None:
    site = make_site(tmp_path, plugin={"numbering": "weekly"})
    result = site.check()
    assert result.returncode == 1
    assert "plugins.bulletin.numbering" in result.stdout


def test_linkcheck_reads_site_url_and_refuses_a_missing_folder(
    sample: Site, tmp_path: Path
) -> None:
    from bulletin.tools.linkcheck import main

    config = str(sample.root / "mkdocs.yml")
    assert main([str(sample.root / "site"), "-f", config]) == 0  # /zhuanlan/ from site_url
    assert main([str(tmp_path / "nonexistent"), "/zhuanlan/"]) == 2
    with pytest.raises(SystemExit) as help_asked:
        main(["--help"])
    assert help_asked.value.code == 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def previewing(root: Path) -> Iterator[str]:
    """`mkdocs serve` of the site in `root` on a free port; its base URL (the test sites'
    site_url path, /col/). Stopped, and waited for, when the block ends."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        yield f"http://127.0.0.1:{port}/col/"
    finally:
        server.terminate()
        server.wait(timeout=10)


def fetch(url: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def wait_for(url: str, text: str, what: str) -> None:
    """Until the page at `url` shows `text` (a preview's rebuild), at most 30 s."""
    deadline = time.monotonic() + 30
    while text not in fetch(url):
        assert time.monotonic() < deadline, f"serve did not rebuild after {what} changed"
        time.sleep(0.3)


def test_serve_previews_drafts_and_rebuilds_on_issue_change(site: Site) -> None:
    site.write("issues/2023/01.md", issue_text(1, "2023-06-16"))
    draft = issue_text(2, "2023-07-01", [("预览中的草稿文章", None, "x")], None, draft="true")
    site.write("issues/2023/02.md", draft)
    with previewing(site.root) as base:
        page = fetch(base + "issues/2023/2/")
        assert "预览中的草稿文章" in page and "草稿" in page
        site.write("issues/2023/01.md", issue_text(1, "2023-06-16", [("修改后的标题", None, "x")]))
        wait_for(base + "issues/2023/1/", "修改后的标题", "an issue")
        # The unchanged page comes from the previous build's HTML, with its table of contents.
        again = fetch(base + "issues/2023/2/")
        assert 'id="预览中的草稿文章"' in again
        assert 'href="#预览中的草稿文章"' in again  # Material's table of contents
        meta = fetch(base + "search/meta.json")
        assert '"count":2' in meta  # written in the background after the rebuild


def test_serve_edit_updates_the_page_its_neighbours_and_the_lists_showing_it(site: Site) -> None:
    site.write("issues/2023/01.md", issue_text(1, "2023-06-16", [("一期文章", "来源:甲局", "x")]))
    site.write("issues/2023/02.md", issue_text(2, "2023-07-01", [("二期文章", "来源:乙局", "y")]))
    site.write("issues/2023/03.md", issue_text(3, "2023-08-01", [("三期文章", "来源:甲局", "z")]))
    with previewing(site.root) as base:
        assert "下一期" in fetch(base + "issues/2023/1/")  # names issue 2 by its title
        site.write(
            "issues/2023/02.md",
            issue_text(
                2, "2023-07-01", [("改过的二期文章", "来源:甲局", "y")], title="改过的第二期"
            ),
        )
        wait_for(base + "issues/2023/2/", "改过的二期文章", "an issue")
        assert "改过的第二期" in fetch(base + "issues/2023/1/")  # its neighbours' pager
        assert "改过的第二期" in fetch(base + "issues/2023/3/")
        assert "改过的第二期" in fetch(base + "archive/2023/")  # the year's list
        source_a = fetch(base + "sources/")
        assert "甲局</a>（3篇）" in source_a and "乙局" not in source_a  # the article moved
        unchanged = fetch(base + "issues/2023/3/")  # reused, and still whole
        assert "三期文章" in unchanged and "bulletin-qr" in unchanged


@pytest.mark.skipif(
    shutil.which("properdocs") is None, reason="properdocs is in requirements-dev.txt"
)
def test_sample_site_builds_with_properdocs(tmp_path: Path) -> None:
    copy_project(tmp_path)
    result = subprocess.run(
        ["properdocs", "build", "--strict", "-f", "mkdocs.yml"], cwd=tmp_path,
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site/issues/2023/3/index.html").read_text(encoding="utf-8")
    assert "2023年第3期" in html and 'id="工作动态"' in html
