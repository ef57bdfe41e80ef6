"""Scale of a site of several columns: 20 columns × 250 issues (5,000 issues, 25,000 articles)
against one column of 5,000 issues, built back to back in each run (same load):

    python -m tests.bench.hub_bench --columns 20 --issues 250 --runs 2

Each build is the real `mkdocs build` in a fresh process, measured as tests/bench/bench.py
measures (wall from outside, CPU of the build's process tree, peak proportional set size of
the tree sampled every 0.1 s). Prints the medians and the hub/single ratios.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
from pathlib import Path
from typing import Any

from tests.bench.bench import PROJECT, make_ours, measure, write_running_config
from tests.bench.corpus import write_corpus

# The column's own sections: in a site of several they live under each column's folder.
COLUMN_SECTIONS = ("archive/", "categories/", "sources/", "statistics/")


def make_hub(root: Path, columns: int, issues: int) -> None:
    """The project's templates and site pages, `columns` columns of `issues` generated issues
    each (each column its own corpus: another seed), all running."""
    shutil.copytree(PROJECT / "overrides", root / "overrides")
    shutil.copytree(PROJECT / "docs", root / "docs")
    shutil.copy(PROJECT / "errata.yml", root / "errata.yml")
    write_running_config(root)
    config = root / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not any(f": {s}index.md" in line for s in COLUMN_SECTIONS)]
    config.write_text("\n".join(kept) + "\n", encoding="utf-8")
    for n in range(1, columns + 1):
        folder = root / "columns" / f"c{n:02d}"
        scratch = root / "scratch"
        write_corpus(scratch, issues, seed=n)
        folder.mkdir(parents=True)
        shutil.move(scratch / "issues", folder / "issues")
        shutil.rmtree(scratch)
        settings = f"column_name: 第{n}项专项行动专栏\nbulletin_name: 第{n}项专项行动工作信息\n"
        (folder / "column.yml").write_text(settings, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--columns", type=int, default=20)
    parser.add_argument("--issues", type=int, default=250, help="issues per column")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    total = args.columns * args.issues
    with tempfile.TemporaryDirectory() as tmp:
        hub, single = Path(tmp, "hub"), Path(tmp, "single")
        hub.mkdir()
        single.mkdir()
        make_hub(hub, args.columns, args.issues)
        make_ours(single, total)
        hubs: list[dict[str, Any]] = []
        singles: list[dict[str, Any]] = []
        for _ in range(args.runs):  # back to back: each pair sees the same machine load
            hubs.append(measure(hub))
            singles.append(measure(single))
        rows = {}
        for name, runs in ((f"{args.columns} × {args.issues}", hubs), (f"1 × {total}", singles)):
            rows[name] = {
                "wall": statistics.median(r["wall"] for r in runs),
                "cpu": statistics.median(r["cpu"] for r in runs),
                "rss_mb": max(r["rss_mb"] for r in runs),
                "walls": [round(r["wall"], 1) for r in runs],
            }
        ratios = {
            key: statistics.median(h[key] / s[key] for h, s in zip(hubs, singles, strict=True))
            for key in ("wall", "cpu")
        }
        ratios["rss_mb"] = max(r["rss_mb"] for r in hubs) / max(r["rss_mb"] for r in singles)
        print(json.dumps({"builds": rows, "hub/single": ratios}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
