"""Build benchmark: our `mkdocs build` against the Python-Markdown floor and plain Material.

    python -m tests.bench.bench --sizes 500 2000 5000 --runs 3 --peer-max 2000

Each build runs in a fresh process (the real `mkdocs build` command line). Wall time is taken
from outside; CPU time (user + system, the build's worker processes included) and stage times
from inside; peak RSS is sampled from outside over the build's whole process tree (main process
plus the forked page worker and search-index child; proportional set size, so pages a child
shares with its parent count once), every 0.1 s. Ours and plain Material build back to back within each run, so their ratio is taken
under the same load. Results are medians over the runs (peak RSS: the largest). At the
`--serve-sizes`, each run also starts a real `mkdocs serve` and saves an issue five times:
the figure is the median of all those saves, from writing the file to fetching the page that
shows the change.
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
    shutil.copy(PROJECT / "errata.yml", root / "errata.yml")  # every file is scanned for 错敏词
    write_running_config(root)
    write_corpus(root, issues)


def write_running_config(root: Path) -> None:
    """The project's mkdocs.yml for a campaign that is still running: the sample's has ended
    (2024), and a generated corpus runs to 2025."""
    config = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("status: ended", "status: active").replace("ended: 2024-06-30", "")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")


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
        import bulletin.mkdocs.parallel as parallel
        import bulletin.mkdocs.plugin as plugin
        import bulletin.mkdocs.site_data as site_data
    except ImportError:
        pass
    else:
        # Main-process stages only: the page worker's Markdown and sanitising and the search
        # index run in other processes; "waiting for worker" is the page loop waiting on them.
        timed(plugin, "check_site", "load+validate")
        timed(plugin, "sanitize_html", "sanitize")
        timed(plugin.BulletinPlugin, "on_files", "generated pages")
        timed(parallel.PagePool, "get", "waiting for worker")
        timed(parallel.ForkedTask, "wait", "waiting for search index")
        timed(site_data.SiteData, "write_feeds", "feed")
    start = time.perf_counter()
    cli(["build", "-q", "-f", str(Path(site, "mkdocs.yml"))], standalone_mode=False)
    stages["in-process total"] = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the joined workers
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    rss_mb = own.ru_maxrss / 1024
    print(json.dumps({"stages": stages, "main_rss_mb": rss_mb, "cpu": cpu}))


def tree_pss_mb(pid: int) -> float:
    """Proportional set size of a process and all its descendants now (Linux /proc), in MB:
    pages a forked child still shares with its parent are counted once, split between them."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue  # it ended meanwhile
        for line in rollup.splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1])
    return total / 1024


def measure(site: Path) -> dict[str, Any]:
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.bench.bench", "--child", str(site)],
        cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(),
    )  # fmt: skip
    peak = 0.0
    while process.poll() is None:  # sampled every 0.1 s: a shorter peak may be missed
        peak = max(peak, tree_pss_mb(process.pid))
        time.sleep(0.1)
    stdout, stderr = process.communicate()
    wall = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(stderr)
    data: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    data["wall"] = wall
    data["rss_mb"] = max(peak, data["main_rss_mb"])
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


def serve_latency(site: Path, edits: int = 3) -> list[float]:
    """Seconds from saving an edited issue to `mkdocs serve` serving the changed page, for each
    of `edits` saves in one serve session."""
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
        for _ in range(edits):
            time.sleep(1.5)  # let the watcher settle after the previous build
            marker = f"基准测试修改标记{time.time_ns()}"  # new in every run on the same corpus
            text = issue.read_text(encoding="utf-8")
            issue.write_text(text.replace("## ", f"## {marker}", 1), encoding="utf-8")
            start = time.perf_counter()
            while marker not in page():
                if time.perf_counter() - start > 60:
                    raise SystemExit("mkdocs serve did not rebuild")
                time.sleep(0.05)
            times.append(time.perf_counter() - start)
        return times
    finally:
        server.terminate()
        server.wait(timeout=10)


