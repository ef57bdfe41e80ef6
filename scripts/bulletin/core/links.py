"""Links between pages: an issue may link to another issue (its file, `02.md#锚点`), to an
article of its own (`#锚点`) or to a hand-written page (`../../docs/about.md`). Each link is
checked against the column at build time and rewritten to the page it lands on."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .model import Issue
from .problems import Problem


def resolve_links(root: Path, issues: list[Issue], docs: Path) -> list[Problem]:
    """Check every .md and # link of the published issues; rewrite good ones in place."""
    by_file = {(root / issue.path).resolve(): issue for issue in issues}
    problems: list[Problem] = []
    for issue in issues:
        rewrites: dict[str, str] = {}
        for target, line in issue.links:
            new, problem = _resolve(root, issue, target, by_file, docs.resolve())
            if problem:
                problems.append(Problem(issue.path, line, "链接", problem))
            elif new != target:
                rewrites[target] = new
        if rewrites:
            _rewrite(issue, rewrites)
    return problems


def _resolve(
    root: Path, issue: Issue, target: str, by_file: dict[Path, Issue], docs: Path
) -> tuple[str, str | None]:
    parts = urlsplit(target)
    anchor = unquote(parts.fragment)
    if not parts.path:  # an article of this issue
        if anchor not in {a.anchor for a in issue.articles}:
            return target, f"本期没有锚点为「{anchor}」的文章"
        return target, None
    file = ((root / issue.path).parent / unquote(parts.path)).resolve()
    here = issue.page_uri.rsplit("/", 1)[0]
    if file in by_file:
        other = by_file[file]
        if other.draft and not issue.draft:
            return target, f"「{target}」指向的期刊是草稿，发布后才能链接"
        if anchor and anchor not in {a.anchor for a in other.articles}:
            return target, f"{other.path} 中没有锚点为「{anchor}」的文章"
        new = posixpath.relpath(other.page_uri, here)
        return new + (f"#{parts.fragment}" if parts.fragment else ""), None
    if file.is_relative_to(docs) and file.is_file():
        page = file.relative_to(docs).as_posix()
        return posixpath.relpath(page, here) + (
            f"#{parts.fragment}" if parts.fragment else ""
        ), None
    if file.is_file():
        return target, f"「{target}」指向的期刊未发布（草稿）或不在 issues/ 中"
    return target, f"「{target}」指向的文件不存在"


def _rewrite(issue: Issue, rewrites: dict[str, str]) -> None:
    def apply(markdown: str) -> str:
        for old, new in rewrites.items():
            markdown = markdown.replace(f"]({old})", f"]({new})")
        return markdown

    issue.preamble = apply(issue.preamble)
    if issue.editor_note:
        issue.editor_note = apply(issue.editor_note)
    for article in issue.articles:
        article.body = apply(article.body)
