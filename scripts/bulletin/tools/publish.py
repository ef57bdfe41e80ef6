"""Publishing to a bureau's own web server: build a new release beside the live one, verify it,
then switch the `current` symlink in one atomic rename. A failed step leaves the live site as
it was; `rollback` switches back to the previous release.

    <webroot>/releases/<id>/   one built site per release
    <webroot>/current          -> releases/<id>, the folder the web server serves
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from ..core.swap import remove, swap
from .linkcheck import check_site
from .settings import site_path


class PublishError(Exception):
    """A step failed; the message says which, in Chinese."""


def releases(webroot: Path) -> list[Path]:
    """Finished releases, oldest first (ids sort by time)."""
    folder = webroot / "releases"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def live_release(webroot: Path) -> Path | None:
    current = webroot / "current"
    return current.resolve() if current.is_symlink() else None


def switch(webroot: Path, release: Path) -> None:
    """Point `current` at `release` atomically: a new link put in place of the old one (the
    build's own swap of site/, core/swap.py)."""
    staging = webroot / ".current.new"
    remove(staging)
    staging.symlink_to(release.relative_to(webroot), target_is_directory=True)
    swap(staging, webroot / "current", webroot / ".current.previous")


def build_release(project: Path, webroot: Path, url_path: str) -> Path:
    """Build with --strict into a hidden folder, check its links, then give it its name."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    folder = webroot / "releases"
    folder.mkdir(parents=True, exist_ok=True)
    staging = folder / f".building-{stamp}"
    try:
        build = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(staging)],
            cwd=project, capture_output=True, text=True,
        )  # fmt: skip
        if build.returncode != 0:
            raise PublishError(f"构建失败，线上网站未改动：\n{build.stderr.strip()}")
        broken = check_site(staging, url_path)
        if broken:
            raise PublishError("链接检查未通过，线上网站未改动：\n" + "\n".join(broken))
        release = folder / stamp
        staging.rename(release)
        return release
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def prune(webroot: Path, keep: int) -> None:
    """Remove all but the newest `keep` releases, never the live one."""
    live = live_release(webroot)
    for old in releases(webroot)[:-keep]:
        if old.resolve() != live:
            shutil.rmtree(old)


def deploy(project: Path, webroot: Path, keep: int, url_path: str) -> Path:
    release = build_release(project, webroot, url_path)
    switch(webroot, release)
    prune(webroot, keep)
    return release


def rollback(webroot: Path) -> Path:
    """Serve the release before the live one again."""
    available = releases(webroot)
    live = live_release(webroot)
    earlier = [r for r in available if live is not None and r.name < live.name]
    if not earlier:
        raise PublishError("没有可以回退的上一个版本")
    switch(webroot, earlier[-1])
    return earlier[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/publish", description="发布到本单位的网站服务器")
    parser.add_argument("command", choices=["deploy", "rollback", "status"])
    parser.add_argument(
        "--webroot", required=True, type=Path, help="网站目录（其中 current 供网站服务器使用）"
    )
    parser.add_argument(
        "--project", type=Path, default=Path.cwd(), help="项目目录（mkdocs.yml 所在）"
    )
    parser.add_argument("--keep", type=int, default=5, help="保留最近几个版本")
    parser.add_argument(
        "--url-path", help="网站的 URL 路径，如 /zhuanlan/（默认取 mkdocs.yml 的 site_url）"
    )
    args = parser.parse_args(argv)
    webroot = args.webroot.resolve()
    project = args.project.resolve()
    url_path = args.url_path if args.url_path is not None else site_path(project / "mkdocs.yml")
    try:
        if args.command == "deploy":
            release = deploy(project, webroot, max(args.keep, 1), url_path)
            print(f"已发布：{release.name}")
        elif args.command == "rollback":
            print(f"已回退到：{rollback(webroot).name}")
        else:
            live = live_release(webroot)
            for release in releases(webroot):
                print(("* " if release == live else "  ") + release.name)
    except PublishError as error:
        print(error, file=sys.stderr)
        return 1
    return 0
