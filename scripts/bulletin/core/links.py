"""Links from issues: to another issue (its file, `02.md#锚点`), to an article of the same issue
(`#锚点`) or to a hand-written page (`../../docs/about.md`).

Each link is resolved once, here, against the loaded column: a broken one is a problem with the
editor's file and line; a good one records the project-relative file it lands on. `bulletin
check` stops here; the build's Markdown extension points the rendered `<a href>` at that file,
so MkDocs turns it into the page's URL. There is no second resolver to disagree with this one.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .model import Issue, Link
from .problems import Problem
from .slugs import heading_ids, split_explicit_id
from .sources import read_text

_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")


def resolve_links(
    root: Path, issues: list[Issue], docs: str, held: dict[str, date] | None = None
) -> list[Problem]:
    """Resolve every link of `issues` (replacing their `links`); the broken ones as problems.

    `docs` is the hand-written pages' folder relative to the project root (usually `docs`);
    `held`, the issues dated after the build day that wait for their date (path → date)."""
    by_path = {issue.path: issue for issue in issues}
    waiting = held or {}
    pages = _PageAnchors(root)
    problems: list[Problem] = []
    for issue in issues:
        resolved = []
        for link in issue.links:
            found, message = _resolve(issue, link, by_path, docs, pages)
            day = waiting.get(found.target or "") if message is None else None
            if day is not None and issue.path not in waiting and not issue.is_draft:
                message = f"「{link.written}」指向的期刊 {day} 才发布，届时才能链接"
            if message:
                problems.append(Problem(issue.path, link.line, "链接", message))
            else:
                resolved.append(found)
        issue.links = resolved
    return problems


def anchors_of(issue: Issue) -> set[str]:
    """Every id an issue page has for its headings: articles' anchors and minor headings'."""
    return {a.anchor for a in issue.articles} | set(issue.minor_heading_ids)


def _resolve(
    issue: Issue, link: Link, by_path: dict[str, Issue], docs: str, pages: _PageAnchors
) -> tuple[Link, str | None]:
    parts = urlsplit(link.written)
    anchor = unquote(parts.fragment) or None
    if not parts.path:  # an article of this issue
        if anchor not in anchors_of(issue):
            return link, f"本期没有锚点为「{anchor}」的文章"
        return replace(link, anchor=anchor), None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(issue.path), unquote(parts.path)))
    other = by_path.get(target)
    if other is not None:
        if other.is_draft and not issue.is_draft:
            return link, f"「{link.written}」指向的期刊是草稿，发布后才能链接"
        if anchor and anchor not in anchors_of(other):
            return link, f"{other.path} 中没有锚点为「{anchor}」的文章"
        return replace(link, target=target, anchor=anchor), None
    if target.startswith(f"{docs}/") and pages.exists(target):
        if anchor and anchor not in pages.anchors(target):
            return link, f"{target} 中没有锚点为「{anchor}」的标题"
        return replace(link, target=target, anchor=anchor), None
    if pages.exists(target):
        return link, f"「{link.written}」指向的期刊未发布（草稿）或不在 issues/ 中"
    return link, f"「{link.written}」指向的文件不存在"


class _PageAnchors:
    """Hand-written pages' heading ids, read once per page that issues link to."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._cache: dict[str, set[str]] = {}

    def exists(self, target: str) -> bool:
        return not target.startswith("../") and (self.root / target).is_file()

    def anchors(self, target: str) -> set[str]:
        if target not in self._cache:
            self._cache[target] = _page_heading_ids(self.root / target, target)
        return self._cache[target]


def _page_heading_ids(path: Path, shown: str) -> set[str]:
    # The one safe reader (regular files only, bounded size); its problems are the page's own.
    text = (read_text(path, shown) or "").replace("\r\n", "\n")
    if text.startswith("---\n"):  # front matter holds no headings
        end = text.find("\n---\n", 4)
        text = text[end + 5 :] if end >= 0 else text
    explicit: set[str] = set()
    plain: list[str] = []
    in_code = False
    for line in text.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        heading = None if in_code else _ATX.match(line)
        if heading:
            title, given = split_explicit_id(heading.group(2))
            if given:
                explicit.add(given)
            else:
                plain.append(title)
    return set(heading_ids(plain, explicit))
