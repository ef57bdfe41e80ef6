"""A line break inside a Chinese paragraph is no word space (core.linebreaks), on every page."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin.core.linebreaks import join_soft_breaks, join_soft_breaks_across
from bulletin.core.search import plain_text
from conftest import issue_text, make_site


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("各期专刊，\n主要内容", "各期专刊，主要内容"),
        ("工作专班编发\n  刊登", "工作专班编发刊登"),  # indentation of the next line goes too
        ("2023年\n第3期", "2023年第3期"),
        ("安全 production\nwork", "安全 production\nwork"),  # English keeps its space
        ("检查\nPM2.5", "检查\nPM2.5"),  # a Latin word after Chinese keeps the break
        ("共3\n期", "共3\n期"),  # a digit before the break: not between two wide ones
        ("没有换行", "没有换行"),
    ],
)
def test_breaks_between_chinese_characters_go(text: str, expected: str) -> None:
    assert join_soft_breaks(text) == expected


def test_a_break_before_a_link_goes_when_the_link_text_is_chinese() -> None:
    assert join_soft_breaks_across(["也可按类别或\n", "按来源单位", "浏览。"]) == [
        "也可按类别或",
        "按来源单位",
        "浏览。",
    ]
    assert join_soft_breaks_across(["按来源单位", "\n浏览。"]) == ["按来源单位", "浏览。"]
    assert join_soft_breaks_across(["see\n", "按来源"]) == ["see\n", "按来源"]
    assert join_soft_breaks_across(["PM2.5", "\n浓度"]) == ["PM2.5", "\n浓度"]
    assert join_soft_breaks_across(["段落。", "\n", "下一段"]) == ["段落。", "\n", "下一段"]


def test_pages_join_wrapped_chinese_lines_outside_code(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    body = "本期共刊登两篇文章，\n请各单位认真学习。\n\n    代码\n    保留\n"
    site.write(
        "issues/2023/01.md", issue_text(1, "2023-01-10", [("一篇文章", "来源:市工作专班", body)])
    )
    site.write(
        "docs/about.md",
        "# 关于\n\n可在往期回顾中查看，也可\n[按来源单位](sources/index.md)\n浏览。\n",
    )
    result = site.build()
    assert result.returncode == 0, result.stderr
    issue = site.html("issues/2023/1/index.html")
    assert "本期共刊登两篇文章，请各单位认真学习。" in issue
    assert "代码\n保留" in issue  # code keeps its lines
    about = site.html("about/index.html")
    assert "也可<a" in about and "</a>浏览。" in about


def test_search_text_reads_a_wrapped_sentence_as_the_page_shows_it() -> None:
    # A phrase across the editor's line break is found, as the reader sees it joined.
    assert plain_text("压紧压实安全\n生产责任。\n\n下一段") == "压紧压实安全生产责任。\n下一段"
