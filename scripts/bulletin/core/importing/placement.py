"""Where imported issues go in the column: number, date and source, checked as a series.

An imported issue takes its masthead's 第N期 and date unless the editor overrides them; a
number already used in its series, or a file that is already there, stops that import.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath

from ..model import Column, Issue, Numbering
from .structure import ImportedIssue


@dataclass
class Placement:
    """One imported issue's place, what was assumed for it, and what stops it."""

    name: str  # the input file, as the editor gave it
    issue: ImportedIssue
    number: int = 0
    date: date = date.min
    source: str = ""
    path: str = ""  # issues/<year>/<NN>.md
    assumed: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)  # errors: nothing is written
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Overrides:
    """What the editor said on the command line: --number, --date, --force."""

    number: int | None = None
    date: date | None = None
    force: bool = False


@dataclass
class _Series:
    """Numbers in use per series (the year, or the whole column), with their files."""

    column: Column
    taken: dict[tuple[int | None, int], tuple[str, date]] = field(default_factory=dict)
    claimed: dict[str, str] = field(default_factory=dict)  # path -> input written there now

    def key(self, day: date) -> int | None:
        """The series an issue of this date belongs to: its year, or the whole column."""
        return day.year if self.column.numbering is Numbering.YEARLY else None

    def next_number(self, day: date) -> int:
        """The number after the highest one in the series of this date."""
        numbers = [n for (key, n) in self.taken if key == self.key(day)]
        return max(numbers, default=0) + 1


def place_issues(
    imported: list[tuple[str, ImportedIssue]],
    column: Column,
    existing: Iterable[Issue],
    overrides: Overrides,
    today: date,
    existing_paths: set[str],
) -> list[Placement]:
    """Number, date and locate each imported issue, oldest first, checking the series."""
    series = _Series(column)
    latest: Issue | None = None
    for issue in existing:
        series.taken[(series.key(issue.date), issue.number)] = (issue.path, issue.date)
        latest = issue if latest is None or issue.date >= latest.date else latest
    placements = [Placement(name, issue) for name, issue in imported]
    placements.sort(key=lambda p: (p.issue.masthead.date or date.max, p.name))
    for placement in placements:
        _date_and_source(placement, column, overrides, today, latest.source if latest else "")
        _number(placement, series, overrides)
        placement.path = f"{column.issues_dir}/{placement.date.year}/{placement.number:02d}.md"
        _check_place(placement, series, overrides, existing_paths)
    return placements


def _date_and_source(
    placement: Placement, column: Column, overrides: Overrides, today: date, latest_source: str
) -> None:
    masthead = placement.issue.masthead
    if overrides.date is not None:
        placement.date = overrides.date
    elif masthead.date is not None:
        placement.date = masthead.date
    else:
        placement.date = today
        placement.assumed.append(f"刊头中没有日期，暂用今天 {today}，请用 --date 指定")
    if masthead.name and column.bulletin_name and masthead.name != column.bulletin_name:
        placement.warnings.append(
            f"刊名「{masthead.name}」与栏目设置的刊名「{column.bulletin_name}」不同，页面标题将是"
            f"「{column.bulletin_name}·第N期」；需要保留原刊名时请填写 title"
        )
    if masthead.office and column.publisher and masthead.office != column.publisher:
        placement.warnings.append(
            f"刊头的编发单位「{masthead.office}」与栏目设置的编发单位「{column.publisher}」不同；"
            f"页面显示「{column.publisher}」（mkdocs.yml 的 publisher）"
        )
    # 信息来源 (source) is the issue's; 编发单位 is the column's (`publisher`, on every page).
    # A masthead names the 编发单位; only an old column's page labels a 信息来源.
    if masthead.source:
        placement.source = masthead.source
        return
    placement.source = latest_source or masthead.office or column.publisher or ""
    where = (
        "上一期专刊的信息来源" if latest_source
        else "刊头的编发单位" if masthead.office
        else "栏目设置的编发单位"
    )  # fmt: skip
    placement.assumed.append(
        f"信息来源暂用{where}「{placement.source or '（空）'}」，请核对 source"
    )


def _number(placement: Placement, series: _Series, overrides: Overrides) -> None:
    masthead = placement.issue.masthead
    if overrides.number is not None:
        placement.number = overrides.number
    elif masthead.number:
        placement.number = masthead.number
    else:
        placement.number = series.next_number(placement.date)
        placement.assumed.append(
            f"刊头中没有期号，按顺序编为第{placement.number}期，请用 --number 指定"
        )


def _check_place(
    placement: Placement, series: _Series, overrides: Overrides, existing_paths: set[str]
) -> None:
    key = (series.key(placement.date), placement.number)
    holder = series.taken.get(key)
    sibling = series.claimed.get(placement.path)
    if sibling is not None:
        placement.conflicts.append(
            f"与同时导入的 {sibling} 都是 {placement.path}；请分别导入并用 --number 指定期号"
        )
    elif holder is not None and holder[0] != placement.path:
        placement.conflicts.append(
            f"期号 {placement.number} 已被 {holder[0]} 使用；请用 --number 指定其他期号"
        )
    elif placement.path in existing_paths and not overrides.force:
        placement.conflicts.append(f"{placement.path} 已存在，未覆盖；确认要替换时加 --force")
    if placement.conflicts:
        return
    placement.warnings += _order_warnings(placement, series) + _year_warning(placement)
    series.taken[key] = (placement.path, placement.date)
    series.claimed[placement.path] = placement.name


def _year_warning(placement: Placement) -> list[str]:
    """「2023年第3期」 dated in another year goes in the date's year folder: say so."""
    year = placement.issue.masthead.year
    if year is None or year == placement.date.year:
        return []
    day = placement.date
    return [
        f"刊头为 {year} 年第{placement.number}期，日期 {day} 却在 {day.year} 年，"
        f"已放入 {day.year} 年目录；请核对，或用 --date、--number 指定"
    ]


def _order_warnings(placement: Placement, series: _Series) -> list[str]:
    """A gap before this number; a date earlier than the issue numbered before it, or later
    than the one numbered after it."""
    key, number = series.key(placement.date), placement.number
    same = [(n, held) for (k, n), held in series.taken.items() if k == key and n != number]
    before = max((item for item in same if item[0] < number), default=None)
    after = min((item for item in same if item[0] > number), default=None)
    found = []
    if before is not None:
        previous, (path, day) = before
        if previous < number - 1:
            found.append(
                f"期号不连续：第{previous}期（{PurePosixPath(path).name}）之后是第{number}期"
            )
        if day > placement.date:
            found.append(f"日期 {placement.date} 早于第{previous}期（{path}，{day}）")
    if after is not None and after[1][1] < placement.date:
        following, (path, day) = after
        found.append(f"日期 {placement.date} 晚于第{following}期（{path}，{day}）")
    return found
