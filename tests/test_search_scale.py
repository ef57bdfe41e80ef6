"""Exact search where common bigrams' postings span many files, as in a column of thousands of
articles: a dense generated column (common phrases reused heavily) whose index is written
in-process with tiny files, opened in Chromium. Probes are made from the corpus as the
benchmark makes them (tests/bench/probes.py); the truth is a substring test of the folded
texts, sharing no code with the index or with search.js."""

from __future__ import annotations

import random
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.bench.corpus import PHRASES
from tests.bench.dense_corpus import OBJECTS, VERBS, dense_docs
from tests.bench.probes import (
    TYPICAL,
    conjunction_probes,
    holding,
    phrase_probes,
    stock_words,
)
from tests.search_site import serve_gzip, write_search_site

from browser import chromium, needs_chromium
from bulletin.core.search import SearchDoc, fold
from bulletin.core.search import index as index_module

ARTICLES = 600


@pytest.fixture(scope="module")
def column(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[SearchDoc], list[str]]:
    root = tmp_path_factory.mktemp("scale")
    docs = dense_docs(ARTICLES)
    with pytest.MonkeyPatch.context() as patch:  # files of a large column's reach, scaled down
        patch.setattr(index_module, "FILE_BYTES", 300)
        patch.setattr(index_module, "LIST_BYTES", 120)
        write_search_site(root, docs)
    return root, docs, [fold(d.searchable) for d in docs]


def probes(texts: list[str]) -> list[str]:
    rng = random.Random(3)
    found = phrase_probes(texts, rng, want=3)
    found += conjunction_probes(texts, stock_words(VERBS + OBJECTS + PHRASES), rng, want=2)
    return [*TYPICAL, *found]


@pytest.fixture(scope="module")
def view(column: tuple[Path, list[SearchDoc], list[str]]) -> Iterator[tuple[Any, str]]:
    with serve_gzip(column[0]) as base, chromium() as browser:
        yield browser.new_page(), base  # type: ignore[attr-defined]


def open_page(view: tuple[Any, str], query: str, page: int | str = 1) -> tuple[list[str], str]:
    """(result URLs, status) of a page of results."""
    tab, base = view
    tab.goto(f"{base}search/?{urllib.parse.urlencode({'q': query, 'page': page})}")
    tab.wait_for_selector("[data-search-state=done]", state="attached")
    hrefs = tab.eval_on_selector_all(
        "[data-search-results] a", "els => els.map(e => e.getAttribute('href'))"
    )
    return [h.removeprefix("./../") for h in hrefs], str(tab.inner_text("#search-status"))


def test_probes_have_the_shapes_asked_for(column: tuple[Path, list[SearchDoc], list[str]]) -> None:
    texts = column[2]
    made = probes(texts)
    phrases = [p for p in made if " " not in p and p not in TYPICAL]
    words = [p for p in made if " " in p]
    assert len(phrases) >= 2 and len(words) >= 1
    for probe in phrases + words:
        assert 0.01 <= len(holding(texts, probe)) / len(texts) <= 0.05, probe


@needs_chromium
@pytest.mark.browser
def test_every_probe_first_page_and_count_are_exact(
    column: tuple[Path, list[SearchDoc], list[str]], view: tuple[Any, str]
) -> None:
    _, docs, texts = column
    estimated = 0
    for probe in probes(texts):
        found = holding(texts, probe)
        shown, status = open_page(view, probe)
        assert shown == [docs[i].url for i in found[:10]], probe
        if not found:
            assert "没有找到" in status
            continue
        total = int(re.findall(r"\d+", status)[0])
        if "约" in status:  # an estimate, marked as one: within 0.5–2 ×
            estimated += 1
            assert 0.5 * len(found) <= total <= 2 * len(found), (probe, total, len(found))
        else:
            assert total == len(found), probe
    assert estimated  # the files are small enough that some counts are estimates


@needs_chromium
@pytest.mark.browser
def test_paging_forward_or_back_from_the_end_shows_every_result(
    column: tuple[Path, list[SearchDoc], list[str]], view: tuple[Any, str]
) -> None:
    _, docs, texts = column
    probe = next(p for p in probes(texts) if " " not in p and p not in TYPICAL)
    expected = [docs[i].url for i in holding(texts, probe)]
    forward: list[str] = []
    for page in range(1, 100):
        shown, status = open_page(view, probe, page)
        forward += shown
        if not view[0].query_selector("#search-pager a[rel=next]"):
            break
    assert forward == expected
    assert status.startswith(f"共找到 {len(expected)} 条结果")  # exact once read to the end
    # 末页 of a phrase in a tenth of the column: read from the oldest end, not every file.
    probe = "压紧压实安全生产责任"
    expected = [docs[i].url for i in holding(texts, probe)]
    assert len(expected) > 40
    shown, status = open_page(view, probe, "last")
    assert "倒数第 1 页" in status and "约" in status
    assert shown == expected[-10:]  # the oldest ten, newest first
    backward = shown
    for back in range(2, 100):
        assert view[0].query_selector("#search-pager a[rel=prev]")
        shown, status = open_page(view, probe, -back)
        if "倒数" not in status:  # read to the newest: the count is exact, pages numbered
            assert status.startswith(f"共找到 {len(expected)} 条结果")
            break
        backward = shown + backward
    assert backward == expected[-len(backward) :]
    assert len(backward) >= len(expected) - 10


@needs_chromium
@pytest.mark.browser
@pytest.mark.parametrize("probe", ["安全生产", "隐患 企业 落实", "压紧压实安全生产责任"])
def test_pages_deep_in_the_results_are_exact(
    column: tuple[Path, list[SearchDoc], list[str]], view: tuple[Any, str], probe: str
) -> None:
    # Each crosses files of every bigram (tiny files): the reads must meet at their edges.
    _, docs, texts = column
    expected = [docs[i].url for i in holding(texts, probe)]
    assert len(expected) > 50
    for page in (2, 4, 5):
        assert open_page(view, probe, page)[0] == expected[(page - 1) * 10 : page * 10]
