"""Search benchmark: index build time and size, bytes one query downloads, bytes a plain page loads.

    python -m tests.bench.search_bench --sizes 50 500

Builds the generated column (N issues × 5 articles) with the real `mkdocs build`, times the
index writing alone in-process (median of 3), then opens the search page in Debian's Chromium
for each probe query and counts every byte fetched for search (script, metadata, shards,
result records), raw and gzip-compressed as a web server would send it.
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
from pathlib import Path
from typing import Any

from tests.bench.bench import PROJECT, _env, make_ours
from tests.browser import chromium, serve

PROBES = [
    "排查",
    "整改",
    "城镇",
    "隐患",
    "重大事故隐患",
    "城镇燃气",
    "管控",
    "挂牌督办",
    "隱患",
    "城镇 排查",
]


def index_seconds(site: Path) -> float:
    from bulletin.core.column import load_column
    from bulletin.core.pages import build_index
    from bulletin.core.search import search_docs, write_search_index
    from bulletin.mkdocs.config import BulletinConfig, to_column
    from bulletin.tools.settings import plugin_options

    config = BulletinConfig()
    config.load_dict(plugin_options(site / "mkdocs.yml"))
    config.validate()
    column = to_column(config)
    articles = build_index(load_column(site, column)).articles
    times = []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            write_search_index(Path(out), search_docs(articles, column))
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def query_bytes(site: Path) -> tuple[list[tuple[int, int]], int]:
    """(raw, gzip) bytes per probe query; bytes fetched for search by a plain issue page."""
    per_query = []
    with serve(site / "site") as base, chromium() as browser:
        for probe in PROBES:
            page = browser.new_context().new_page()  # type: ignore[attr-defined]
            bodies: list[bytes] = []

            def keep(response: Any, into: list[bytes] = bodies) -> None:
                if (
                    "/search/" in response.url and not response.url.endswith("/search/")
                ) or "search.js" in response.url:
                    into.append(response.body())

            page.on("response", keep)
            page.goto(f"{base}search/?q={urllib.parse.quote(probe)}")
            page.wait_for_selector("[data-search-state=done]", state="attached")
            page.wait_for_load_state("networkidle")
            per_query.append((sum(map(len, bodies)), sum(len(gzip.compress(b)) for b in bodies)))
            page.context.close()
        page = browser.new_context().new_page()  # type: ignore[attr-defined]
        plain: list[str] = []
        page.on("request", lambda r: plain.append(r.url) if "search" in r.url else None)
        page.goto(f"{base}issues/2016/1/")
        page.wait_for_load_state("networkidle")
    return per_query, len(plain)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500])
    args = parser.parse_args()
    print(
        "| articles | index build s | index on disk MB | files | query raw KB (median / max) | query gzip KB (median / max) | search requests on a plain page |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            site = Path(tmp)
            make_ours(site, n)
            result = subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "-q"], cwd=site, env=_env()
            )
            assert result.returncode == 0
            files = [p for p in (site / "site/search").rglob("*") if p.is_file()]
            size = sum(p.stat().st_size for p in files) / 2**20
            seconds = index_seconds(site)
            per_query, plain = query_bytes(site)
            raw = [r for r, _ in per_query]
            gz = [g for _, g in per_query]
            print(
                f"| {5 * n} | {seconds:.2f} | {size:.1f} | {len(files)} "
                f"| {statistics.median(raw) / 1024:.0f} / {max(raw) / 1024:.0f} "
                f"| {statistics.median(gz) / 1024:.0f} / {max(gz) / 1024:.0f} | {plain} |"
            )


if __name__ == "__main__":
    sys.path.insert(0, str(PROJECT))
    main()
