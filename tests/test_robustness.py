"""Issue #12: hostile input never hangs, never ends in a traceback, never publishes a file from
outside the project, and never destroys the published site. One regression test per example
of the robustness run; in-process against the core (the one `check_site` that `bulletin check`
and the build both call) where possible, end to end for the build's own behaviour."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from bulletin.core.checking import check_site
from bulletin.core.model import Column
from bulletin.core.pages import build_index, generated_pages
from bulletin.core.problems import Problem, errors_in
from bulletin.core.slugs import MAX_SLUG_BYTES, group_slug
from conftest import PROJECT, Site, issue_text, make_site
from processes import left_after, marked_env
from test_government import POLICY

# Seconds a refusal or a render may take: a tenth of that on a quiet machine, but the test
# machine is shared; the hangs this guards against took minutes.
QUICK = 10
BOMB = '["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'


def alias_bomb(key: str) -> str:
    """Billion laughs, ten levels, as the value of `key` (the anchors above it)."""
    lines = [f"l0: &l0 {BOMB}"]
    for level in range(1, 10):
        lines.append(f"l{level}: &l{level} [" + ",".join([f"*l{level - 1}"] * 10) + "]")
    lines.append(f"{key}: *l9")
    return "\n".join(lines)


def write(root: Path, relative: str, content: str | bytes) -> Path:
    return Site(root).write(relative, content)


def errors(root: Path) -> list[Problem]:
    """The errors the core finds in `root` (drafts included, as `bulletin check` reads it),
    after running both commands on it: `bulletin check` and `mkdocs build` each fail and print
    every one of them, or, when there are none, both succeed (and the build writes the site)."""
    docs = root / "docs"
    docs.mkdir(exist_ok=True)
    found = errors_in(check_site(root, Column(), docs, include_drafts=True).problems)
    site = commands_project(root)
    checked, built = site.check(), site.build()
    report = f"check:\n{checked.stdout}{checked.stderr}\nbuild:\n{built.stderr}"
    assert (checked.returncode, built.returncode) == ((1, 1) if found else (0, 0)), report
    for problem in found:  # the contract's form: a relative path and a Chinese message
        assert problem.format() in checked.stdout + checked.stderr, report
        assert f"ERROR   -  bulletin: {problem.format()}" in built.stderr, report
        assert not problem.path.startswith("/") and any(
            "\u4e00" <= c <= "\u9fff" for c in problem.message
        )
    assert found or (root / "site/archive/index.html").is_file()  # a generated page
    return found


def commands_project(root: Path) -> Site:
    """`root` as a project the commands run in: the plugin with its default settings (the
    `Column()` the core was given) and the project's templates beside any the test wrote."""
    if not (root / "mkdocs.yml").exists():
        theme = {"name": "material", "custom_dir": "overrides", "language": "custom"}
        settings = {"site_name": "测试专栏", "theme": {**theme, "font": False}}
        settings |= {"plugins": ["bulletin"], "markdown_extensions": ["attr_list", "tables"]}
        write(root, "mkdocs.yml", yaml.safe_dump(settings, allow_unicode=True))
    keep = lambda source, target: None if Path(target).exists() else shutil.copy2(source, target)  # noqa: E731
    shutil.copytree(
        PROJECT / "overrides", root / "overrides", copy_function=keep, dirs_exist_ok=True
    )
    return Site(root)


def one_error(root: Path, path: str, line: int | None, field: str | None, words: str) -> None:
    found = errors(root)
    matching = [
        p for p in found if (p.path, p.line, p.field) == (path, line, field) and words in p.message
    ]
    assert matching, [p.format() for p in found]


def issue_with(*, body: str = "正文。", **fields: str) -> str:
    return issue_text(1, "2023-06-16", [("动态", None, body)], None, **fields)


# Hangs: an alias bomb in any front-matter value; 1,000 nested lists in a body.


@pytest.mark.parametrize("where", ["issue", "policy"])
def test_alias_bomb_is_refused_at_once_without_expanding(tmp_path: Path, where: str) -> None:
    if where == "issue":
        header = issue_with().split("\n")
        text = "\n".join([header[0], alias_bomb("summary"), *header[1:]])
        path = write(tmp_path, "issues/2023/01.md", text)
    else:
        path = write(
            tmp_path,
            "docs/policies/p.md",
            POLICY.replace("---\n", f"---\n{alias_bomb('title')}\n", 1),
        )
    start = time.monotonic()
    found = errors(tmp_path)
    assert time.monotonic() - start < QUICK
    relative = path.relative_to(tmp_path).as_posix()
    assert [(p.path, p.line, p.field) for p in found] == [(relative, 2, "l0")]
    assert "别名" in found[0].message and len(found[0].format()) < 200


