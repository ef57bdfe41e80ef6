"""Loading a column: find issue files, read and validate each, number them, resolve links.

Every issue file is validated, drafts included, whether the caller is `bulletin check`, a build
or a preview: they report the same problems for the same files. Which issues are published is
a separate choice (`LoadedColumn.issues`): drafts only in a preview.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from .body import ParsedBody, parse_body
from .dates import build_instant
from .drafting import placeholders_in
from .forking import in_two
from .links import resolve_links
from .model import Column, FrontMatter, Issue, default_title
from .numbering import check_numbering, link_issues
from .problems import Problem
from .schedule import due_at, future_notice, is_future
from .schema import validate
from .slugs import heading_ids
from .sources import SourceFile, read_source

_YEAR = re.compile(r"^\d{4}$")
_ISSUE_NAME = re.compile(r"^(\d+)\.md$")


@dataclass
class LoadedColumn:
    """Everything read from `issues/`: the issues the site shows, oldest first, and problems."""

    column: Column
    issues: list[Issue] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def newest_first(self) -> list[Issue]:
        return list(reversed(self.issues))


@dataclass
class IssueCache:
    """What reading (and scanning) each file gave, kept across the rebuilds of one preview: an
    edit re-reads one file, not the column (reading and scanning 500 issues cost about 1 s of
    CPU a rebuild on the busy 2-core machine, profiled).

    A file is read again when its size or modification time changes, or its folder's (a file
    added beside an issue may be an image it names); callers get fresh copies of issues,
    because loading a column links and resolves the issues it returns."""

    _results: dict[tuple[str, Path], tuple[object, Any]] = field(default_factory=dict)

    def remember(self, kind: str, path: Path, extra: object, compute: Callable[[], Any]) -> Any:
        """`compute()` for `path`, or what it gave last time for the unchanged file."""
        stat = path.stat()
        # The folder's time changes when a file is added beside the issue (an image it names).
        folder = path.parent.stat().st_mtime_ns
        key = (stat.st_mtime_ns, stat.st_size, folder, extra)
        cached = self._results.get((kind, path))
        if cached is None or cached[0] != key:
            cached = (key, compute())
            self._results[(kind, path)] = cached
        return cached[1]

    def read(self, root: Path, path: Path, column: Column) -> tuple[Issue | None, list[Problem]]:
        """`read_issue`, from the cache when the file is unchanged."""

        def first_read() -> tuple[Issue | None, list[Problem]]:
            issue, problems = read_issue(root, path, column)
            return _copy(issue), problems

        issue, problems = self.remember("issue", path, (root, column), first_read)
        return _copy(issue), list(problems)

    def keep_only(self, paths: list[Path]) -> None:
        """Forget files that are gone."""
        kept = set(paths)
        for key in [key for key in self._results if key[1] not in kept]:
            del self._results[key]


def _copy(issue: Issue | None) -> Issue | None:
    """An unlinked copy of an issue and its articles (the links list is replaced, not edited)."""
    if issue is None:
        return None
    articles = [replace(article, issue=None) for article in issue.articles]
    fresh = replace(issue, articles=articles, previous=None, next=None, total_number=None)
    for article in articles:
        article.issue = fresh
    return fresh


def load_column(
    root: Path,
    column: Column,
    include_drafts: bool = False,
    docs: str = "docs",
    cache: IssueCache | None = None,
) -> LoadedColumn:
    """Read and validate every issue file under `root/issues_dir`; show drafts only when
    `include_drafts` (a preview). `docs` is the hand-written pages' folder, for links; `cache`
    keeps what unchanged files gave across the rebuilds of a preview."""
    loaded = LoadedColumn(column)
    valid: list[Issue] = []
    now = build_instant()
    paths = issue_files(root, column)
    if cache is not None:  # a preview: the few changed files, read here
        cache.keep_only(paths)
        results = [cache.read(root, path, column) for path in paths]
    else:
        results = in_two(partial(read_issues, root, column), paths)
    held: dict[str, date] = {}  # published on their date by the first build from then on
    for issue, problems in results:
        loaded.problems.extend(problems)
        if issue is None:
            continue
        when = due_at(issue, column)
        if is_future(when, now) and not issue.is_draft:
            line = issue.lines.get("date")
            loaded.problems.append(future_notice(issue.path, line, when, column.hold_future))
            if column.hold_future:
                held[issue.path] = issue.date
        valid.append(issue)
    # Held issues are numbered and their links checked as the published ones are, in a check,
    # a build and a preview alike: only whether they are shown differs.
    loaded.problems.extend(check_numbering(valid, column))
    loaded.problems.extend(resolve_links(root, valid, docs, held))
    shown = [i for i in valid if include_drafts or not (i.is_draft or i.path in held)]
    loaded.issues = link_issues(shown, column)
    loaded.problems.sort(key=lambda p: (p.path, p.line or 0))
    return loaded


def issue_files(root: Path, column: Column) -> list[Path]:
    """Every Markdown file under the issues folder, in a stable order."""
    base = root / column.issues_dir
    if not base.is_dir():
        return []
    return sorted(base.rglob("*.md"))


def shown_path(root: Path, path: Path) -> str:
    """A path relative to the project root with forward slashes, as editors see it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def read_issues(
    root: Path, column: Column, paths: Sequence[Path]
) -> list[tuple[Issue | None, list[Problem]]]:
    """`read_issue` for each file, in order."""
    return [read_issue(root, path, column) for path in paths]


