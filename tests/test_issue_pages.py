"""A real build of a small column: issue pages, numbering, attribution, ids, neighbours."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import Site, issue_text, make_site

ARTICLES = [
    ("督导帮扶组在济调研", "来源:督导帮扶第六工作组 | 类别:督导帮扶", "帮扶组开展面对面帮扶5次。"),
    ("专题辅导报告会举行", "来源：市应急管理局 ｜ 类别：会议活动", "辅导报告会召开。"),
    ("工作动态", None, "专班加强工作推进。"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = make_site(tmp_path_factory.mktemp("col"), plugin={"total_offset": 10})
    site.write("issues/2023/01.md", issue_text(1, "2023-06-16"))
    site.write("issues/2023/02.md", issue_text(2, "2023-07-05", title="第二期标题"))
    site.write(
        "issues/2023/03.md", issue_text(3, "2023-07-25", ARTICLES, source="济南市应急管理局")
    )
    site.write("issues/2024/01.md", issue_text(1, "2024-01-18"))
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    return site


def test_issue_url_has_number_without_leading_zero(built: Site) -> None:
    assert (built.root / "site/issues/2023/3/index.html").is_file()
    assert not (built.root / "site/issues/2023/03").exists()


def test_header_shows_number_date_source_and_publisher(built: Site) -> None:
    html = built.html("issues/2023/3/index.html")
    start = html.index('class="bulletin-header"')
    header = html[start : html.index("</header>", start)]
    assert "2023年第3期" in header
    assert "总第13期" in header  # third issue overall, offset 10
    assert '<time datetime="2023-07-25T09:00+08:00">2023年7月25日 09:00</time>' in header
    assert "济南市应急管理局" in header
    assert "市工作专班" in header  # 编发单位
    assert html.count("<h1") == 1


def test_default_title_and_given_title(built: Site) -> None:
    # The default title 工作信息·第3期, with its year in yearly numbering (and 总第N期).
    assert "<title>工作信息·2023年第3期（总第13期） - " in built.html("issues/2023/3/index.html")
    assert "第二期标题" in built.html("issues/2023/2/index.html")


def test_articles_are_sections_with_text_ids_and_attribution(built: Site) -> None:
    html = built.html("issues/2023/3/index.html")
    sections = re.findall(
        r'<section [^>]*class="bulletin-article"[^>]*>(.*?)</section>', html, re.S
    )
    assert len(sections) == 3
    assert 'id="督导帮扶组在济调研"' in sections[0]
    assert "督导帮扶第六工作组" in sections[0] and "督导帮扶</a>" in sections[0]
    assert 'id="专题辅导报告会举行"' in sections[1] and "会议活动" in sections[1]
    # No attribution line: the issue's source, no category.
    assert "济南市应急管理局" in sections[2] and "类别" not in sections[2]
    assert "来源:督导帮扶第六工作组" not in html  # the raw line became the attribution


def test_editor_note_and_review_chain(built: Site) -> None:
    html = built.html("issues/2023/3/index.html")
    assert re.search(r'<aside[^>]*class="bulletin-note"', html)
    assert "本期刊登工作动态" in html
    signoff = html[html.index('class="bulletin-signoff"') :]
    for label, name in (("编辑", "王编辑"), ("责任编辑", "李责编"), ("终审", "张终审")):
        assert f"<dt>{label}</dt><dd>{name}</dd>" in signoff


def test_previous_next_and_archive_links(built: Site) -> None:
    html = built.html("issues/2023/3/index.html")
    assert re.search(r'rel="prev" href="\.\./2/"', html)
    assert re.search(r'rel="next" href="\.\./\.\./2024/1/"', html)
    assert 'href="../../../archive/"' in html
    first = built.html("issues/2023/1/index.html")
    assert 'rel="prev"' not in first


def test_ids_do_not_change_when_articles_move(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    site.write("issues/2023/01.md", issue_text(1, "2023-06-16", ARTICLES[::-1]))
    assert site.build().returncode == 0
    html = site.html("issues/2023/1/index.html")
    for anchor in ("督导帮扶组在济调研", "专题辅导报告会举行", "工作动态"):
        assert f'id="{anchor}"' in html


def test_editor_can_fix_an_id(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    site.write(
        "issues/2023/01.md", issue_text(1, "2023-06-16", [("工作动态 {#dongtai}", None, "x")])
    )
    assert site.build().returncode == 0
    html = site.html("issues/2023/1/index.html")
    assert 'id="dongtai"' in html and "{#dongtai}" not in html


def test_same_heading_twice_gets_distinct_ids(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    site.write(
        "issues/2023/01.md", issue_text(1, "2023-06-16", [("动态", None, "a"), ("动态", None, "b")])
    )
    assert site.build().returncode == 0
    html = site.html("issues/2023/1/index.html")
    assert 'id="动态"' in html and 'id="动态-2"' in html


def test_image_is_published_beside_the_issue(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    site.write("issues/2023/fig.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>')
    body = "![任务构成示意图](fig.svg)"
    site.write("issues/2023/01.md", issue_text(1, "2023-06-16", [("动态", None, body)]))
    assert site.build("--strict").returncode == 0
    # Published at its own place beside the issue files, so issues of a year may share it.
    assert (site.root / "site/issues/2023/fig.svg").is_file()
    assert '<img alt="任务构成示意图" src="../fig.svg"' in site.html("issues/2023/1/index.html")


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    text = issue_text(1, "2023-06-16").replace("\n", "\r\n")
    site.write("issues/2023/01.md", b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    assert "工作动态" in site.html("issues/2023/1/index.html")


def test_continuous_numbering(tmp_path: Path) -> None:
    site = make_site(tmp_path, plugin={"numbering": "continuous"})
    site.write("issues/2023/01.md", issue_text(1, "2023-06-16"))
    site.write("issues/2024/02.md", issue_text(2, "2024-01-05"))
    assert site.build("--strict").returncode == 0
    html = site.html("issues/2024/2/index.html")
    # Said once; the middle dot never begins a line (it stays with the character before it).
    h1 = '<h1 class="bulletin-header__title">工作信息\u2060·第2期</h1>'  # a word joiner
    assert h1 in html
    assert "总第" not in html  # no offset configured


def test_links_with_titles_and_code_spans_agree_in_check_and_build(site: Site) -> None:
    site.write("issues/2023/01.md", issue_text(1, "2023-06-16"))
    body = '[上期](01.md#工作动态 "上期")，`[上期](01.md)` 是代码。\n\n[另见][r]\n\n[r]: 01.md'
    site.write("issues/2023/02.md", issue_text(2, "2023-06-23", [("动态", None, body)]))
    check, build = site.check("--strict"), site.build("--strict")
    assert (check.returncode, build.returncode) == (0, 0), check.stdout + build.stderr
    html = site.html("issues/2023/2/index.html")
    assert '<a href="../1/#工作动态" title="上期">上期</a>' in html
    assert "<code>[上期](01.md)</code>" in html  # an editor's code is published as written
    assert '<a href="../1/">另见</a>' in html


def test_broken_link_with_title_fails_check_and_build_at_its_line(site: Site) -> None:
    site.write("issues/2023/01.md", issue_text(1, "2023-06-16"))
    body = '[上期](01.md#无此文 "上期")'
    site.write("issues/2023/02.md", issue_text(2, "2023-06-23", [("动态", None, body)]))
    row = "issues/2023/02.md:14: 链接: issues/2023/01.md 中没有锚点为「无此文」的文章"
    check, build = site.check(), site.build()
    assert check.returncode == 1 and row in check.stdout
    assert build.returncode == 1 and row in build.stderr


def test_hand_written_pages_get_text_ids(site: Site) -> None:
    site.write("docs/about.md", "# 关于本栏目\n\n## 一、栏目简介\n\n## 联系方式\n")
    assert site.build("--strict").returncode == 0
    html = site.html("about/index.html")
    assert 'id="一栏目简介"' in html and 'id="联系方式"' in html and 'id="_1"' not in html