@pytest.mark.parametrize(
    "body",
    [
        "- " * 1000 + "深",
        "1. " * 1000 + "深",
        "\n".join("    " * i + "- 层" for i in range(300)),
        "> " * 1000 + "深",
    ],
    ids=["bullets", "ordered", "indented", "quotes"],
)
def test_deeply_nested_lists_are_refused_before_markdown(tmp_path: Path, body: str) -> None:
    write(tmp_path, "issues/2023/01.md", issue_with(body="正文。\n\n" + body))
    start = time.monotonic()
    line = 14 + (20 if body.startswith("- 层") else 0)  # indented: the 21st level
    one_error(tmp_path, "issues/2023/01.md", line, "正文", "嵌套")
    assert time.monotonic() - start < QUICK


def test_nested_emphasis_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "issues/2023/01.md", issue_with(body="**强 " * 1000 + "调"))
    one_error(tmp_path, "issues/2023/01.md", 12, "正文", "强调标记")
    write(tmp_path, "issues/2023/01.md", issue_with(body="*" * 1000 + "调" + "*" * 1000))
    one_error(tmp_path, "issues/2023/01.md", 12, "正文", "强调标记")


def test_html_nested_deeply_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "issues/2023/01.md", issue_with(body="<div markdown>\n" * 1000 + "x"))
    one_error(tmp_path, "issues/2023/01.md", 12 + 40, "正文", "HTML 元素嵌套")


# Tracebacks instead of messages.


def test_a_folder_named_like_an_issue_or_a_policy(tmp_path: Path) -> None:
    (tmp_path / "issues/2023/04.md").mkdir(parents=True)
    (tmp_path / "docs/policies/folder.md").mkdir(parents=True)
    found = {(p.path, p.message) for p in errors(tmp_path)}
    assert ("issues/2023/04.md", "这是一个文件夹，不是文件：请改名或移走") in found
    assert ("docs/policies/folder.md", "这是一个文件夹，不是文件：请改名或移走") in found


@pytest.mark.parametrize("target", ["nowhere.md", "05.md"], ids=["dangling", "loop"])
def test_a_symlink_named_like_an_issue(tmp_path: Path, target: str) -> None:
    (tmp_path / "issues/2023").mkdir(parents=True)
    (tmp_path / "issues/2023/05.md").symlink_to(target)
    assert [(p.path, p.line, "符号链接" in p.message) for p in errors(tmp_path)] == [
        ("issues/2023/05.md", None, True)
    ]


def test_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    (tmp_path / "issues/2023").mkdir(parents=True)
    os.mkfifo(tmp_path / "issues/2023/06.md")
    assert [p.path for p in errors(tmp_path)] == ["issues/2023/06.md"]


def test_long_source_and_category_names_get_bounded_stable_unique_slugs(tmp_path: Path) -> None:
    long_unit = "市应急管理局" * 60  # 360 characters, 1,080 bytes: no file system takes it
    articles = [
        ("甲", f"来源:{long_unit}甲 | 类别:{'督导' * 150}", "正文。"),
        ("乙", f"来源:{long_unit}乙 | 类别:{'督导' * 150}二", "正文。"),
        ("丙", "来源:...", "正文。"),
    ]
    write(tmp_path, "issues/2023/01.md", issue_text(1, "2023-06-16", articles))
    assert errors(tmp_path) == []
    site = check_site(tmp_path, Column(), tmp_path / "docs", include_drafts=False)
    index = build_index(site.loaded)
    slugs = [g.slug for g in index.sources + index.categories]
    assert len(set(slugs)) == len(slugs) == 5
    for spec in generated_pages(index):
        assert all(len(part.encode()) <= 255 for part in spec.uri.split("/")), spec.uri
    assert all(len(s.encode()) <= MAX_SLUG_BYTES for s in slugs)
    assert any(s.startswith("市应急管理局市应急管理局") for s in slugs)  # still readable
    again = build_index(check_site(tmp_path, Column(), tmp_path / "docs", False).loaded)
    assert [g.slug for g in again.sources] == [g.slug for g in index.sources]  # stable