def read_issue(root: Path, path: Path, column: Column) -> tuple[Issue | None, list[Problem]]:
    """Read, validate and parse one issue file."""
    shown = shown_path(root, path)
    place, problems = _place_of(path, root / column.issues_dir, shown)
    source, read_problems = read_source(path, shown)
    problems += read_problems
    if source is None or place is None:
        return None, problems
    values, meta_problems = validate(FrontMatter, shown, source.fields)
    problems += meta_problems
    body = parse_body(source.body, source.body_line, shown, root)
    problems += body.problems
    if values is not None:
        problems += _check_place(values, source, place, path.name)
        problems += placeholders_in(shown, source, values.get("draft") is True)
    if values is None or any(p.is_error for p in problems):
        return None, problems
    return _issue(values, source, body, place[0], column), problems


def _issue(
    values: dict[str, Any], source: SourceFile, body: ParsedBody, year: int, column: Column
) -> Issue:
    values["title"] = values["title"] or default_title(column, values["number"])
    taken = {a.anchor for a in body.articles}
    issue = Issue(
        **values,
        path=source.path,
        year=year,
        body=source.body,
        body_line=source.body_line,
        lines={key: f.line for key, f in source.fields.items()},
        editor_note=body.editor_note,
        note_label=body.note_label,
        articles=body.articles,
        assets=body.assets,
        links=body.links,
        minor_heading_ids=heading_ids(body.headings, taken),
        prefix=column.url_prefix,
    )
    for article in issue.articles:
        article.issue = issue
    return issue


def _check_place(
    values: dict[str, Any], source: SourceFile, place: tuple[int, int], name: str
) -> list[Problem]:
    """The date's year is the folder's, the number is the file name's."""
    year, file_number = place
    problems = []
    if values["date"].year != year:
        message = f"日期 {values['date']} 不在文件所在的 {year} 年目录中"
        problems.append(Problem(source.path, _line(source, "date"), "date", message))
    number = values["number"]
    if number != file_number:
        message = (
            f"期号 {number} 与文件名 {name} 不一致：如果这是新的一期，请把 number 改为"
            f" {file_number}；如果期号 {number} 是对的，请把文件改名为 {number:02d}.md"
        )
        problems.append(Problem(source.path, _line(source, "number"), "number", message))
    return problems


def _line(source: SourceFile, key: str) -> int | None:
    found = source.fields.get(key)
    return found.line if found else None


def _place_of(path: Path, base: Path, shown: str) -> tuple[tuple[int, int] | None, list[Problem]]:
    """The year folder and file number of `issues/<year>/<NN>.md`."""
    relative = path.relative_to(base).parts
    name = _ISSUE_NAME.match(relative[-1])
    if len(relative) != 2 or not _YEAR.match(relative[0]) or name is None:
        message = "期刊文件应放在 issues/<年份>/<期号>.md，例如 issues/2023/03.md"
        return None, [Problem(shown, None, None, message)]
    return (int(relative[0]), int(name.group(1))), []
