"""Numbering: series, duplicates, order and gaps; previous/next links and 总期号."""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise

from .model import Column, Issue, Numbering
from .problems import Problem, Severity


def series_key(issue: Issue, column: Column) -> int | None:
    """Issues sharing a key share one sequence of numbers."""
    return issue.year if column.numbering is Numbering.YEARLY else None


def check_numbering(issues: list[Issue], column: Column) -> list[Problem]:
    """Duplicates and numbers dated before their predecessor are errors; gaps are warnings."""
    problems: list[Problem] = []
    series: dict[int | None, list[Issue]] = defaultdict(list)
    for issue in issues:
        series[series_key(issue, column)].append(issue)
    for members in series.values():
        members.sort(key=lambda i: (i.number, i.path))
        for before, after in pairwise(members):
            problems.extend(_compare(before, after))
    return problems


def _compare(before: Issue, after: Issue) -> list[Problem]:
    if before.number == after.number:
        return [
            Problem(
                after.path,
                after.lines.get("number"),
                "number",
                f"期号 {after.number} 与 {before.path} 重复",
            )
        ]
    found = []
    if after.date < before.date:
        found.append(
            Problem(
                after.path,
                after.lines.get("date"),
                "date",
                f"第{after.number}期的日期 {after.date} 早于第{before.number}期"
                f"（{before.path}，{before.date}）",
            )
        )
    if after.number > before.number + 1:
        missing = (
            f"{before.number + 1}"
            if after.number == before.number + 2
            else (f"{before.number + 1}–{after.number - 1}")
        )
        found.append(
            Problem(
                after.path,
                after.lines.get("number"),
                "number",
                f"期号不连续：缺少第{missing}期",
                Severity.WARNING,
            )
        )
    return found


def link_issues(issues: list[Issue], column: Column) -> list[Issue]:
    """Order issues oldest first, link neighbours and give each its 总期号."""
    ordered = sorted(issues, key=lambda i: (i.date, i.year, i.number))
    for position, issue in enumerate(ordered, start=1):
        issue.previous = ordered[position - 2] if position > 1 else None
        issue.next = ordered[position] if position < len(ordered) else None
        if column.total_offset is not None:
            issue.total_number = column.total_offset + position
    return ordered