def test_group_slugs_do_not_depend_on_order() -> None:
    a, b = "单位" * 100 + "甲", "单位" * 100 + "乙"
    first = (group_slug(a, set()), group_slug(b, set()))
    taken: set[str] = set()
    assert (group_slug(b, taken), group_slug(a, taken))[::-1] == first
    assert group_slug("!!!", set()).startswith("g-")
    same: set[str] = set()
    assert group_slug("A B", same) != group_slug("a-b", same)


@pytest.mark.parametrize(
    ("day", "words"), [("0001-01-01", "超出合理范围"), ("9999-12-31", "超出合理范围")]
)
def test_dates_no_page_can_carry_are_refused(tmp_path: Path, day: str, words: str) -> None:
    write(tmp_path, "issues/2023/01.md", issue_text(1, day))
    one_error(tmp_path, "issues/2023/01.md", 3, "date", words)
    write(tmp_path, "docs/policies/p.md", POLICY.replace("written: 2021-05-12", f"written: {day}"))
    one_error(tmp_path, "docs/policies/p.md", 7, "written", words)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (r'"第一期\ud800"', "转义"),
        (r'"第一期\x01"', "U+0001"),
        (r'"\x85"', "U+0085"),
        (r'"a\0b"', "U+0000"),
    ],
    ids=["lone-surrogate", "x01", "nel", "nul"],
)
@pytest.mark.parametrize("key", ["title", "summary"])
def test_yaml_escaped_control_characters_are_refused(
    tmp_path: Path, key: str, value: str, words: str
) -> None:
    write(tmp_path, "issues/2023/01.md", issue_with(**{key: value}))
    one_error(tmp_path, "issues/2023/01.md", 8, key, words)


@pytest.mark.parametrize(
    ("char", "name"), [("\x00", "U+0000"), ("\x0b", "U+000B"), ("\x1b", "U+001B")]
)
def test_raw_control_characters_are_refused_in_chinese_on_their_line(
    tmp_path: Path, char: str, name: str
) -> None:
    write(
        tmp_path,
        "issues/2023/01.md",
        issue_with(title=f"标题{char}").replace("正文。", f"正文{char}。"),
    )
    found = errors(tmp_path)
    assert [(p.line, name in p.message, "控制字符" in p.message) for p in found] == [
        (8, True, True),
        (13, True, True),
    ]
    write(tmp_path, "docs/about.md", f"# 关于\n\n第三行{char}\n")
    assert ("docs/about.md", 3) in {(p.path, p.line) for p in errors(tmp_path)}


def test_character_references_to_controls_are_refused(tmp_path: Path) -> None:
    write(tmp_path, "issues/2023/01.md", issue_with(body="正文&#1;与&#x0B;"))
    one_error(tmp_path, "issues/2023/01.md", 12, None, "「&#1;」")


def test_yaml_errors_are_explained_in_chinese(tmp_path: Path) -> None:
    write(tmp_path, "issues/2023/01.md", "---\nnumber: 1\ntitle: @张三\n---\n")
    one_error(tmp_path, "issues/2023/01.md", 3, "title", "不能以 @")
    write(tmp_path, "issues/2023/01.md", "---\nnumber: 1\ntags: [a, b\nsource: x\n---\n")
    one_error(tmp_path, "issues/2023/01.md", 3, "tags", "右方括号")


def test_huge_files_and_values_are_refused(tmp_path: Path) -> None:
    write(tmp_path, "issues/2023/01.md", issue_with(summary="长" * 20_000))
    one_error(tmp_path, "issues/2023/01.md", 8, "summary", "值过长")
    write(tmp_path, "issues/2023/01.md", issue_with(body="大" * 1_000_000))
    one_error(tmp_path, "issues/2023/01.md", None, None, "过大")


@pytest.mark.parametrize(
    "body",
    [
        f"[附件]({'长' * 100}.pdf) ![图]({'a' * 300}.png)",
        f"[上一期]({'a/' * 3000}b.md)",
        f"![图]({'a/' * 3000}b.png)",
        f"[r]: {'a/' * 3000}b.png\n\n![图][r]",
    ],
    ids=["long-name", "long-link-path", "long-image-path", "long-definition"],
)
def test_a_link_too_long_for_any_file_system(tmp_path: Path, body: str) -> None:
    write(tmp_path, "issues/2023/01.md", issue_with(body=body))
    one_error(tmp_path, "issues/2023/01.md", 12, "正文", "路径过长")


