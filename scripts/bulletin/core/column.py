"""Loading a column: find issue files, read and validate each, number them, index the result."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from .body import parse_body
from .links import resolve_links
from .model import Article, Attribution, Column, Issue, default_title
from .numbering import check_numbering, link_issues
from .problems import Problem, Severity
from .schema import check_front_matter
from .sources import read_source

_YEAR = re.compile(r"^\d{4}$")
_ISSUE_NAME = re.compile(r"^(\d+)\.md$")


@dataclass
class LoadedColumn:
    """Everything read from `issues/`: published issues oldest first, drafts, and problems."""

    column: Column
    issues: list[Issue] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def newest_first(self) -> list[Issue]:
        return list(reversed(self.issues))


def load_column(
    root: Path, column: Column, include_drafts: bool = False, docs: Path | None = None
) -> LoadedColumn:
    """Read every issue file under `root/issues_dir`; drafts only when previewing."""
    loaded = LoadedColumn(column)
    candidates: list[Issue] = []
    today = build_day()
    for path in issue_files(root, column):
        issue, problems = read_issue(root, path, column)
        loaded.problems.extend(problems)
        if issue is None:
            continue
        if issue.date > today and not issue.draft:
            loaded.problems.append(_future(issue, column.hold_future))
            if column.hold_future and not include_drafts:
                continue  # published on its date by the first build from then on
        if include_drafts or not issue.draft:
            candidates.append(issue)
    loaded.problems.extend(check_numbering(candidates, column))
    loaded.issues = link_issues(candidates, column)
    loaded.problems.extend(resolve_links(root, loaded.issues, docs or root / "docs"))
    loaded.problems.sort(key=lambda p: (p.path, p.line or 0))
    return loaded


def build_day() -> date:
    """Today, or the day of SOURCE_DATE_EPOCH when a build pins its time."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()


def _future(issue: Issue, held: bool) -> Problem:
    what = (
        "暂不发布，到期后的第一次构建才会发布"
        if held
        else "将立即发布；如需到期再发布，请设置 hold_future: true"
    )
    message = f"发布日期 {issue.date} 在今天之后：{what}"
    return Problem(issue.path, issue.lines.get("date"), "date", message, Severity.WARNING)


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


def read_issue(root: Path, path: Path, column: Column) -> tuple[Issue | None, list[Problem]]:
    """Read, validate and parse one issue file."""
    shown = shown_path(root, path)
    place, problems = _place_of(path, root / column.issues_dir, shown)
    source, read_problems = read_source(path, shown)
    problems += read_problems
    if source is None or place is None:
        return None, problems
    meta, meta_problems = check_front_matter(shown, source.fields)
    problems += meta_problems
    year, file_number = place
    if meta.date.year not in (year, 1):
        problems.append(
            Problem(
                shown,
                meta.lines.get("date"),
                "date",
                f"日期 {meta.date} 不在文件所在的 {year} 年目录中",
            )
        )
    if meta.number and meta.number != file_number:
        problems.append(
            Problem(
                shown,
                meta.lines.get("number"),
                "number",
                f"期号 {meta.number} 与文件名 {path.name} 不一致（应为 {meta.number:02d}.md）",
            )
        )
    body = parse_body(source.body, source.body_line, shown, path.parent)
    problems += body.problems
    if any(p.is_error for p in problems):
        return None, problems
    issue = Issue(
        path=shown,
        year=year,
        number=meta.number,
        date=meta.date,
        source=meta.source,
        editor=meta.editor,
        reviewer=meta.reviewer,
        approver=meta.approver,
        title=meta.title or default_title(column, meta.number),
        draft=meta.draft,
        summary=meta.summary,
        tags=meta.tags,
        editor_note=body.editor_note,
        preamble=body.preamble,
        assets=body.assets,
        lines=meta.lines,
        links=body.links,
        original_source=meta.original_source,
        original_url=meta.original_url,
        author=meta.author,
        time=meta.time,
    )
    for position, draft in enumerate(body.articles, start=1):
        attribution = draft.attribution or Attribution(meta.source)
        article = Article(draft.title, draft.anchor, attribution, draft.body, draft.line, position)
        article.issue = issue
        issue.articles.append(article)
    return issue, problems


def _place_of(path: Path, base: Path, shown: str) -> tuple[tuple[int, int] | None, list[Problem]]:
    """The year folder and file number of `issues/<year>/<NN>.md`."""
    relative = path.relative_to(base).parts
    name = _ISSUE_NAME.match(relative[-1])
    if len(relative) != 2 or not _YEAR.match(relative[0]) or name is None:
        message = "期刊文件应放在 issues/<年份>/<期号>.md，例如 issues/2023/03.md"
        return None, [Problem(shown, None, None, message)]
    return (int(relative[0]), int(name.group(1))), []
