"""来稿统计: articles per source unit per month, from the attribution lines, with ranks.

The 工作专班 uses these counts when ranking units; a unit's count is the number of published
articles whose 来源 names it.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass

from .model import Article

CHART_ROWS = 15  # the chart shows the leading units; the table lists every unit


@dataclass(frozen=True)
class Row:
    unit: str
    counts: list[int]  # one per column (months of a year, or years)
    total: int
    rank: int  # 1 for the most articles; equal totals share a rank


@dataclass(frozen=True)
class Bar:
    unit: str
    total: int
    width: float  # share of the longest bar, 0..1


@dataclass(frozen=True)
class Table:
    title: str
    columns: list[str]
    rows: list[Row]
    column_totals: list[int]
    total: int

    @property
    def bars(self) -> list[Bar]:
        """The chart's bars: the leading units by total."""
        top = max((row.total for row in self.rows), default=0) or 1
        return [Bar(row.unit, row.total, row.total / top) for row in self.rows[:CHART_ROWS]]


def _table(title: str, columns: list[str], counts: dict[str, list[int]]) -> Table:
    ordered = sorted(counts.items(), key=lambda item: (-sum(item[1]), item[0]))
    rows: list[Row] = []
    for position, (unit, values) in enumerate(ordered, start=1):
        total = sum(values)
        rank = rows[-1].rank if rows and rows[-1].total == total else position
        rows.append(Row(unit, values, total, rank))
    column_totals = [sum(row.counts[i] for row in rows) for i in range(len(columns))]
    return Table(title, columns, rows, column_totals, sum(column_totals))


def year_table(articles: list[Article], year: int) -> Table:
    """Units × the twelve months of `year`."""
    counts: dict[str, list[int]] = {}
    for article in articles:
        assert article.issue is not None
        if article.issue.date.year == year:
            row = counts.setdefault(article.attribution.source, [0] * 12)
            row[article.issue.date.month - 1] += 1
    return _table(f"{year}年各单位来稿统计", [f"{m}月" for m in range(1, 13)], counts)


def column_table(articles: list[Article], years: list[int]) -> Table:
    """Units × years, for the whole column."""
    index = {year: i for i, year in enumerate(years)}
    counts: dict[str, list[int]] = {}
    for article in articles:
        assert article.issue is not None
        row = counts.setdefault(article.attribution.source, [0] * len(years))
        row[index[article.issue.date.year]] += 1
    return _table("全栏目各单位来稿统计", [f"{y}年" for y in years], counts)


def _cell(text: str) -> str:
    """A spreadsheet would run a cell starting with = + - @ as a formula; keep it text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def monthly_csv(articles: list[Article]) -> str:
    """单位,年月,篇数 for every unit and month with articles, as UTF-8 CSV with a BOM for Excel."""
    counts: Counter[tuple[str, str]] = Counter()
    for article in articles:
        assert article.issue is not None
        counts[(article.attribution.source, article.issue.date.strftime("%Y-%m"))] += 1
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["单位", "年月", "篇数"])
    for (unit, month), count in sorted(counts.items(), key=lambda item: (item[0][1], item[0][0])):
        writer.writerow([_cell(unit), month, count])
    return "\ufeff" + out.getvalue()
