"""Government site essentials: 政府信息公开 documents, reprint attribution, the footer, 来稿统计."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path
from typing import Any

import feedparser
import pytest
import yaml

from browser import chromium, needs_chromium, serve_under
from conftest import PROJECT, Site, issue_text, make_site

POLICY = """---
title: 关于印发实施方案的通知
index_no: 11370125004213927F/2021-3882140
category: 公安、安全、司法
doc_no: 济阳政办发[2021]6号
publisher: 济阳区政府
written: 2021-05-12
date: 2021-05-12
validity: 有效
---

正文。
"""


def test_policy_page_opens_with_the_metadata_table(sample: Site) -> None:
    html = sample.html("policies/jiyang-2021-6/index.html")
    table = html[html.index('class="bulletin-policy-meta"') : html.index("</table>")]
    table = table.replace("<wbr>", "")  # 索引号 may break after its "/" on a phone
    for label, value in (
        ("索引号", "11370125004213927F/2021-3882140"),
        ("主题分类", "公安、安全、司法"),
        ("发文字号", "济阳政办发〔2021〕6号"),  # written [2021] in the source
        ("发布机构", "济阳区政府"),
        ("有效性", "有效"),
    ):
        assert re.search(
            rf"<th scope=\"row\">{label}</th><td[^>]*>(<span[^>]*>)?{re.escape(value)}", table
        ), label
    assert '<time datetime="2021-05-12">' in table
    assert html.index("bulletin-policy-meta") < html.index("各镇人民政府")


def test_void_documents_are_marked_on_their_page_and_in_the_list(sample: Site) -> None:
    page = sample.html("policies/sample-2020-notice/index.html")
    assert "本文件已失效" in page
    listing = sample.html("policies/index.html")
    row = re.search(r'<tr data-validity="失效"[^>]*>.*?</tr>', listing, re.S)
    assert row and "bulletin-validity--void" in row.group(0)
    assert listing.index("2021-05-12") < listing.index("2020-03-05")  # newest first


@needs_chromium
@pytest.mark.browser
def test_policy_list_filters_and_sorts(sample: Site) -> None:
    with serve_under(sample.root / "site", "zhuanlan") as base, chromium() as browser:
        page: Any = browser.new_page()  # type: ignore[attr-defined]
        page.goto(base + "policies/")
        rows = lambda: page.eval_on_selector_all(  # noqa: E731
            "[data-policy-rows] tr:not([hidden])", "rs => rs.map(r => r.dataset.date)"
        )
        assert rows() == ["2021-05-12", "2020-03-05"]
        page.select_option("#policy-validity", "失效")
        assert rows() == ["2020-03-05"] and "validity=" in page.url
        assert page.inner_text("#policy-count") == "共1份文件"
        page.select_option("#policy-validity", "")
        page.select_option("#policy-sort", "asc")
        assert rows() == ["2020-03-05", "2021-05-12"]
        page.goto(base + "policies/?category=" + "公安、安全、司法")
        assert rows() == ["2021-05-12", "2020-03-05"]


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("doc_no", "济阳政办发2021年6号", "机关代字〔年份〕序号号"),
        ("index_no", "11370125/2021", "索引号"),
        ("validity", "作废", "有效、失效 或 废止"),
        ("written", "2021-02-30", "不是真实存在的日期"),
        ("publisher", "", "发布机构"),
    ],
)
def test_invalid_policy_values_fail_naming_file_and_line(
    tmp_path: Path, key: str, value: str, words: str
) -> None:
    site = make_site(tmp_path)
    text = re.sub(rf"^{key}: .*$", f"{key}: {value}", POLICY, flags=re.M)
    site.write("docs/policies/bad.md", text)
    line = text.splitlines().index(f"{key}: {value}") + 1
    for result in (site.build(), site.check()):
        assert result.returncode != 0
        out = result.stdout + result.stderr
        assert any(
            f"docs/policies/bad.md:{line}: {key}:" in row and words in row
            for row in out.splitlines()
        ), out


def test_index_number_pattern_is_configurable(tmp_path: Path) -> None:
    site = make_site(tmp_path, plugin={"index_no_pattern": r"^JY-\d+$"})
    site.write("docs/policies/a.md", POLICY.replace("11370125004213927F/2021-3882140", "JY-7"))
    assert site.build("--strict").returncode == 0


FOOTER_PAGES = [
    "index.html",
    "issues/2023/3/index.html",
    "policies/jiyang-2021-6/index.html",
    "statistics/index.html",
]


@pytest.mark.parametrize("page", FOOTER_PAGES)
def test_footer_on_every_page(sample: Site, page: str) -> None:
    html = sample.html(page)
    footer = html[html.index('class="md-footer bulletin-footer"') :]
    for text in ("主办单位：济南市应急管理局", "承办单位：", "联系方式：", "网站标识码：3701000000",
                 "鲁ICP备00000000号", "鲁公网安备 37010000000000号", "网站地图", "无障碍声明"):  # fmt: skip
        assert text in footer, text
    assert 'href="https://beian.miit.gov.cn/"' in footer
    assert "beian.gov.cn/portal/registerSystemInfo?recordcode=37010000000000" in footer
    assert re.search(r'href="[./]*site-map/"', footer) and re.search(
        r'href="[./]*accessibility/"', footer
    )


def test_missing_footer_items_are_warnings_naming_the_setting(tmp_path: Path) -> None:
    site = make_site(tmp_path, plugin={"footer": {"sponsor": "某局"}})
    site.write("issues/2023/01.md", issue_text(1, "2023-01-05"))
    loose, strict = site.build(), site.build("--strict")
    assert loose.returncode == 0
    assert "plugins.bulletin.footer.icp: 未设置ICP备案号" in loose.stderr
    assert "plugins.bulletin.footer.police" in loose.stderr
    assert "plugins.bulletin.footer.sponsor" not in loose.stderr
    assert strict.returncode != 0


def test_optional_conac_mark_is_shown_with_its_link(tmp_path: Path) -> None:
    footer = {"conac_image": "images/conac.png", "conac_url": "https://bszs.conac.cn/sitename?id=1"}
    site = make_site(tmp_path, plugin={"footer": {**__import__("conftest").FOOTER, **footer}})
    site.write("docs/images/conac.png", b"\x89PNG\r\n\x1a\n")
    assert site.build("--strict").returncode == 0
    html = site.html("index.html")
    assert 'href="https://bszs.conac.cn/sitename?id=1"' in html and 'alt="党政机关网站标识"' in html


def site_map_links(sample: Site) -> list[str]:
    return re.findall(r'href="([^"]+)"', sample.html("site-map/index.html"))


def test_site_map_lists_every_section(sample: Site) -> None:
    html = sample.html("site-map/index.html")
    # Only the map itself: the same titles also stand in the navigation and the footer.
    listed = html[html.index('class="bulletin-site-map"') :].split("</ul>\n</", 1)[0]
    entries = set(re.findall(r'<a href="([^"]+)">([^<]+)</a>', listed))
    nav = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    sections = [next(iter(item.items())) for item in nav]
    for title, source in sections:
        if source != "index.md":
            page = source.removesuffix(".md")
            url = "../" + (page.removesuffix("index") if page.endswith("/index") else page + "/")
            assert (url, title) in entries, (title, entries)
    years = sorted({p.parent.name for p in (PROJECT / "issues").rglob("*.md")})
    for year in years:
        assert (f"../archive/{year}/", f"{year}年") in entries
        assert (f"../statistics/{year}/", f"{year}年逐月统计") in entries
    policies = sorted(p.stem for p in (PROJECT / "docs/policies").glob("*.md"))
    assert {url for url, _ in entries} >= {f"../policies/{slug}/" for slug in policies}


def expected_counts() -> Counter[tuple[str, str]]:
    """Units per month read straight from the sample's attribution lines (not our parser)."""
    counts: Counter[tuple[str, str]] = Counter()
    for path in sorted((PROJECT / "issues").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if "draft: true" in text:
            continue
        month = re.search(r"^date: (\d{4}-\d{2})", text, re.M).group(1)  # type: ignore[union-attr]
        issue_source = re.search(r"^source: (.+)$", text, re.M).group(1)  # type: ignore[union-attr]
        for article in text.split("\n## ")[1:]:
            attribution = re.search(
                r"^来源[:：]\s*([^|｜\n]+?)\s*(?:[|｜]|$)", article.split("\n\n", 2)[1], re.M
            )
            counts[(attribution.group(1) if attribution else issue_source, month)] += 1
    return counts


def test_statistics_count_the_attribution_lines(sample: Site) -> None:
    expected = expected_counts()
    data = (sample.root / "site/statistics/laigao.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(data)))
    assert {(r["单位"], r["年月"]): int(r["篇数"]) for r in rows} == dict(expected)
    html = sample.html("statistics/2023/index.html")
    total_2023 = sum(n for (unit, month), n in expected.items() if month.startswith("2023"))
    assert f"共{total_2023}篇" in html
    cell = r"<td[^>]*>"  # cells carry their column's name (data-label) for the phone layout
    first = re.search(
        rf'<tr>{cell}1</td><th scope="row"[^>]*>([^<]+)</th>((?:{cell}\d+</td>)+)</tr>', html
    )
    assert first is not None
    unit = first.group(1)
    cells = [int(n) for n in re.findall(rf"{cell}(\d+)</td>", first.group(2))]
    assert cells[-1] == sum(
        n for (u, m), n in expected.items() if u == unit and m.startswith("2023")
    )
    assert cells[6] == expected[(unit, "2023-07")]  # the July column
    assert cells[-1] == max(
        sum(n for (u, m), n in expected.items() if u == other and m.startswith("2023"))
        for other in {u for u, _ in expected}
    )


def test_statistics_chart_is_accessible_svg(sample: Site) -> None:
    html = sample.html("statistics/index.html")
    svg = re.search(
        r'<svg role="img" aria-labelledby="chart-title chart-desc".*?</svg>', html, re.S
    )
    assert svg is not None
    assert re.search(r'<title id="chart-title">[^<]+</title>', svg.group(0))
    assert re.search(r'<desc id="chart-desc">[^<]*市工作专班 \d+ 篇[^<]*</desc>', svg.group(0))
    assert "<caption" in html and "<script" not in html.split("</svg>")[0].split("<svg")[-1]


def test_reprints_name_their_original(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    articles = [
        ("转载文章", "来源:华商网 | 原文:https://news.example.com/a/1 | 作者:张记者", "正文")
    ]
    site.write("issues/2023/01.md", issue_text(1, "2023-01-05", articles, None, original_source="华商网",
               original_url="https://news.example.com/", author="李记者"))  # fmt: skip
    site.write(
        "docs/news.md",
        "---\noriginal_source: 人民网\noriginal_url: https://people.example.com/x\nauthor: 王五\n---\n\n# 转载\n\n正文\n",
    )
    assert site.build().returncode == 0
    html = site.html("issues/2023/1/index.html")
    assert '<a href="https://news.example.com/a/1">华商网</a>' in html and "作者：张记者" in html
    assert "原文来源" in html and 'href="https://news.example.com/"' in html and "李记者" in html
    page = site.html("news/index.html")
    assert (
        '<a href="https://people.example.com/x" rel="noopener">人民网</a>' in page
        and "王五" in page
    )
    feed = feedparser.parse((site.root / "site/feed.xml").read_bytes())
    assert feed.entries[0].author == "李记者"
    assert "https://news.example.com/a/1" in feed.entries[0].summary


def test_bad_original_url_is_refused(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    articles = [("转载", "来源:华商网 | 原文:javascript:alert(1)", "正文")]
    site.write("issues/2023/01.md", issue_text(1, "2023-01-05", articles))
    result = site.check()
    assert result.returncode == 1 and "issues/2023/01.md:14: 来源: 原文网址" in result.stdout


def test_readers_read_their_own_words(sample: Site) -> None:
    """Readers' words: no editors' terms or machine-speak, one name for the search box, and a
    无障碍声明 that gives its dates, its result, its limits and a way to answer back."""
    site = sample.root / "site"
    published = [p for p in site.rglob("*") if p.suffix in (".html", ".js", ".xml")]
    for term in ("来源行", "逐步核实", "全站检索"):
        assert [p.name for p in published if term in p.read_text(encoding="utf-8")] == [], term
    header = sample.html("index.html")
    form = re.search(r'<form class="bulletin-header-search" aria-label="([^"]+)"', header)
    label = re.search(r'<label for="header-search">([^<]+)</label>', header)
    placeholder = re.search(r'id="header-search"[^>]*placeholder="([^"]+)"', header)
    assert form and label and placeholder
    assert form.group(1) == label.group(1) == placeholder.group(1) == "站内检索"
    assert "订阅（RSS）：" in header  # what subscribing does, in Chinese
    statement = sample.html("accessibility/index.html")
    assert re.search(r"发布日期：\d{4}年\d{1,2}月\d{1,2}日", statement)
    assert re.search(r"最近一次复查：\d{4}年\d{1,2}月\d{1,2}日", statement)
    for said in ("GB/T 37668-2019", "WCAG", "AA 级", "结论", "已知的不足", "检索需要",
                 "语音朗读取决于", "个工作日内", "政策文件的页面都附有二维码"):  # fmt: skip
        assert said in statement, said
    for jargon in ("像素", "可聚焦", "机器可读", "JavaScript"):
        assert jargon not in statement.split("<article", 1)[1], jargon
