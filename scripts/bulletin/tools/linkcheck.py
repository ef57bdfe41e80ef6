"""Checking a built site: every internal link and image leads to a file, every #anchor to an id.

Run on the output (`python -m bulletin.tools.linkcheck site`) by CI and `scripts/publish` before a
release goes live, so a broken link never reaches readers.
"""

from __future__ import annotations

import argparse
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .settings import site_path


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name"):
            if values.get(name):
                self.ids.add(str(values[name]))
        attribute = {"a": "href", "link": "href", "img": "src", "script": "src"}.get(tag)
        if attribute and values.get(attribute):
            self.links.append((str(values[attribute]), self.getpos()[0]))


def _parse(path: Path, cache: dict[Path, _Page]) -> _Page:
    if path not in cache:
        page = _Page()
        page.feed(path.read_text(encoding="utf-8", errors="replace"))
        cache[path] = page
    return cache[path]


def _target(site: Path, page: Path, link: str) -> tuple[Path, str] | None:
    """The file and fragment an internal link points to; None for other sites and schemes."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith("//"):
        return None
    if not parts.path:
        return page, unquote(parts.fragment)
    base = site if parts.path.startswith("/") else page.parent
    path = (base / unquote(parts.path.lstrip("/"))).resolve()
    if path.is_dir():
        path = path / "index.html"
    return path, unquote(parts.fragment)


def check_site(site: Path, prefix: str = "") -> list[str]:
    """One message per broken link, `page:line: 链接「…」…`. `prefix` is the site's URL path
    (e.g. /zhuanlan/), which root-relative links carry."""
    site = site.resolve()
    cache: dict[Path, _Page] = {}
    broken = []
    for page_path in sorted(site.rglob("*.html")):
        for link, line in _parse(page_path, cache).links:
            if prefix and link.startswith(prefix):
                link = "/" + link[len(prefix) :]
            found = _target(site, page_path, link)
            if found is None:
                continue
            path, fragment = found
            where = f"{page_path.relative_to(site).as_posix()}:{line}"
            if not path.is_file() or not path.is_relative_to(site):
                broken.append(f"{where}: 链接「{link}」指向的文件不存在")
            elif fragment and path.suffix == ".html" and fragment not in _parse(path, cache).ids:
                broken.append(f"{where}: 链接「{link}」的锚点不存在")
    return broken


def main(argv: list[str] | None = None) -> int:
    """`python -m bulletin.tools.linkcheck [SITE_DIR] [URL_PATH]`: exit 1 when any link is
    broken, 2 when the folder is not a built site."""
    parser = argparse.ArgumentParser(
        prog="python -m bulletin.tools.linkcheck", description="检查已生成网站中的全部链接和锚点"
    )
    parser.add_argument("site", nargs="?", default="site", help="已生成的网站目录（默认 site）")
    parser.add_argument(
        "url_path",
        nargs="?",
        help="网站地址的路径部分，例如 /zhuanlan/；默认读取 mkdocs.yml 的 site_url",
    )
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="站点配置文件")
    args = parser.parse_args(argv)
    folder = Path(args.site)
    if not (folder / "index.html").is_file():
        print(
            f"{folder}: 不是已生成的网站目录（其中没有 index.html），请先运行 mkdocs build",
            file=sys.stderr,
        )
        return 2
    prefix = args.url_path if args.url_path is not None else site_path(Path(args.config_file))
    broken = check_site(folder, prefix)
    for message in broken:
        print(message)
    print(f"链接检查：{len(broken)} 处错误", file=sys.stderr)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