# Files outside the project.


def test_an_image_that_is_a_symlink_out_of_the_project_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "issues/2023/01.md", issue_with(body="![现场照片](photo.png)"))
    (tmp_path / "issues/2023/photo.png").symlink_to("/etc/passwd")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/secret.txt").symlink_to("/etc/passwd")
    found = [(p.path, "符号链接" in p.message) for p in errors(tmp_path)]
    # The link itself, and the issue that would publish it.
    assert found == [
        ("docs/secret.txt", True),
        ("issues/2023/01.md", False),
        ("issues/2023/photo.png", True),
    ]


# Wrong verdicts.


def test_a_link_to_a_missing_issue_gets_the_same_verdict_from_check_and_build(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        "issues/2023/01.md",
        issue_text(1, "2023-06-16", [("动态", None, "见[第99期](99.md)。")], draft="true"),
    )
    errors(tmp_path)


def test_a_draft_with_a_taken_number_gets_the_same_verdict_from_check_and_build(
    tmp_path: Path,
) -> None:
    write(tmp_path, "issues/2023/01.md", issue_text(1, "2023-06-16"))
    write(tmp_path, "issues/2023/1.md", issue_text(1, "2023-06-18", draft="true"))
    errors(tmp_path)


def test_an_attribute_list_cannot_send_an_image_elsewhere(tmp_path: Path) -> None:
    write(tmp_path, "issues/2023/a.png", b"\x89PNG\r\n\x1a\n")
    write(
        tmp_path,
        "issues/2023/01.md",
        issue_with(body='![现场](a.png){: src="https://cdn.example.com/x.png" }'),
    )
    assert [("外部网址" in p.message) for p in errors(tmp_path)] == [True]


REFUSED, PASSES = True, False


@pytest.mark.parametrize(
    ("body", "refused"),
    [
        ("![][ref]\n\n[ref]: a.png", REFUSED),
        ('![][REF ]\n\n[ref]: <a.png> "题注"', REFUSED),
        ("正文\n![](a.png\n)", REFUSED),
        ("正文 ![\n](a.png)", REFUSED),
        ('<img\nsrc="a.png">', REFUSED),
        ('<p><img src="a.png"\n     alt=""></p>', REFUSED),
        ("![&#32;](a.png)", REFUSED),
        ('<img src="a.png" alt="&nbsp;">', REFUSED),
        ("![\u200b](a.png)", REFUSED),
        ("<script>x</script>![&#x41;](a.png)", REFUSED),  # found by the fuzz tests
        ("<script>x</script>![&amp;图](a.png)", PASSES),
        ('![现场](a.png){: alt="" }', REFUSED),  # attr_list replaces the alt text
        ("![现场][ref]{alt=}\n\n[ref]: a.png", REFUSED),
        ("![现场](a.png){: .wide }", PASSES),
        ("![现场照片][ref]\n\n[ref]: a.png", PASSES),
        ("![现场照片]\n\n[现场照片]: a.png", PASSES),
        ('<img src="a.png"\n  alt="现场">', PASSES),
        ("![][nodef]", PASSES),  # no definition: Markdown prints the text, there is no image
    ],
)
def test_images_without_alt_are_refused_in_every_form(
    tmp_path: Path, body: str, refused: bool
) -> None:
    write(tmp_path, "issues/2023/a.png", b"\x89PNG\r\n\x1a\n")
    write(tmp_path, "issues/2023/01.md", issue_with(body=body))
    found = [(p.field, "替代文字" in p.message) for p in errors(tmp_path)]
    assert found == ([("图片", True)] if refused else [])
    if not refused:  # the image found by reference or across lines is published with the issue
        loaded = check_site(tmp_path, Column(), tmp_path / "docs", include_drafts=False).loaded
        assert [a.reference for a in loaded.issues[0].assets] == (
            [] if "nodef" in body else ["a.png"]
        )


# End to end: what only the build itself can show. A few, as each costs a build.


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def old_site(root: Path) -> dict[str, str]:
    """A published site with a few pages, as a previous build left it."""
    for relative in ("index.html", "issues/2023/1/index.html", "feed.xml", "assets/x.css"):
        write(root / "site", relative, f"旧网站 {relative}\n" * 50)
    return snapshot(root / "site")


