"""Exact search, checked in Chromium against ground truth computed from the articles' text."""

from __future__ import annotations

import contextlib
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.bench.corpus import write_corpus

from browser import chromium, needs_chromium, serve
from bulletin.core.column import load_column
from bulletin.core.model import Column
from bulletin.core.pages import build_index
from bulletin.core.search import fold, search_docs
from conftest import Site, issue_text, make_site

PROBES = ["排查", "整改", "城镇", "隐患", "重大事故隐患", "城镇燃气", "管控", "挂牌督办", "37项"]
PLANTED = [
    (
        "在城镇燃气领域开展整治",
        "来源:市住房城乡建设局 | 类别:典型案例",
        "各区在城镇燃气领域开展整治，排查重大事故隱患12项。",
    ),
    ("标点分隔的词", "来源:市工作专班", "本段写重大。大事，中间有标点；英文 PM2.5 与 pm10 监测。"),
    ("相关度最高的文章", "来源:市工作专班", "专项核查，专项核查，专项核查，专项核查。"),
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = make_site(tmp_path_factory.mktemp("search"), plugin={"numbering": "continuous"})
    write_corpus(site.root, 30)
    site.write("issues/2016/31.md", issue_text(31, "2016-08-01", PLANTED))
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    return site


def truth(site: Site, query: str) -> list[str]:
    """Links of the articles whose text contains every term, newest first (plain substring test)."""
    loaded = load_column(site.root, Column(numbering=load_numbering(site)))
    docs = search_docs(build_index(loaded).articles, loaded.column)
    terms = [fold(t) for t in query.split()]
    return [d.url for d in docs if all(t in fold(d.searchable) for t in terms)]


def load_numbering(site: Site) -> Any:
    from bulletin.core.model import Numbering

    return Numbering.CONTINUOUS


@pytest.fixture(scope="module")
def page(corpus: Site) -> Iterator[tuple[Any, str]]:
    with serve(corpus.root / "site") as base, chromium() as browser:
        tab = browser.new_page()  # type: ignore[attr-defined]
        yield tab, base


def found(page: tuple[Any, str], query: str, **filters: str) -> tuple[list[str], int]:
    """Every result link over all result pages, as site-relative URLs; and bytes fetched."""
    tab, base = page
    links: list[str] = []
    fetched = 0

    def count(response: Any) -> None:
        nonlocal fetched
        if "/search/" in response.url or "search.js" in response.url:
            with contextlib.suppress(Exception):  # a response dropped before it was read
                fetched += len(response.body())

    tab.on("response", count)
    number = 1
    while True:
        params = urllib.parse.urlencode({"q": query, **filters, "page": number})
        tab.goto(f"{base}search/?{params}")
        tab.wait_for_selector("[data-search-state=done]", state="attached")
        hrefs = tab.eval_on_selector_all("[data-search-results] a", "els => els.map(e => e.href)")
        links += [h.removeprefix(base) for h in hrefs]
        more = tab.eval_on_selector_all("#search-pager a", "els => els.length") > number
        if not more:
            break
        number += 1
    tab.remove_listener("response", count)
    return [urllib.parse.unquote(link) for link in links], fetched


@needs_chromium
@pytest.mark.browser
@pytest.mark.parametrize("query", [*PROBES, "城镇 排查", "隱患", "重大事故隱患", "pm2", "PM10"])
def test_results_are_exactly_the_articles_containing_the_query(
    corpus: Site, page: tuple[Any, str], query: str
) -> None:
    expected = truth(corpus, query)
    results, _ = found(page, query)
    assert expected, f"the corpus should contain {query}"
    assert results == expected  # 100% recall and precision, newest first


@needs_chromium
@pytest.mark.browser
def test_traditional_query_finds_simplified_text_and_back(
    corpus: Site, page: tuple[Any, str]
) -> None:
    simplified, _ = found(page, "隐患")
    traditional, _ = found(page, "隱患")
    assert simplified == traditional
    planted = "issues/2016/31/#在城镇燃气领域开展整治"
    assert planted in found(page, "重大事故隐患")[0]


@needs_chromium
@pytest.mark.browser
def test_punctuation_separates_and_single_characters_are_refused(
    corpus: Site, page: tuple[Any, str]
) -> None:
    assert "issues/2016/31/#标点分隔的词" not in found(page, "重大事")[0]
    assert "issues/2016/31/#标点分隔的词" in found(page, "大事")[0]
    tab, base = page
    tab.goto(f"{base}search/?q=查")
    tab.wait_for_selector("[data-search-state=done]", state="attached")
    assert "至少两个字" in tab.inner_text("#search-status")


@needs_chromium
@pytest.mark.browser
def test_filters_narrow_results_and_are_in_the_url(corpus: Site, page: tuple[Any, str]) -> None:
    everything, _ = found(page, "排查")
    cases, _ = found(page, "排查", category="典型案例")
    assert cases and set(cases) < set(everything)
    tab, _ = page
    assert tab.eval_on_selector("#search-category", "e => e.value") == "典型案例"


@needs_chromium
@pytest.mark.browser
def test_result_shows_issue_date_source_and_highlighted_excerpt(
    corpus: Site, page: tuple[Any, str]
) -> None:
    found(page, "挂牌督办")
    tab, _ = page
    first = tab.inner_html("[data-search-results] li")
    assert "<mark>挂牌督办</mark>" in first
    assert "第" in first and "期" in first and "来源：" in first and "<time" in first


@needs_chromium
@pytest.mark.browser
def test_plain_page_downloads_nothing_for_search(corpus: Site, page: tuple[Any, str]) -> None:
    tab, base = page
    urls: list[str] = []
    tab.on("request", lambda request: urls.append(request.url))
    tab.goto(f"{base}issues/2016/31/")
    tab.wait_for_load_state("networkidle")
    assert urls and not [u for u in urls if "/search/" in u or "search.js" in u]
    assert tab.eval_on_selector("form.bulletin-header-search", "f => f.getAttribute('action')")


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


@needs_chromium
@pytest.mark.browser
def test_relevance_order_puts_most_occurrences_first(corpus: Site, page: tuple[Any, str]) -> None:
    by_date, _ = found(page, "核查")
    by_relevance, _ = found(page, "核查", sort="relevance")
    assert sorted(by_date) == sorted(by_relevance)
    assert by_relevance[0] == "issues/2016/31/#相关度最高的文章"
