"""The build's speed-ups change nothing in its output: issue pages converted in a forked worker
and the search index written by a child process give the very bytes of a one-process build."""

from __future__ import annotations

import filecmp
import re
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from tests.bench.corpus import write_corpus

from conftest import copy_project, issue_text, make_site


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


def preview_build(root: Path, site_dir: Path) -> BasePlugin[Any]:
    """One `mkdocs serve` build (drafts in, page reuse on), as serve runs it after each save."""
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir))
    config.site_url = "http://127.0.0.1:8000/col/"
    build(config, serve_url=config.site_url)
    plugin = config.plugins["bulletin"]
    plugin.search_task.wait()  # type: ignore[attr-defined]  # written beside the preview
    return plugin


def test_preview_rebuilds_after_edits_equal_a_fresh_preview_build(tmp_path: Path) -> None:
    site = copy_project(tmp_path / "project")
    write_corpus(site.root, 12)
    issues = sorted((site.root / "issues/2016").glob("*.md"))
    first = load_config(str(site.root / "mkdocs.yml"))
    first.plugins.on_startup(command="serve", dirty=False)
    kept = preview_build(site.root, tmp_path / "preview")
    # A title (its page, neighbours' pagers, lists), a source unit (category and source pages),
    # an article removed (counts, statistics), a new issue (numbering, archive), a deletion.
    edited = issues[5].read_text(encoding="utf-8").replace("## ", "## 修改后的", 1)
    issues[5].write_text(edited.replace("---\n", "---\ntitle: 改过的标题\n", 1), encoding="utf-8")
    assert kept is preview_build(site.root, tmp_path / "preview")  # serve keeps its plugin
    text = issues[2].read_text(encoding="utf-8").replace("来源:", "来源:新来源单位", 1)
    issues[2].write_text(text, encoding="utf-8")
    last = issues[-1].read_text(encoding="utf-8")
    issues[-1].write_text(last[: last.rindex("\n## ")] + "\n", encoding="utf-8")
    preview_build(site.root, tmp_path / "preview")
    site.write(
        "issues/2016/13.md", issue_text(13, "2016-03-28", [("新的一期", "来源:甲局", "正文")])
    )
    issues[0].unlink()
    preview_build(site.root, tmp_path / "preview")
    # A new plugin instance, as a new `mkdocs serve` would make, building the edited sources.
    MkDocsConfig.plugins.plugin_cache.clear()  # type: ignore[attr-defined]
    fresh = load_config(str(site.root / "mkdocs.yml"))
    fresh.plugins.on_startup(command="serve", dirty=False)
    assert preview_build(site.root, tmp_path / "fresh") is not kept
    assert differing_files(tmp_path / "preview", tmp_path / "fresh") == []
    for issue in (site.root / "issues/2016").glob("*.md"):  # every page whole, none skipped
        page = tmp_path / "preview/issues/2016" / str(int(issue.stem)) / "index.html"
        assert "bulletin-header" in page.read_text(encoding="utf-8")
    assert "修改后的" in (tmp_path / "preview/issues/2016/6/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("workers", ["0", "1"])
def test_warnings_from_the_page_worker_count_in_strict_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: str
) -> None:
    monkeypatch.setenv("BULLETIN_WORKERS", workers)
    site = make_site(tmp_path, validation={"absolute_links": "warn"})
    body = "见[旧网站](/old/page.html)。"
    site.write("issues/2023/01.md", issue_text(1, "2023-06-16", [("文章", "来源:甲局", body)]))
    result = site.build("--strict")
    assert result.returncode == 1
    assert "'issues/2023/01.md' contains an absolute link '/old/page.html'" in result.stderr
    assert "Aborted with 1 warnings in strict mode" in result.stderr


