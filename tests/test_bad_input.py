"""Contract section 4: every kind of bad input fails both `mkdocs build` and `bulletin check`,
naming the file (relative to the project root), the line, the field, and what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Site, issue_text, make_site

GOOD = issue_text(1, "2023-06-16")


def bad_cases() -> list[tuple[str, str, str | bytes, int | None, str]]:
    """(case id, file, content, expected line, expected words in the message)."""
    return [
        (
            "missing-number",
            "issues/2023/01.md",
            issue_text(1, "2023-06-16", number=None),
            1,
            "number",
        ),
        (
            "number-not-integer",
            "issues/2023/01.md",
            issue_text(1, "2023-06-16", number="一"),
            2,
            "期号应为",
        ),
        ("number-zero", "issues/2023/00.md", issue_text(0, "2023-06-16"), 2, "不小于 1"),
        (
            "impossible-date",
            "issues/2023/01.md",
            issue_text(1, "2023-13-01"),
            3,
            "不是真实存在的日期",
        ),
        ("date-format", "issues/2023/01.md", issue_text(1, "2023年6月16日"), 3, "YYYY-MM-DD"),
        ("missing-date", "issues/2023/01.md", issue_text(1, "x", date=None), 1, "date"),
        (
            "missing-source",
            "issues/2023/01.md",
            issue_text(1, "2023-06-16", source=None),
            1,
            "信息来源",
        ),
        (
            "missing-editor",
            "issues/2023/01.md",
            issue_text(1, "2023-06-16", editor=None),
            1,
            "初审",
        ),
        (
            "missing-reviewer",
            "issues/2023/01.md",
            issue_text(1, "2023-06-16", reviewer=None),
            1,
            "复审",
        ),
        (
            "missing-approver",
            "issues/2023/01.md",
            issue_text(1, "2023-06-16", approver=None),
            1,
            "终审",
        ),
        (
            "draft-not-boolean",
            "issues/2023/01.md",
            issue_text(1, "2023-06-16", draft="是"),
            8,
            "true 或 false",
        ),
        (
            "tags-not-list",
            "issues/2023/01.md",
            issue_text(1, "2023-06-16", tags="{a: 1}"),
            8,
            "tags",
        ),
        (
            "bad-yaml",
            "issues/2023/01.md",
            "---\nnumber: 1\ndate: [2023\n---\n\n## 标题\n",
            3,
            "YAML",
        ),
        ("no-front-matter", "issues/2023/01.md", "## 标题\n\n正文\n", 1, "前置信息"),
        ("unclosed-front-matter", "issues/2023/01.md", "---\nnumber: 1\n", 1, "结束行"),
        (
            "image-without-alt",
            "issues/2023/01.md",
            issue_text(1, "2023-06-16", [("动态", None, "正文\n\n![](a.png)")]),
            16,
            "替代文字",
        ),
        (
            "image-missing",
            "issues/2023/01.md",
            issue_text(1, "2023-06-16", [("动态", None, "![现场照片](none.png)")]),
            14,
            "不存在",
        ),
        (
            "external-image",
            "issues/2023/01.md",
            issue_text(1, "2023-06-16", [("动态", None, "![现场](https://cdn.example.com/a.png)")]),
            14,
            "外部网址",
        ),
        (
            "html-image-without-alt",
            "issues/2023/01.md",
            issue_text(1, "2023-06-16", [("动态", None, '<img src="a.png">')]),
            14,
            "替代文字",
        ),
        (
            "bad-attribution",
            "issues/2023/01.md",
            issue_text(1, "2023-06-16", [("动态", "来源 市工作专班", "正文")]),
            14,
            "来源行格式",
        ),
        ("wrong-folder", "issues/01.md", GOOD, None, "issues/<年份>/<期号>.md"),
        ("name-mismatch", "issues/2023/05.md", GOOD, 2, "与文件名"),
        ("year-mismatch", "issues/2022/01.md", GOOD, 3, "2022 年目录"),
        ("gbk-encoding", "issues/2023/01.md", GOOD.encode("gbk"), 4, "UTF-8"),
    ]


@pytest.mark.parametrize(
    ("relative", "content", "line", "words"),
    [case[1:] for case in bad_cases()],
    ids=[case[0] for case in bad_cases()],
)
def test_bad_input_fails_build_and_check(
    tmp_path: Path, relative: str, content: str | bytes, line: int | None, words: str
) -> None:
    site = make_site(tmp_path)
    site.write(relative, content)
    site.write("docs/keep.md", "# 旧网站\n")
    (tmp_path / "site").mkdir()
    (tmp_path / "site/old.html").write_text("old")
    where = f"{relative}:{line}:" if line else f"{relative}:"
    for result in (site.build(), site.check()):
        assert result.returncode != 0
        output = result.stdout + result.stderr
        matching = [row for row in output.splitlines() if where in row and words in row]
        assert matching, output
    # No partial site: the previous output is left as it was.
    assert (tmp_path / "site/old.html").read_text() == "old"
    assert not (tmp_path / "site/index.html").exists()


def problems_of(site: Site) -> str:
    result = site.check()
    return result.stdout


def test_duplicate_number_names_both_files(site: Site) -> None:
    site.write("issues/2023/01.md", issue_text(1, "2023-06-16"))
    site.write("issues/2023/1.md", issue_text(1, "2023-06-18"))
    for result in (site.build(), site.check()):
        assert result.returncode != 0
        out = result.stdout + result.stderr
        assert "issues/2023/1.md:2: number: 期号 1 与 issues/2023/01.md 重复" in out


def test_number_dated_before_its_predecessor(site: Site) -> None:
    site.write("issues/2023/01.md", issue_text(1, "2023-06-16"))
    site.write("issues/2023/02.md", issue_text(2, "2023-06-01"))
    for result in (site.build(), site.check()):
        assert result.returncode != 0
        assert "issues/2023/02.md:3: date: 第2期的日期 2023-06-01 早于第1期" in (
            result.stdout + result.stderr
        )


def test_gap_is_a_warning_and_an_error_when_strict(site: Site) -> None:
    site.write("issues/2023/01.md", issue_text(1, "2023-06-16"))
    site.write("issues/2023/03.md", issue_text(3, "2023-07-16"))
    message = "issues/2023/03.md:2: 警告: number: 期号不连续：缺少第2期"
    loose, strict = site.build(), site.build("--strict")
    assert loose.returncode == 0 and message in loose.stderr
    assert strict.returncode != 0 and message in strict.stderr
    assert site.check().returncode == 0 and message in site.check().stdout
    assert site.check("--strict").returncode == 1


def test_all_problems_are_listed_at_once(site: Site) -> None:
    site.write("issues/2023/01.md", issue_text(1, "2023-13-01", approver=None))
    site.write("issues/2023/02.md", issue_text(2, "2023-06-16", source=None))
    out = site.build().stderr
    assert "issues/2023/01.md:3: date:" in out
    assert "issues/2023/01.md:1: approver:" in out
    assert "issues/2023/02.md:1: source:" in out
    assert "3 处错误" in out


def test_a_draft_may_lack_the_review_chain(site: Site) -> None:
    draft = issue_text(1, "2023-06-16", editor=None, reviewer=None, approver=None, draft="true")
    site.write("issues/2023/01.md", draft)
    assert site.build("--strict").returncode == 0
    assert site.check().returncode == 0
