"""Exact search, checked in Chromium against ground truth read straight from the Markdown files.

The truth is a plain substring test over each article's raw Markdown (its heading, attribution
line and body), with spelling variants (traditional, full-width) listed by hand: it shares no
code with the index or with search.js.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.bench.corpus import raw_articles, write_corpus

from browser import chromium, needs_chromium, serve
from bulletin.core.search.layout import read_directory
from conftest import Site, issue_text, make_site
from test_accessibility import AXE, AXE_TAGS

ISSUES = 60  # 300 generated articles: more than ten pages for the common words
PLANTED = [
    (
        "在城镇燃气领域开展整治",
        "来源:市住房城乡建设局 | 类别:典型案例",
        "各区在城镇燃气领域开展整治，排查重大事故隱患12项。",
    ),
    ("标点分隔的词", "来源:市工作专班", "本段写重大。大事，中间有标点；英文 PM2.5 与 pm10 监测。"),
    ("相关度最高的文章", "来源:市工作专班", "专项核查，专项核查，专项核查，专项核查。"),
    ("全角逗号", "来源:市工作专班", "本周完成隐患，排查工作，另有PM25一项。"),
    ("半角逗号", "来源:市工作专班", "组织隐患,排查两轮，ＰＭ２．５偏高。"),
]
# Each query: for each of its terms, the spellings that count as that term in the raw text.
QUERIES: dict[str, list[list[str]]] = {
    "排查": [["排查"]],
    "隐患": [["隐患", "隱患"]],
    "隱患": [["隐患", "隱患"]],
    "重大事故隐患": [["重大事故隐患", "重大事故隱患"]],
    "城镇燃气": [["城镇燃气"]],
    "挂牌督办": [["挂牌督办"]],
    "37项": [["37项"]],
    "城镇 排查": [["城镇"], ["排查"]],
    "隐患，排查": [["隐患，排查", "隐患,排查"]],
    "PM2.5": [["PM2.5", "pm2.5", "ＰＭ２．５", "ＰＭ２.５"]],
    "pm10": [["pm10", "PM10"]],
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = make_site(tmp_path_factory.mktemp("search"))
    write_corpus(site.root, ISSUES)  # weekly from 2016-01-04: the last is in February 2017
    number = len(list((site.root / "issues/2017").glob("*.md"))) + 1
    site.write(f"issues/2017/{number:02d}.md", issue_text(number, "2017-06-01", PLANTED))
    # The traditional 隱 and the ASCII comma are planted on purpose: excepted from proofing.
    site.write("errata.yml", "words: []\nexceptions: [重大事故隱患, '隐患,排查']\n")
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    return site


def truth(site: Site, query: str, **filters: str) -> list[tuple[str, str]]:
    """(issue URL, title) of the articles holding every term in some spelling and matching
    the filters (category, source, year: read from the attribution line and date), newest
    first."""
    patterns = {
        "category": r"类别:{}(\s|$)", "source": r"来源:{}(\s|$)", "year": r"^date:{}-",
    }  # fmt: skip
    return [
        (url, title)
        for url, title, raw in raw_articles(site.root)
        if all(any(s in raw for s in spellings) for spellings in QUERIES[query])
        and all(re.search(patterns[k].format(v), raw, re.M) for k, v in filters.items())
    ]


@pytest.fixture(scope="module")
def page(corpus: Site) -> Iterator[tuple[Any, str]]:
    with serve(corpus.root / "site") as base, chromium() as browser:
        tab = browser.new_page()  # type: ignore[attr-defined]
        yield tab, base


def open_search(view: tuple[Any, str], query: str, **params: str | int) -> Any:
    tab, base = view
    tab.goto(f"{base}search/?{urllib.parse.urlencode({'q': query, **params})}")
    tab.wait_for_selector("[data-search-state=done]", state="attached")
    return tab


def shown(page: tuple[Any, str]) -> list[tuple[str, str]]:
    """(issue URL, title) of each result on the page, site-relative."""
    tab, base = page
    links = tab.eval_on_selector_all(
        "[data-search-results] a", "els => els.map(e => [e.href, e.textContent])"
    )
    out = []
    for href, title in links:
        path = urllib.parse.unquote(href.removeprefix(base))
        out.append((path.split("#")[0], title))
    return out


def every_page(page: tuple[Any, str], query: str, **params: str) -> list[tuple[str, str]]:
    """Results over all pages, following 下一页 until there is none."""
    tab = open_search(page, query, **params)
    results = shown(page)
    while tab.query_selector("#search-pager a[rel=next]"):
        with tab.expect_navigation():
            tab.click("#search-pager a[rel=next]")
        tab.wait_for_selector("[data-search-state=done]", state="attached")
        results += shown(page)
    return results


def status(page: tuple[Any, str]) -> str:
    return str(page[0].inner_text("#search-status"))


@needs_chromium
@pytest.mark.browser
def test_paging_to_the_end_shows_exactly_the_articles_holding_the_query(
    corpus: Site, page: tuple[Any, str]
) -> None:
    expected = truth(corpus, "隐患")
    assert len(expected) > 100  # more than ten pages
    assert every_page(page, "隐患") == expected  # 100% recall and precision, newest first
    assert status(page).startswith(f"共找到 {len(expected)} 条结果")


@needs_chromium
@pytest.mark.browser
def test_count_is_estimated_then_exact(corpus: Site, page: tuple[Any, str]) -> None:
    # One bigram: the directory's article count is exact from the first page, and the last
    # page is found by reading from the oldest article back: as few files as the first.
    open_search(page, "隐患")
    assert status(page).startswith(f"共找到 {len(truth(corpus, '隐患'))} 条结果，第 1 / ")
    tab, _ = page
    postings: list[str] = []

    def keep(request: Any) -> None:
        if "/search/a/" in request.url or "/search/p/" in request.url:
            postings.append(request.url)

    tab.on("request", keep)
    open_search(page, "隐患", page="last")
    tab.remove_listener("request", keep)
    assert 1 <= len(postings) <= 2
    assert all("/search/a/" in url for url in postings)  # one bigram: no positions needed
    # A phrase: in a column this small each bigram's postings fit in one file, so the first
    # round reads every candidate and the count is exact at once (estimates: test_search_scale).
    expected = len(truth(corpus, "重大事故隐患"))
    tab = open_search(page, "重大事故隐患")
    assert status(page).startswith(f"共找到 {expected} 条结果")
    assert tab.get_attribute("[data-search-root]", "data-search-count") == "exact"


@needs_chromium
@pytest.mark.browser
@pytest.mark.parametrize("query", list(QUERIES))
def test_first_and_last_pages_are_exact(corpus: Site, page: tuple[Any, str], query: str) -> None:
    expected = truth(corpus, query)
    assert expected, f"the corpus should contain {query}"
    open_search(page, query)
    assert shown(page) == expected[:10]
    open_search(page, query, page="last")
    pages = -(-len(expected) // 10)
    assert shown(page) == expected[(pages - 1) * 10 :]
    assert f"共找到 {len(expected)} 条结果" in status(page)


@needs_chromium
@pytest.mark.browser
def test_punctuation_inside_a_term_is_part_of_the_phrase(
    corpus: Site, page: tuple[Any, str]
) -> None:
    found = every_page(page, "隐患，排查")
    assert found == truth(corpus, "隐患，排查")
    assert {"全角逗号", "半角逗号"} <= {title for _, title in found}  # either width of comma
    assert len(found) < len(truth(corpus, "隐患")) / 10  # not 隐患排查, which most articles hold
    assert [title for _, title in every_page(page, "PM2.5")] == ["标点分隔的词", "半角逗号"]
    open_search(page, "重大事")  # the planted issue is the newest: its articles come first
    assert "标点分隔的词" not in [t for _, t in shown(page)]
    open_search(page, "大事")
    assert "标点分隔的词" in [t for _, t in shown(page)]
    open_search(page, "查")
    assert "至少两个字" in status(page)


@needs_chromium
@pytest.mark.browser
def test_pager_is_compact(corpus: Site, page: tuple[Any, str]) -> None:
    tab = open_search(page, "隐患", page=6)
    items = tab.eval_on_selector_all("#search-pager li", "els => els.map(e => e.textContent)")
    assert items == ["第一页", "上一页", "…", "4", "5", "6", "7", "8", "…", "下一页", "末页"]
    assert tab.eval_on_selector("#search-pager [aria-current=page]", "e => e.textContent") == "6"
    if AXE.is_file():  # the pager's markup passes the same axe-core rules as every page
        tab.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        result = tab.evaluate(
            "tags => axe.run('#search-pager', {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        assert result["violations"] == []
    with tab.expect_navigation():
        tab.click("#search-pager a:text-is('末页')")
    tab.wait_for_selector("[data-search-state=done]", state="attached")
    last = tab.eval_on_selector_all("#search-pager li", "els => els.map(e => e.textContent)")
    assert last[-1] != "末页" and not tab.query_selector("#search-pager a[rel=next]")
    assert len(last) <= 7


@needs_chromium
@pytest.mark.browser
def test_filters_narrow_results_and_unknown_values_match_nothing(
    corpus: Site, page: tuple[Any, str]
) -> None:
    cases = every_page(page, "排查", category="典型案例")
    assert cases == truth(corpus, "排查", category="典型案例")
    assert page[0].eval_on_selector("#search-category", "e => e.value") == "典型案例"
    both = {"category": "典型案例", "source": "市住房城乡建设局", "year": "2016"}
    assert every_page(page, "排查", **both) == truth(corpus, "排查", **both)
    assert truth(corpus, "排查", **both)
    open_search(page, "城镇燃气", source="市住房城乡建设局", year="2017")
    assert shown(page) == truth(corpus, "城镇燃气", source="市住房城乡建设局", year="2017")
    assert shown(page)  # the planted article
    for unknown in ({"category": "不存在的类别"}, {"source": "不存在的单位"}, {"year": "1999"}):
        open_search(page, "排查", **unknown)
        assert shown(page) == [] and "没有找到" in status(page)
    for absent in ("航天", "航天飞机", "排查 航天"):  # a pair no article holds
        open_search(page, absent)
        assert shown(page) == [] and "没有找到" in status(page)


@needs_chromium
@pytest.mark.browser
def test_result_shows_issue_date_source_and_highlighted_excerpt(
    corpus: Site, page: tuple[Any, str]
) -> None:
    tab = open_search(page, "挂牌督办")
    first = tab.inner_html("[data-search-results] li")
    assert "<mark>挂牌督办</mark>" in first
    assert "第" in first and "期" in first and "来源：" in first and "<time" in first


@needs_chromium
@pytest.mark.browser
def test_relevance_order_puts_most_occurrences_first(corpus: Site, page: tuple[Any, str]) -> None:
    by_date = every_page(page, "核查")
    by_relevance = every_page(page, "核查", sort="relevance")
    assert sorted(by_date) == sorted(by_relevance)
    assert by_relevance[0][1] == "相关度最高的文章"


@needs_chromium
@pytest.mark.browser
def test_plain_page_fetches_nothing_that_grows_with_the_archive(
    corpus: Site, page: tuple[Any, str]
) -> None:
    tab, base = page
    urls: list[str] = []

    def keep(request: Any) -> None:
        urls.append(request.url)

    tab.on("request", keep)
    tab.goto(f"{base}issues/2016/31/")
    tab.wait_for_load_state("networkidle")
    tab.remove_listener("request", keep)
    fetched = [u.removeprefix(base) for u in urls]
    assert fetched and all(u.startswith(("issues/", "assets/")) for u in fetched), fetched
    assert tab.eval_on_selector("form.bulletin-header-search", "f => f.getAttribute('action')")
    assert tab.query_selector("link[type='application/rss+xml']")  # the feed is still announced


def test_drafts_are_not_in_the_search_files(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    site.write("issues/2023/01.md", issue_text(1, "2023-01-01"))
    site.write(
        "issues/2023/02.md",
        issue_text(2, "2023-02-01", [("草稿检索标记", None, "x")], None, draft="true"),
    )
    assert site.build().returncode == 0
    for path in (site.root / "site/search").rglob("*.json"):
        assert "草稿检索标记" not in path.read_text(encoding="utf-8")
    for path in (site.root / "site/search/dir").glob("*.bin"):
        assert "稿检" not in read_directory(path.read_bytes())