def test_preview_rebuild_writes_only_the_pages_an_edit_changes(tmp_path: Path) -> None:
    site = copy_project(tmp_path / "project")
    write_corpus(site.root, 12)
    preview = tmp_path / "preview"
    first = load_config(str(site.root / "mkdocs.yml"))
    first.plugins.on_startup(command="serve", dirty=False)
    preview_build(site.root, preview)

    def stamps() -> dict[str, tuple[int, int]]:
        return {
            p.relative_to(preview).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in preview.rglob("index.html")
        }

    before = stamps()
    issue = site.root / "issues/2016/06.md"
    issue.write_text(issue.read_text(encoding="utf-8").replace("## ", "## 改", 1), "utf-8")
    preview_build(site.root, preview)
    after = stamps()
    first.plugins.on_shutdown()
    assert after.keys() == before.keys()
    written = {uri for uri, stamp in after.items() if stamp != before[uri]}
    # Written: the edited issue, the lists showing its articles (their titles changed), pages
    # that list every issue (home, archive, site map) and hand-written and policy pages.
    assert {u for u in written if u.startswith("issues/")} == {"issues/2016/6/index.html"}
    groups = set(re.findall(r"来源:(\S+) \| 类别:(\S+)", issue.read_text(encoding="utf-8")))
    shown = {f"sources/{s}/index.html" for s, _ in groups}
    shown |= {f"categories/{c}/index.html" for _, c in groups}
    assert {u for u in written if u.startswith(("sources/", "categories/"))} == shown
    assert "statistics/index.html" not in written  # counts unchanged
    assert "改" in (preview / "issues/2016/6/index.html").read_text(encoding="utf-8")
    assert [p.name for p in preview.iterdir() if p.name.startswith(".")] == []


def test_preview_serves_a_hand_written_page_once_its_generated_twin_is_gone(
    tmp_path: Path,
) -> None:
    # A hand-written page at a category's address takes over when the category loses its
    # last article; the generated page reused the rebuild before must not be kept.
    site = copy_project(tmp_path / "project")
    write_corpus(site.root, 8)
    issue = site.root / "issues/2023/01.md"
    text = issue.read_text(encoding="utf-8")
    issue.write_text(text.replace("类别:督导帮扶", "类别:新类别", 1), encoding="utf-8")
    site.write("docs/categories/新类别/index.md", "# 新类别说明\n\n手写的说明页。\n")
    first = load_config(str(site.root / "mkdocs.yml"))
    first.plugins.on_startup(command="serve", dirty=False)
    preview = tmp_path / "preview"
    preview_build(site.root, preview)
    other = site.root / "issues/2016/02.md"
    other.write_text(other.read_text(encoding="utf-8") + "\n补充。\n", encoding="utf-8")
    preview_build(site.root, preview)  # the category page is reused here
    issue.write_text(text, encoding="utf-8")  # its only article leaves it: no generated page
    preview_build(site.root, preview)
    first.plugins.on_shutdown()
    page = (preview / "categories/新类别/index.html").read_text(encoding="utf-8")
    assert "手写的说明页" in page


def test_preview_pages_follow_a_hand_written_page_title_in_the_navigation(
    tmp_path: Path,
) -> None:
    site = copy_project(tmp_path / "project")
    write_corpus(site.root, 8)
    config = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    (site.root / "mkdocs.yml").write_text(  # the navigation takes the page's own title
        config.replace("  - 关于本栏目: about.md", "  - about.md"), encoding="utf-8"
    )
    first = load_config(str(site.root / "mkdocs.yml"))
    first.plugins.on_startup(command="serve", dirty=False)
    preview = tmp_path / "preview"
    preview_build(site.root, preview)
    about = site.root / "docs/about.md"
    about.write_text(about.read_text(encoding="utf-8").replace("# 关于本栏目", "# 栏目说明", 1))
    preview_build(site.root, preview)
    first.plugins.on_shutdown()
    issue_page = (preview / "issues/2016/3/index.html").read_text(encoding="utf-8")
    assert "栏目说明" in issue_page and "关于本栏目" not in issue_page
