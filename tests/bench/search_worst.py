"""Search benchmark that looks for its own worst case: for each size it generates a dense
column (tests/bench/dense_corpus.py), writes the index in-process, makes probes from the corpus
(tests/bench/probes.py: rare phrases of common pairs, rare conjunctions of frequent words, and
the typical queries), and opens each in Debian's Chromium against a loopback server that sends
every file gzip-compressed (level 6). Every response of the search (search.js and each file
under search/, not the page itself) is counted as sent. Each page is checked against a
substring search of the folded texts: the ten results shown, and the count (exact unless
marked 约, then within 0.5–2 ×).

    python -m tests.bench.search_worst --sizes 2500 10000 --last --phone 10000

`--columns 20` spreads the articles over 20 columns (a site of several, README) and measures
every probe twice: across the site, and within one column (`&column=c00`).
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import re
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.bench.corpus import PHRASES
from tests.bench.dense_corpus import OBJECTS, VERBS, dense_docs
from tests.bench.probes import (
    TYPICAL,
    conjunction_probes,
    holding,
    phrase_probes,
    stock_words,
)
from tests.browser import chromium
from tests.search_site import serve_gzip, write_search_site

from bulletin.core.search import SearchDoc, fold, write_column_indexes, write_search_index

ISSUE_PROBES = [  # the issue's own examples, whatever their density here
    "压紧压实安全生产责任",
    "全面推进安全生产分类分级精细化监管",
    "安全 工作 企业 生产 管理 检查 隐患 排查 整治 责任",
]
PHONE = {  # Slow 4G as the issue states it
    "offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8,
    "uploadThroughput": 750_000 / 8,
}  # fmt: skip


@dataclass
class Measured:
    gzip: int
    requests: int
    ms: float
    status: str
    correct: str  # "ok", or what is wrong
    parts: dict[str, int]  # gzip bytes by kind of file (dir, a, p, docs, ...)


def index_cpu(docs: list[SearchDoc]) -> float:
    with tempfile.TemporaryDirectory() as out:
        before = os.times()
        write_search_index(Path(out), docs)
        write_column_indexes(Path(out), docs)  # a site of several columns: each one's own too
        after = os.times()
    return (after.user - before.user) + (after.system - before.system)


def check(
    docs: list[SearchDoc], found: list[int], shown: list[str], status: str, last: bool
) -> str:
    """What is wrong with a page showing `shown` (URLs) and `status`, or "ok"."""
    numbers = [int(n) for n in re.findall(r"\d+", status)]
    if not found:
        return "ok" if not shown and "没有找到" in status else f"expected nothing: {status}"
    total, estimated = numbers[0], "约" in status
    if estimated and not 0.5 * len(found) <= total <= 2 * len(found):
        return f"estimate {total} for {len(found)}"
    if not estimated and total != len(found):
        return f"count {total} for {len(found)}"
    if not last:
        expected = found[:10]
    elif estimated:  # counted from the end: the oldest ten
        back = int(re.search(r"倒数第 (\d+) 页", status).group(1))  # type: ignore[union-attr]
        expected = found[len(found) - 10 * back :][:10]
    else:
        expected = found[(len(found) - 1) // 10 * 10 :]
    urls = [docs[i].url for i in expected]
    return "ok" if shown == urls else f"shown {len(shown)} differ from the truth"


def measure(
    browser: Any, base: str, query: str, page: str, phone: bool = False, column: str | None = None
) -> tuple[Measured, list[str]]:
    context = browser.new_context()
    tab = context.new_page()
    if phone:
        cdp = context.new_cdp_session(tab)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", PHONE)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    sizes: list[int] = []
    parts: dict[str, int] = {}

    def keep(response: Any) -> None:
        path = urllib.parse.urlsplit(response.url).path
        if path.endswith("/search.js") or ("/search/" in path and not path.endswith("/")):
            sizes.append(len(gzip.compress(response.body(), compresslevel=6, mtime=0)))
            kind = path.rsplit("/", 2)[-2] if "/search/" in path else "js"
            parts[kind] = parts.get(kind, 0) + sizes[-1]

    tab.on("response", keep)
    params = {"q": query} | ({"page": page} if page != "1" else {})
    params |= {"column": column} if column else {}
    started = time.perf_counter()
    tab.goto(f"{base}search/?{urllib.parse.urlencode(params)}")
    tab.wait_for_selector("[data-search-state=done]", state="attached", timeout=120_000)
    ms = (time.perf_counter() - started) * 1000
    tab.wait_for_load_state("networkidle")
    status = tab.inner_text("#search-status")
    links = tab.eval_on_selector_all(
        "[data-search-results] a", "els => els.map(e => e.getAttribute('href'))"
    )
    context.close()
    shown = [urllib.parse.unquote(h.removeprefix("./../")) for h in links]
    return Measured(sum(sizes), len(sizes), ms, status, "", parts), shown


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[2500, 10000])
    parser.add_argument("--last", action="store_true", help="also measure 末页 of every probe")
    parser.add_argument(
        "--phone", type=int, nargs="*", default=[], help="sizes to time on a phone profile"
    )
    parser.add_argument("--no-browser", action="store_true", help="index build CPU only")
    parser.add_argument("--columns", type=int, default=0, help="spread over this many columns")
    args = parser.parse_args()
    for size in args.sizes:
        docs = dense_docs(size)
        for i, doc in enumerate(docs if args.columns else []):  # round robin: every column
            doc.column = f"c{i % args.columns:02d}"  # holds articles of every period
            doc.column_name = f"第{i % args.columns}项专项行动专栏"
        cpu = index_cpu(docs)
        load = os.getloadavg()[0]
        print(f"\n{size:,} articles: index build {cpu:.2f} s CPU (load {load:.1f})", flush=True)
        if args.no_browser:
            continue
        texts = [fold(d.searchable) for d in docs]
        rng = random.Random(size)
        probes = {q: "typical" for q in TYPICAL} | {q: "issue" for q in ISSUE_PROBES}
        probes |= {q: "phrase" for q in phrase_probes(texts, rng)}
        words = stock_words(VERBS + OBJECTS + PHRASES)
        probes |= {q: "conjunction" for q in conjunction_probes(texts, words, rng)}
        worst: dict[str, tuple[int, str]] = {}
        with (
            tempfile.TemporaryDirectory() as tmp,
            serve_gzip(Path(tmp)) as base,
            chromium() as browser,
        ):
            write_search_site(Path(tmp), docs)
            for query, kind in probes.items():
                everywhere = holding(texts, query)
                for column in [None, "c00"] if args.columns else [None]:
                    found = [i for i in everywhere if column is None or docs[i].column == column]
                    for page in ["1", "last"] if args.last else ["1"]:
                        m, shown = measure(browser, base, query, page, column=column)
                        m.correct = check(docs, found, shown, m.status, page == "last")
                        where = f" column={column}" if column else ""
                        print(
                            f"  [{kind}]{where} {query} ({len(found) / size:.1%}) page {page}: "
                            f"{m.gzip / 1024:.1f} KB gzip, {m.requests} responses, {m.ms:.0f} ms; "
                            f"{m.status}; {m.correct}; "
                            + " ".join(f"{k} {v / 1024:.0f}" for k, v in sorted(m.parts.items())),
                            flush=True,
                        )
                        key = page + where
                        if m.gzip > worst.get(key, (0, ""))[0]:
                            worst[key] = (m.gzip, query)
            for page, (size_bytes, query) in worst.items():
                print(f"  worst page {page}: {size_bytes / 1024:.1f} KB gzip, {query}")
            if size in args.phone:
                for query in [worst["1"][1], "安全生产"]:
                    times = [measure(browser, base, query, "1", phone=True)[0].ms for _ in range(3)]
                    print(
                        f"  phone profile, {query}: {sorted(times)[1]:.0f} ms median of 3 ({times})"
                    )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))
    main()