def median_of(runs: list[dict[str, Any]], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def bench(
    sizes: list[int], runs: int, peer_max: int, serve_sizes: list[int]
) -> dict[int, dict[str, Any]]:
    results: dict[int, dict[str, Any]] = {}
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            ours_dir, peer_dir = Path(tmp, "ours"), Path(tmp, "peer")
            ours_dir.mkdir()
            make_ours(ours_dir, n)
            if n <= peer_max:
                peer_dir.mkdir()
                make_peer(peer_dir, n)
            ours, peers = [], []
            for _ in range(runs):  # back to back, so each pair sees the same machine load
                ours.append(measure(ours_dir))
                if n <= peer_max:
                    peers.append(measure(peer_dir))
            floors = [floor(ours_dir) for _ in range(runs)]
            row: dict[str, Any] = {
                "wall": median_of(ours, "wall"),
                "walls": [round(r["wall"], 2) for r in ours],
                "cpu": median_of(ours, "cpu"),
                "rss_mb": max(r["rss_mb"] for r in ours),
                "main_rss_mb": max(r["main_rss_mb"] for r in ours),
                "size_mb": ours[0]["size_mb"],
                "floor": statistics.median(floors),
                "stages": {
                    s: statistics.median(r["stages"].get(s, 0.0) for r in ours)
                    for s in ours[0]["stages"]
                },
            }
            if peers:
                row["peer"] = median_of(peers, "wall")
                row["peer_cpu"] = median_of(peers, "cpu")
                row["peer_walls"] = [round(r["wall"], 2) for r in peers]
                # The median of each run's own ratio: the pair saw the same load.
                row["ratio"] = statistics.median(
                    o["wall"] / p["wall"] for o, p in zip(ours, peers, strict=True)
                )
            if n in serve_sizes:  # a serve session per run, five saves in each
                sessions = [serve_latency(ours_dir, edits=5) for _ in range(runs)]
                row["serves"] = [round(statistics.median(t), 2) for t in sessions]
                row["serve"] = statistics.median(t for times in sessions for t in times)
            results[n] = row
            print(f"N={n}: {json.dumps(row, ensure_ascii=False)}", file=sys.stderr)
    return results


def table(results: dict[int, dict[str, Any]]) -> str:
    lines = [
        "| issues (articles) | wall s | CPU s | peak memory MB (all processes / main) | output MB "
        "| Markdown floor s | plain Material wall s (CPU s) | ours / Material, wall (CPU) "
        "| serve: edit to page s |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for n, r in results.items():
        peer = r.get("peer")
        peer_text = f"{peer:.2f} ({r['peer_cpu']:.1f})" if peer else "not run"
        ratio_text = f"{r['ratio']:.2f} ({r['cpu'] / r['peer_cpu']:.2f})" if peer else "–"
        serve = f"{r['serve']:.2f}" if "serve" in r else "–"
        lines.append(
            f"| {n} ({5 * n}) | {r['wall']:.2f} | {r['cpu']:.1f} "
            f"| {r['rss_mb']:.0f} / {r['main_rss_mb']:.0f} | {r['size_mb']:.1f} "
            f"| {r['floor']:.2f} | {peer_text} | {ratio_text} | {serve} |"
        )
    stages = list(next(iter(results.values()))["stages"])
    lines += [
        "",
        "Stage times (seconds, main process, in-process):",
        "",
        "| issues | " + " | ".join(stages) + " |",
        "| --- |" + " --- |" * len(stages),
    ]
    for n, r in results.items():
        lines.append(
            f"| {n} | " + " | ".join(f"{r['stages'].get(s, 0):.2f}" for s in stages) + " |"
        )
    if len(results) >= 2:
        small, large = min(results), max(results)
        wall = results[large]["wall"] / results[small]["wall"]
        cpu = results[large]["cpu"] / results[small]["cpu"]
        lines += [
            "",
            f"Growth from {small} to {large} issues: {wall:.1f}× the wall time and {cpu:.1f}× "
            f"the CPU time for {large / small:.0f}× the issues.",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--peer-max", type=int, default=2000, help="build plain Material up to this many issues"
    )
    parser.add_argument("--serve-sizes", type=int, nargs="*", default=[500])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    print(table(bench(args.sizes, args.runs, args.peer_max, args.serve_sizes)))


if __name__ == "__main__":
    main()