def test_a_build_killed_in_the_middle_leaves_the_old_site_intact(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    for number in range(1, 201):  # enough pages that the build is still writing when killed
        articles = [(f"第{number}期动态{n}", f"来源:单位{n}", "正文。" * 200) for n in range(5)]
        site.write(f"issues/2023/{number:03d}.md", issue_text(number, "2023-06-16", articles))
    before = old_site(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=(env := marked_env()),
    )
    staging = tmp_path / ".site.staging"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (staging / "issues/2023/5/index.html").exists():
        assert process.poll() is None, "the build ended before it could be killed"
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert (staging / "issues/2023/5/index.html").exists()  # killed while writing pages
    assert snapshot(tmp_path / "site") == before
    assert left_after(env, 6) == []  # its page worker and search child died with it


def test_a_build_that_crashes_after_writing_leaves_the_old_site_and_a_good_one_replaces_it(
    tmp_path: Path,
) -> None:
    site = make_site(tmp_path)
    site.write("issues/2023/01.md", issue_text(1, "2023-06-16"))
    before = old_site(tmp_path)
    site.write("issues/2023/03.md", issue_text(3, "2023-06-18"))  # a gap: a warning
    result = site.build("--strict")  # fails after every page is written, on the warning
    assert result.returncode != 0 and "Aborted" in result.stdout + result.stderr
    assert snapshot(tmp_path / "site") == before
    (tmp_path / "issues/2023/03.md").unlink()
    config = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    # A crash after every page is written, the last moment before the site would be replaced.
    site.write("crash.py", "def on_post_build(config):\n    raise RuntimeError('崩溃')\n")
    site.write("mkdocs.yml", config + "hooks: [crash.py]\n")
    result = site.build()
    assert result.returncode != 0 and "崩溃" in result.stderr
    assert snapshot(tmp_path / "site") == before
    site.write("mkdocs.yml", config)
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/issues/2023/1/index.html").is_file()
    assert not (tmp_path / "site/assets/x.css").exists()  # replaced whole, not merged
    assert not (tmp_path / ".site.staging").exists()


def test_build_refuses_a_symlinked_image_and_publishes_nothing_of_its_target(
    tmp_path: Path,
) -> None:
    site = make_site(tmp_path)
    site.write("issues/2023/01.md", issue_with(body="![现场照片](photo.png)"))
    (tmp_path / "issues/2023/photo.png").symlink_to("/etc/passwd")
    before = old_site(tmp_path)
    result = site.build()
    assert result.returncode != 0
    assert "issues/2023/photo.png: 不能是符号链接" in result.stderr
    assert snapshot(tmp_path / "site") == before
    secret = Path("/etc/passwd").read_bytes()[:40]
    assert not any(
        secret in p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and not p.is_symlink()
    )


def test_long_names_and_extreme_values_build_and_feed_stays_well_formed(site: Site) -> None:
    long_unit = "市应急管理局" * 60
    articles = [("动态", f"来源:{long_unit} | 类别:{'督导' * 150}", "正文。")]
    site.write("issues/2023/01.md", issue_text(1, "2023-06-16", articles,
               title="'标题 <b>&\"'", summary="'摘要\t含制表符'"))  # fmt: skip
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    ET.parse(site.root / "site/feed.xml")  # well-formed
    assert list((site.root / "site/sources").iterdir())
    assert site.check().returncode == 0


@pytest.mark.parametrize(
    "errata",
    [alias_bomb("words"), "- 不是映射", "words: [1, 2]", "words: 3", "exceptions: 5", b"\xff\xfe"],
    ids=["alias-bomb", "list", "items", "not-a-list", "exceptions", "encoding"],
)
def test_a_hostile_errata_list_is_a_message(tmp_path: Path, errata: str | bytes) -> None:
    write(tmp_path, "errata.yml", errata)
    assert all(p.path == "errata.yml" for p in errors(tmp_path))


# The swap that publishes a staged build, in-process.


def test_swap_replaces_the_site_whole_with_or_without_an_atomic_exchange(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bulletin.core import swap as staging

    site, new, previous = tmp_path / "site", tmp_path / ".site.staging", tmp_path / ".site.previous"
    write(new, "index.html", "一")
    staging.swap(new, site, previous)  # no site yet: one rename
    assert (site / "index.html").read_text(encoding="utf-8") == "一" and not new.exists()
    for exchange, text in ((True, "二"), (False, "三")):
        if not exchange:
            monkeypatch.setattr(staging, "_exchange", lambda a, b: False)
        write(new, "index.html", text)
        staging.swap(new, site, previous)
        if new.exists():
            staging.remove(new)  # what Staging.end does with the exchanged old site
        assert snapshot(site) == {"index.html": hashlib.sha256(text.encode()).hexdigest()}
        assert not previous.exists()


def test_a_kill_between_two_renames_is_undone_by_the_next_build(tmp_path: Path) -> None:
    from bulletin.core.swap import recover

    site, previous = tmp_path / "site", tmp_path / ".site.previous"
    write(previous, "index.html", "旧")  # moved aside, then killed before the new one moved in
    recover(site, previous)
    assert (site / "index.html").read_text(encoding="utf-8") == "旧" and not previous.exists()


def test_previews_are_not_staged(tmp_path: Path) -> None:
    import tempfile

    from bulletin.mkdocs.compat import is_preview_folder

    folder = tempfile.mkdtemp(prefix="mkdocs_")  # as `mkdocs serve` makes it
    try:
        assert is_preview_folder(folder)
    finally:
        os.rmdir(folder)
    assert not is_preview_folder(str(tmp_path / "site"))


def test_a_heading_of_any_length_gets_a_bounded_anchor(tmp_path: Path) -> None:
    heading = "整治" * 5_000
    write(
        tmp_path,
        "issues/2023/01.md",
        issue_text(1, "2023-06-16", [(heading, None, "正文。"), ("短标题", None, "正文。")]),
    )
    assert errors(tmp_path) == []
    issue = check_site(tmp_path, Column(), tmp_path / "docs", include_drafts=False).loaded.issues[0]
    assert len(issue.articles[0].anchor.encode()) <= 600 and issue.articles[0].anchor.startswith(
        "整治整治"
    )
    assert issue.articles[1].anchor == "短标题"  # real headings keep their whole slug


def test_file_names_with_control_characters_or_bad_bytes_are_reported_visibly(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "issues/2023"
    folder.mkdir(parents=True)
    (folder / os.fsdecode(b"\xff\x1b[31m.md")).write_text("---\n", encoding="utf-8")
    lines = [p.format() for p in errors(tmp_path)]
    assert lines and all("\\x1b[31m" in line and "\x1b" not in line for line in lines)
    assert any("文件名含有控制字符" in line for line in lines)
    assert all(line.encode("utf-8") for line in lines)  # printable whatever the terminal


FLOODS = {
    "image-openers": "![", "unclosed-links": "[", "image-parens": "![a](", "link-parens": "[a](",
    "html-images": "<img ", "html-src": "<img src=", "inline-tags": "<a ", "autolinks": "<http://",
    "targets": "](", "references": "![a]", "definitions": "[a]: ", "emphasis": "*a ",
}  # fmt: skip


@pytest.mark.parametrize("unit", FLOODS.values(), ids=FLOODS.keys())
@pytest.mark.parametrize("layout", ["one-line", "one-paragraph"])
def test_a_flood_of_markup_is_refused_or_rendered_quickly(
    tmp_path: Path, unit: str, layout: str
) -> None:
    """Python-Markdown and the line-by-line checks both rescan from each unclosed `[` or `<`:
    100,000 characters of them took minutes. Refused, or rendered, in well under a second."""
    import markdown

    separator = "" if layout == "one-line" else "\n"
    flood = separator.join([unit] * (100_000 // len(unit)))
    write(tmp_path, "issues/2023/01.md", issue_with(body=flood))
    start = time.monotonic()
    refused = errors(tmp_path)
    if not refused:
        markdown.markdown(flood, extensions=["attr_list", "md_in_html", "tables", "toc"])
    assert time.monotonic() - start < QUICK


def test_a_file_of_too_many_lines_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "issues/2023/01.md", issue_with(body="\n" * 30_000))
    one_error(tmp_path, "issues/2023/01.md", 20_000, None, "行")


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("```\n\n![](a.png)\n\n```", "替代文字"),
        ("```\n" + "<div markdown>\n" * 100 + "字\n```", "HTML 元素嵌套"),
        ("```\n" + "<li markdown>\n" * 100 + "字\n```", "HTML 元素嵌套"),
        ("`" * 3000 + "\n\n" + "- " * 100 + "字", "嵌套"),
    ],
    ids=[
        "image-between-fences",
        "nesting-between-fences",
        "items-between-fences",
        "nesting-after-backticks",
    ],
)
def test_three_backticks_hide_nothing(tmp_path: Path, body: str, words: str) -> None:
    """The site's Markdown has no fenced-code extension: what stands between ``` lines is
    rendered, so it is checked (the fuzz tests found deep nesting hidden after ```)."""
    write(tmp_path, "issues/2023/a.png", b"\x89PNG\r\n\x1a\n")
    write(tmp_path, "issues/2023/01.md", issue_with(body=body))
    assert any(words in p.message for p in errors(tmp_path))


def test_body_limits_are_reported_with_a_broken_front_matter(tmp_path: Path) -> None:
    write(tmp_path, "issues/2023/01.md", "---\nnumber: [1\n---\n\n" + "- " * 100 + "字\n")
    assert [(p.line, p.field) for p in errors(tmp_path)] == [(2, "number"), (5, "正文")]


def test_a_pasted_table_with_unclosed_cells_is_not_deep(tmp_path: Path) -> None:
    rows = "\n".join("<tr><td>单位<td>数量<td>说明" for _ in range(100))
    write(tmp_path, "issues/2023/01.md", issue_with(body=f"<table>\n{rows}\n</table>"))
    assert errors(tmp_path) == []


def test_a_line_repeating_a_wrong_form_is_scanned_in_linear_time_and_summarised(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        "errata.yml",
        "words:\n  - {wrong: 布署, right: 部署, severity: warning}\nexceptions: [布署图]\n",
    )
    write(tmp_path, "issues/2023/01.md", issue_with(body="布署图布署" * 20_000))
    start = time.monotonic()
    found = check_site(tmp_path, Column(), tmp_path / "docs", include_drafts=True).problems
    assert time.monotonic() - start < QUICK
    problems = [p for p in found if p.path == "issues/2023/01.md"]  # not the settings' warnings
    assert len(problems) == 101 and problems[-1].message == "另有 19900 处错敏词未列出"
    assert not errors_in(problems)  # warnings stay warnings


@pytest.mark.parametrize(
    ("page", "line", "field", "words"),
    [
        ("---\ntemplate: ../../../../etc/passwd\n---\n\n# 关于\n", 2, "template", "模板"),
        ("---\ntitle: 关于\ntemplate: nope.html\n---\n\n# 关于\n", 3, "template", "不存在"),
        ("Title: 关于\nTemplate: ../x.html\n\n# 关于\n", 2, "template", "模板"),
        (alias_bomb("title").join(["---\n", "\n---\n\n# 关于\n"]), 2, "l0", "别名"),
        ("---\nhide: 5\n---\n\n# 关于\n", 2, "hide", "列表"),
        ("---\nicon: ../../../etc/passwd\n---\n\n# 关于\n", 2, "icon", "图标"),
    ],
    ids=["traversal", "missing", "multimarkdown", "alias-bomb", "hide", "icon"],
)
def test_a_hand_written_page_cannot_break_the_build_with_its_front_matter(
    tmp_path: Path, page: str, line: int, field: str, words: str
) -> None:
    write(tmp_path, "docs/about.md", page)
    one_error(tmp_path, "docs/about.md", line, field, words)


def test_hand_written_pages_with_real_templates_and_loose_yaml_pass(tmp_path: Path) -> None:
    write(tmp_path, "overrides/home.html", "{% extends 'main.html' %}")
    write(tmp_path, "docs/index.md", "---\ntemplate: home.html\n---\n\n# 首页\n")
    write(
        tmp_path, "docs/a.md", "---\ntemplate: main.html\nicon: material/home\nhide: [toc]\n---\n"
    )
    write(tmp_path, "docs/b.md", "---\ntitle: [unclosed\n---\n\nMkDocs 把它当作正文。\n")
    assert errors(tmp_path) == []


@pytest.mark.parametrize("body", ["*强调**强调*`代码`", "*a**b*<b>x</b>", "*a**b*&amp;"])
def test_markdowns_leaked_placeholders_never_reach_a_page(body: str) -> None:
    """Python-Markdown 3.11 leaks `\\x02klzzwxh:0000\\x03` for these (found by the fuzz tests);
    the sanitiser every page passes through removes it."""
    import markdown

    from bulletin.core.safety import find_control
    from bulletin.core.sanitize import sanitize_html

    html = sanitize_html(markdown.markdown(body))
    assert find_control(html) is None and "klzzwxh" not in html
