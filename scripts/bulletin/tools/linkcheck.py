"""Checking a built site: every internal link and image leads to a file, every #anchor to an id.

Run on the output (`python -m bulletin.tools.linkcheck site`) by CI and `scripts/publish` before a
release goes live, so a broken link never reaches readers.
"""

from __future__ import annotations

import argparse
import sys
from functools import partial
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .settings import site_path

# Elements that make a browser load something, and the attribute naming it.
_LOADS = {"img": "src", "script": "src", "iframe": "src", "embed": "src", "source": "src",
          "audio": "src", "video": "src", "track": "src", "object": "data"}  # fmt: skip
_LINKED = {"alternate", "canonical", "prev", "next", "author", "license", "search"}


class Page(HTMLParser):
    """What the checks read from one HTML page: ids, links, <meta> values, loaded resources."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, int]] = []
        self.anchors: list[str] = []  # <a href>: what a reader can click
        self.meta: dict[str, str] = {}  # <meta name> and <meta property> → content
        self.resources: list[str] = []  # what the browser loads with the page

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        for name in ("id", "name"):
            if values.get(name) and tag != "meta":
                self.ids.add(values[name])
        attribute = {"a": "href", "link": "href", "img": "src", "script": "src"}.get(tag)
        if attribute and values.get(attribute):
            self.links.append((values[attribute], self.getpos()[0]))
        if tag == "a" and values.get("href"):
            self.anchors.append(values["href"])
        if tag == "meta" and (values.get("name") or values.get("property")):
            self.meta[values.get("name") or values["property"]] = values.get("content", "")
        if tag in _LOADS and values.get(_LOADS[tag]):
            self.resources.append(values[_LOADS[tag]])
        if (
            tag == "link"
            and values.get("href")
            and not _LINKED & set(values.get("rel", "").split())
        ):
            self.resources.append(values["href"])


def parse_page(path: Path, cache: dict[Path, Page]) -> Page:
    """The parsed page, read once per run."""
    if path not in cache:
        page = Page()
        page.feed(path.read_text(encoding="utf-8", errors="replace"))
        cache[path] = page
    return cache[path]


def target(site: Path, page: Path, link: str, prefix: str = "") -> tuple[Path, str] | None:
    """The file and fragment an internal link points to; None for other sites and schemes.
    `prefix` is the site's URL path (e.g. /zhuanlan/), which root-relative links carry."""
    if prefix and link.startswith(prefix):
        link = "/" + link[len(prefix) :]
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
    cache: dict[Path, Page] = {}
    parse = partial(parse_page, cache=cache)
    broken = []
    for page_path in sorted(site.rglob("*.html")):
        for link, line in parse(page_path).links:
            found = target(site, page_path, link, prefix)
            if found is None:
                continue
            path, fragment = found
            where = f"{page_path.relative_to(site).as_posix()}:{line}"
            if not path.is_file() or not path.is_relative_to(site):
                broken.append(f"{where}: 链接「{link}」指向的文件不存在")
            elif (
                fragment and path.suffix == ".html" and fragment not in parse_page(path, cache).ids
            ):
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
