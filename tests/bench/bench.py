"""Build benchmark: our `mkdocs build` against the Python-Markdown floor and plain Material.

    python -m tests.bench.bench --sizes 50 500 --runs 3

Each build runs in a fresh process (the real `mkdocs build` command line); wall time is taken
from outside, stage times and peak RSS from inside. Results are medians over the runs.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from tests.bench.corpus import write_corpus

PROJECT = Path(__file__).resolve().parents[2]


def make_ours(root: Path, issues: int) -> None:
    """The project's own configuration and templates over a generated corpus."""
    shutil.copytree(PROJECT / "overrides", root / "overrides")
    shutil.copytree(PROJECT / "docs", root / "docs")
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    write_corpus(root, issues)


def make_peer(root: Path, issues: int) -> None:
    """Plain Material: the same issue files as ordinary pages, its own search, automatic nav."""
    write_corpus(root, issues)
    shutil.move(root / "issues", root / "docs")
    (root / "docs/index.md").write_text("# 专栏\n", encoding="utf-8")
    config = {
        "site_name": "专栏",
        "theme": {"name": "material", "language": "zh", "font": False},
        "plugins": [{"search": {"lang": "zh"}}],
        "markdown_extensions": ["attr_list", "md_in_html", "tables", "toc"],
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


def child(site: str) -> None:
    """Run `mkdocs build` in this process, timing our stages; print JSON."""
    import resource

    import mkdocs.commands.build as build_module
    from mkdocs.__main__ import cli
    from mkdocs.structure.pages import Page

    stages: dict[str, float] = defaultdict(float)

    def timed(owner: Any, name: str, stage: str) -> None:
        original: Callable[..., Any] = getattr(owner, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                stages[stage] += time.perf_counter() - start

        setattr(owner, name, wrapper)

    timed(Page, "render", "markdown")
    timed(build_module, "_build_page", "templates")
    try:
        import bulletin.mkdocs.plugin as plugin
    except ImportError:
        pass
    else:
        timed(plugin, "check_site", "load+validate")
        timed(plugin, "sanitize_html", "sanitize")
        timed(plugin.BulletinPlugin, "on_files", "generated pages")
        timed(plugin, "write_search_index", "search index")
        timed(plugin, "feed_items", "feed")
    start = time.perf_counter()
    cli(["build", "-q", "-f", str(Path(site, "mkdocs.yml"))], standalone_mode=False)
    stages["in-process total"] = time.perf_counter() - start
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"stages": stages, "rss_mb": rss_mb}))


def measure(site: Path) -> dict[str, Any]:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "tests.bench.bench", "--child", str(site)],
        cwd=PROJECT, capture_output=True, text=True, env=_env(),
    )  # fmt: skip
    wall = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    data: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    data["wall"] = wall
    data["size_mb"] = (
        sum(p.stat().st_size for p in (site / "site").rglob("*") if p.is_file()) / 2**20
    )
    return data


def _env() -> dict[str, str]:
    import os

    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def floor(site: Path) -> float:
    """Python-Markdown alone over the same issue files, one converter per file as MkDocs does."""
    import markdown

    texts = [p.read_text(encoding="utf-8") for p in sorted((site / "issues").rglob("*.md"))]
    start = time.perf_counter()
    for text in texts:
        body = text.split("\n---\n", 1)[1]
        markdown.Markdown(extensions=["attr_list", "md_in_html", "tables", "toc"]).convert(body)
    return time.perf_counter() - start


def serve_latency(site: Path, edits: int = 3) -> float:
    """Median seconds from saving an edited issue to `mkdocs serve` serving the changed page."""
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=site, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env(),
    )  # fmt: skip
    issue = sorted((site / "issues").rglob("*.md"))[-1]
    year, number = issue.parent.name, int(issue.stem)
    url = f"http://127.0.0.1:{port}/zhuanlan/issues/{year}/{number}/"

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            return ""

    try:
        deadline = time.monotonic() + 120
        while "bulletin-header" not in page():
            if time.monotonic() > deadline:
                raise SystemExit("mkdocs serve did not start")
            time.sleep(0.2)
        times = []
        for n in range(edits):
            time.sleep(1.5)  # let the watcher settle after the previous build
            marker = f"基准测试修改标记{n}"
            text = issue.read_text(encoding="utf-8")
            issue.write_text(text.replace("## ", f"## {marker}", 1), encoding="utf-8")
            start = time.perf_counter()
            while marker not in page():
                if time.perf_counter() - start > 60:
                    raise SystemExit("mkdocs serve did not rebuild")
                time.sleep(0.05)
            times.append(time.perf_counter() - start)
        return statistics.median(times)
    finally:
        server.terminate()
        server.wait(timeout=10)


def median_of(runs: list[dict[str, Any]], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def bench(sizes: list[int], runs: int, peer: bool) -> dict[int, dict[str, Any]]:
    results: dict[int, dict[str, Any]] = {}
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            ours_dir, peer_dir = Path(tmp, "ours"), Path(tmp, "peer")
            ours_dir.mkdir()
            make_ours(ours_dir, n)
            ours = [measure(ours_dir) for _ in range(runs)]
            floors = [floor(ours_dir) for _ in range(runs)]
            row: dict[str, Any] = {
                "wall": median_of(ours, "wall"),
                "rss_mb": max(r["rss_mb"] for r in ours),
                "size_mb": ours[0]["size_mb"],
                "floor": statistics.median(floors),
                "stages": {
                    s: statistics.median(r["stages"][s] for r in ours) for s in ours[0]["stages"]
                },
            }
            row["serve"] = serve_latency(ours_dir)
            if peer:
                peer_dir.mkdir()
                make_peer(peer_dir, n)
                row["peer"] = median_of([measure(peer_dir) for _ in range(runs)], "wall")
            results[n] = row
            print(f"N={n}: {json.dumps(row, ensure_ascii=False)}", file=sys.stderr)
    return results


def table(results: dict[int, dict[str, Any]]) -> str:
    lines = [
        "| issues (articles) | wall s | peak RSS MB | output MB | Markdown floor s | ours / floor | plain Material s | ours / Material | serve: edit to page s |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for n, r in results.items():
        peer = r.get("peer")
        peer_text = f"{peer:.2f}" if peer else "–"
        ratio_text = f"{r['wall'] / peer:.2f}" if peer else "–"
        lines.append(
            f"| {n} ({5 * n}) | {r['wall']:.2f} | {r['rss_mb']:.0f} | {r['size_mb']:.1f} | {r['floor']:.2f} "
            f"| {r['wall'] / r['floor']:.1f} | {peer_text} | {ratio_text} | {r['serve']:.2f} |"
        )
    stages = list(next(iter(results.values()))["stages"])
    lines += [
        "",
        "Stage times (seconds, in-process):",
        "",
        "| issues | " + " | ".join(stages) + " |",
    ]
    lines.append("| --- |" + " --- |" * len(next(iter(results.values()))["stages"]))
    for n, r in results.items():
        lines.append(f"| {n} | " + " | ".join(f"{v:.2f}" for v in r["stages"].values()) + " |")
    if len(results) >= 2:
        small, large = min(results), max(results)
        growth = results[large]["wall"] / results[small]["wall"]
        lines += [
            "",
            f"Growth from {small} to {large} issues: {growth:.1f}× the time for {large / small:.0f}× the issues.",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-peer", action="store_true", help="skip plain Material")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    print(table(bench(args.sizes, args.runs, not args.no_peer)))


if __name__ == "__main__":
    main()
