"""Where the core reads the 编者按 and the 来源 lines, and the issue page using those places.

The core (`bulletin.core.body`) records the line and columns of the label 编者按： and of each
article's 来源 line; the Markdown extension (`bulletin.mkdocs.issue_page`) puts the rendered label
and attribution at those places, and pairs headings with articles one to one.
"""

from __future__ import annotations

import re
from pathlib import Path

from bulletin.core.body import parse_body
from bulletin.core.model import Span
from conftest import Site, issue_text, make_site

BODY = """
>编者按:  本期刊登督导帮扶情况。
> 第二行。

## 督导帮扶组在济调研

来源:督导帮扶第六工作组 | 类别:督导帮扶

帮扶组开展面对面帮扶5次。来源:正文里的来源二字不是来源行。

## 工作动态

专班加强工作推进。
"""


def test_the_core_records_where_the_note_label_and_each_source_line_are(tmp_path: Path) -> None:
    parsed = parse_body(BODY, 10, "issues/2023/01.md", tmp_path)  # BODY's first line is line 10
    assert parsed.problems == []
    # Line 11: `>编者按:  本期…`; the label with its colon and spaces is columns 1 to 7.
    assert parsed.note_label == Span(11, 1, 7)
    first, second = parsed.articles
    assert first.attribution_at == Span(16, 0, len("来源:督导帮扶第六工作组 | 类别:督导帮扶"))
    assert second.attribution_at is None


def test_a_note_label_on_the_quotes_second_line(tmp_path: Path) -> None:
    parsed = parse_body(">\n>   编者按：见下。\n", 5, "issues/2023/01.md", tmp_path)
    assert parsed.editor_note == "见下。"
    assert parsed.note_label == Span(6, 4, 8)


def test_no_source_line_no_place(tmp_path: Path) -> None:
    parsed = parse_body("## 标题\n\n来源：\n\n正文\n", 1, "issues/2023/01.md", tmp_path)
    assert parsed.articles[0].attribution_at is None  # 来源 without a unit is reported instead
    assert [p.line for p in parsed.problems] == [3]


ARTICLES = [
    ("督导帮扶组在济调研", "来源:督导帮扶第六工作组 | 类别:督导帮扶", "帮扶组开展面对面帮扶。"),
    ("工作动态", None, "专班加强工作推进。\n\n来源:第二段的来源二字不是来源行。"),
]
HOOK = """
def on_page_markdown(markdown, page, **kwargs):
    if page.file.src_uri.startswith("issues/"):
        return {edit}
    return markdown
"""


def built(tmp_path: Path, edit: str | None) -> tuple[Site, str, str]:
    extra = {"hooks": ["hook.py"]} if edit else {}
    site = make_site(tmp_path, **extra)
    if edit:
        site.write("hook.py", HOOK.format(edit=edit))
    site.write("issues/2023/01.md", issue_text(1, "2023-06-16", ARTICLES))
    result = site.build()
    assert result.returncode == 0, result.stderr
    return site, site.html("issues/2023/1/index.html"), result.stderr


def sources(html: str) -> list[str]:
    found = re.findall(r'<p class="bulletin-article__source">(.*?)</p>', html, re.S)
    return [re.sub(r"<[^>]+>", "", s) for s in found]


def note(html: str) -> str:
    return re.findall(r'<aside [^>]*class="bulletin-note"[^>]*>(.*?)</aside>', html, re.S)[0]


def test_issue_page_puts_the_rendered_lines_where_the_core_read_them(tmp_path: Path) -> None:
    _, html, _ = built(tmp_path, None)
    assert sources(html) == ["来源：督导帮扶第六工作组　类别：督导帮扶", "来源：市应急管理局"]
    assert "来源:督导帮扶第六工作组" not in html  # the editor's line was replaced, not kept
    assert "<p>来源:第二段的来源二字不是来源行。</p>" in html  # body text is left alone
    assert "<strong>编者按：</strong>本期刊登工作动态。" in note(html)


def test_lines_a_hook_adds_around_the_body_move_nothing(tmp_path: Path) -> None:
    _, html, _ = built(tmp_path, '"钩子开头。\\n\\n" + markdown + "\\n\\n钩子结尾。"')
    assert "<p>钩子开头。</p>" in html and "<p>钩子结尾。</p>" in html
    assert sources(html) == ["来源：督导帮扶第六工作组　类别：督导帮扶", "来源：市应急管理局"]
    assert "<strong>编者按：</strong>本期刊登工作动态。" in note(html)


def test_a_body_a_hook_rewrote_shows_its_source_lines_as_written(tmp_path: Path) -> None:
    _, html, stderr = built(tmp_path, 'markdown.replace("帮扶组开展", "帮扶组已开展")')
    assert "issues/2023/01.md：正文在转换前被其他插件改动，来源行按原文显示" in stderr
    assert "帮扶组已开展" in html
    # Each article's 来源 shown once: the editor's line as written, the issue's source rendered.
    assert "<p>来源:督导帮扶第六工作组 | 类别:督导帮扶</p>" in html
    assert sources(html) == ["来源：市应急管理局"]


def test_headings_the_core_did_not_read_as_articles_stop_the_build(site: Site) -> None:
    hidden = "<div>\n\n## 写在 HTML 标签之间\n\n</div>"
    site.write("issues/2023/01.md", issue_text(1, "2023-06-16", [("甲", None, hidden)]))
    result = site.build()
    assert result.returncode != 0
    assert "转换后有 1 个二级标题，正文读出 2 篇文章" in result.stderr


def test_tabs_in_the_note_and_source_lines_leave_nothing_behind(tmp_path: Path) -> None:
    # Text pasted from Word brings tabs; Markdown expands them before the lines are marked.
    site = make_site(tmp_path)
    articles = [("动态", "来源:市工作专班\t| 类别:会议活动", "正文。")]
    text = issue_text(1, "2023-01-05", articles, "\t编者按：新的一年。")
    site.write("issues/2023/01.md", text)
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    html = site.html("issues/2023/1/index.html")
    assert "<strong>编者按：</strong>新的一年。</p>" in html  # not 「编者按：：新的一年」
    assert "<p></p>" not in html and "\n议活动" not in html  # nothing of the line left over
