"""Search benchmark: index build CPU time, the bytes a query's first page downloads, and what an
ordinary page fetches.

    python -m tests.bench.search_bench --sizes 500 2000 5000 --runs 3

For each size (N issues × 5 articles) it builds the generated column with the real
`mkdocs build`, then times the index alone in-process (CPU seconds of `write_search_index`,
median of --runs). It serves the site on loopback and opens the search page in Debian's
Chromium once per query and run, in a fresh browser context (nothing cached), recording every
response the page really receives: the first-page download is the sum over search.js and every
file under search/ (not the HTML page itself) of the body gzip-compressed at level 6, as a web
server with gzip on sends it; raw bytes too. Bytes are the same every run; the time from
navigation to the finished result list is the median over the runs. Finally it opens an
ordinary issue page and lists what it fetched that is not the page or a static asset.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.bench.bench import PROJECT, _env, make_ours
from tests.bench.corpus import first_day, raw_articles
from tests.browser import chromium, serve

QUERIES = [
    "安全",
    "安全生产",
    "压紧压实安全生产责任",
    "开展危险化学品企业安全风险隐患排查",
    "安全 工作 企业 生产 管理 检查 隐患 排查 整治 责任",
    "航天飞机",
]


@dataclass
class Query:
    raw: int = 0
    gzip: int = 0
    requests: int = 0
    seconds: list[float] = field(default_factory=list)
    status: str = ""
    exact: bool | None = None  # the page shows what a substring search of the Markdown finds


CHECKED = {True: "exact", False: "NOT EXACT", None: "not checked (relevance order)"}


def index_cpu_seconds(site: Path, runs: int) -> float:
    """CPU seconds (user + system) to write the index, the column already loaded; median."""
    from bulletin.core.column import load_column
    from bulletin.core.pages import build_index
    from bulletin.core.search import search_docs, write_search_index
    from bulletin.mkdocs.config import BulletinConfig, to_column
    from bulletin.tools.settings import plugin_options

    config = BulletinConfig()
    config.load_dict(plugin_options(site / "mkdocs.yml"))
    config.validate()
    column = to_column(config)
    docs = search_docs(build_index(load_column(site, column)).articles, column)
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as out:
            start = time.process_time()
            write_search_index(Path(out), docs)
            times.append(time.process_time() - start)
    return statistics.median(times)


def is_search_file(url: str) -> bool:
    path = urllib.parse.urlsplit(url).path
    return path.endswith("/search.js") or ("/search/" in path and not path.endswith("/search/"))


def measure_queries(site: Path, runs: int, **params: str) -> dict[str, Query]:
    results = {q: Query() for q in QUERIES}
    with serve(site / "site") as base, chromium() as browser:
        for run in range(runs):
            for text, query in results.items():
                page = browser.new_context().new_page()  # type: ignore[attr-defined]
                bodies: list[bytes] = []

                def keep(response: Any, into: list[bytes] = bodies) -> None:
                    if is_search_file(response.url):
                        into.append(response.body())

                page.on("response", keep)
                url = f"{base}search/?{urllib.parse.urlencode({'q': text, **params})}"
                start = time.perf_counter()
                page.goto(url)
                page.wait_for_selector("[data-search-state=done]", state="attached")
                query.seconds.append(time.perf_counter() - start)
                page.wait_for_load_state("networkidle")
                if run == 0:
                    query.raw = sum(map(len, bodies))
                    query.gzip = sum(len(gzip.compress(b, compresslevel=6)) for b in bodies)
                    query.requests = len(bodies)
                    query.status = page.inner_text("#search-status")
                    titles = page.eval_on_selector_all(
                        "[data-search-results] a", "els => els.map(e => e.textContent)"
                    )
                    if "sort" not in params:  # the check knows date order only
                        query.exact = titles == expected(site, text, params.get("page", "1"))
                page.context.close()
    return results


def expected(site: Path, query: str, page: str) -> list[str]:
    """Titles the result page should show: the articles whose Markdown holds every term."""
    terms = query.split()
    found = [t for _, t, raw in raw_articles(site) if all(term in raw for term in terms)]
    start = (len(found) - 1) // 10 * 10 if page == "last" else (int(page) - 1) * 10
    return found[start : start + 10]


def plain_page_fetches(site: Path, issues: int) -> list[str]:
    """What an ordinary issue page fetches besides itself and the theme's static assets."""
    with serve(site / "site") as base, chromium() as browser:
        page = browser.new_context().new_page()  # type: ignore[attr-defined]
        urls: list[str] = []
        page.on("request", lambda r: urls.append(r.url))
        page.goto(f"{base}issues/{first_day(issues).year}/1/")
        page.wait_for_load_state("networkidle")
        page.context.close()
    return [
        u.removeprefix(base) for u in urls[1:] if not u.removeprefix(base).startswith("assets/")
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--page", default="1", help="result page to measure (a number or last)")
    parser.add_argument("--sort", default="date", choices=["date", "relevance"])
    args = parser.parse_args()
    rows = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            site = Path(tmp)
            make_ours(site, n)
            started = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "-q"], cwd=site, env=_env()
            )
            assert result.returncode == 0
            built = time.perf_counter() - started
            files = [p for p in (site / "site/search").rglob("*") if p.is_file()]
            size = sum(p.stat().st_size for p in files) / 2**20
            cpu = index_cpu_seconds(site, args.runs)
            extra = {"page": args.page} if args.page != "1" else {}
            extra |= {"sort": args.sort} if args.sort != "date" else {}
            queries = measure_queries(site, args.runs, **extra)
            plain = plain_page_fetches(site, n)
            rows.append((n, cpu, size, len(files), built, queries, plain))
            print(
                f"{5 * n} articles: index {cpu:.2f} s CPU, {size:.1f} MB in {len(files)} files,"
                f" whole build {built:.0f} s; plain page also fetches {plain or 'nothing'}",
                flush=True,
            )
            for text, q in queries.items():
                print(
                    f"  {text}: {q.gzip / 1024:.1f} KB gzip ({q.raw / 1024:.1f} KB raw,"
                    f" {q.requests} requests), {statistics.median(q.seconds) * 1000:.0f} ms"
                    f" median; {q.status}; {CHECKED[q.exact]}",
                    flush=True,
                )
    print()
    print("| query | " + " | ".join(f"{5 * r[0]:,} articles" for r in rows) + " |")
    print("| --- |" + " --- |" * len(rows))
    for text in QUERIES:
        cells = [
            f"{r[5][text].gzip / 1024:.0f} KB ({r[5][text].requests} files, "
            f"{statistics.median(r[5][text].seconds) * 1000:.0f} ms)"
            for r in rows
        ]
        print(f"| {text} | " + " | ".join(cells) + " |")
    print("| index build, CPU s (median) | " + " | ".join(f"{r[1]:.2f}" for r in rows) + " |")


if __name__ == "__main__":
    sys.path.insert(0, str(PROJECT))
    main()
