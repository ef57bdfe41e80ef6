"""Validating an issue's front matter against the contract (section 2)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .limits import date_problem
from .problems import Problem, Severity
from .sources import INVALID, Field

Day = date  # inside FieldChecker, `date` names its method
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
KNOWN_KEYS = {
    "number",
    "date",
    "source",
    "editor",
    "reviewer",
    "approver",
    "title",
    "draft",
    "summary",
    "tags",
    "original_source",
    "original_url",
    "author",
}
REVIEW_CHAIN = {"editor": "编辑（初审）", "reviewer": "责任编辑（复审）", "approver": "终审"}


@dataclass
class FrontMatter:
    number: int = 0
    date: date = date.min
    source: str = ""
    editor: str | None = None
    reviewer: str | None = None
    approver: str | None = None
    title: str | None = None
    draft: bool = False
    summary: str | None = None
    tags: list[str] = field(default_factory=list)
    original_source: str | None = None  # a reprint's 原文来源, e.g. 华商网
    original_url: str | None = None
    author: str | None = None
    lines: dict[str, int] = field(default_factory=dict)


class FieldChecker:
    """Checks front-matter values one key at a time, collecting problems with their lines."""

    def __init__(self, path: str, fields: dict[str, Field], header_line: int = 1) -> None:
        self.path, self.fields, self.header_line = path, fields, header_line
        self.problems: list[Problem] = []

    def fail(self, key: str, message: str, severity: Severity = Severity.ERROR) -> None:
        if key in self.fields and self.fields[key].value is INVALID:
            return  # already reported where it was read
        line = self.fields[key].line if key in self.fields else self.header_line
        self.problems.append(Problem(self.path, line, key, message, severity))

    def text(self, key: str, required: bool, what: str) -> str | None:
        if key not in self.fields or self.fields[key].value in (None, ""):
            if required:
                self.fail(key, f"缺少必填项「{key}」（{what}）")
            return None
        value = self.fields[key].value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.fail(key, f"「{key}」（{what}）应为文字，现在是「{value}」")
            return None
        return value.strip()

    def number(self) -> int:
        if "number" not in self.fields:
            self.fail("number", "缺少必填项「number」（期号）")
            return 0
        value = self.fields["number"].value
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.fail("number", f"期号应为不小于 1 的整数，现在是「{value}」")
            return 0
        return value

    def date(self, key: str = "date", what: str = "发布日期") -> date:
        if key not in self.fields:
            self.fail(key, f"缺少必填项「{key}」（{what}，格式 YYYY-MM-DD）")
            return date.min
        value = self.fields[key].value
        if isinstance(value, date) and not hasattr(value, "hour"):
            return self.in_range(key, what, value)
        if isinstance(value, str) and _ISO_DATE.match(value.strip()):
            try:
                return self.in_range(key, what, date.fromisoformat(value.strip()))
            except ValueError:
                self.fail(key, f"「{value}」不是真实存在的日期，应为 YYYY-MM-DD")
                return date.min
        self.fail(key, f"{what}应写成 YYYY-MM-DD，例如 2023-07-25，现在是「{value}」")
        return date.min

    def in_range(self, key: str, what: str, day: Day) -> Day:
        """`day`, or date.min (reported) when no page could carry it (year 0001 or 9999)."""
        problem = date_problem(day, what)
        if problem is None:
            return day
        self.fail(key, problem)
        return date.min

    def url(self, key: str, what: str) -> str | None:
        value = self.text(key, False, what)
        if value is not None and not re.match(r"^https?://\S+$", value):
            self.fail(key, f"{what}「{value}」应以 http:// 或 https:// 开头")
            return None
        return value

    def unknown(self, known: set[str]) -> None:
        for key in self.fields:
            if key not in known:
                self.fail(key, f"未知的键「{key}」，请检查拼写", Severity.WARNING)

    def flag(self, key: str) -> bool:
        value = self.fields[key].value if key in self.fields else False
        if not isinstance(value, bool):
            self.fail(key, f"「{key}」只能是 true 或 false，现在是「{value}」")
            return False
        return value

    def tags(self) -> list[str]:
        value: Any = self.fields["tags"].value if "tags" in self.fields else []
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(t, str) and t.strip() for t in value):
            self.fail("tags", "「tags」应为文字列表，例如 [危化品, 督导帮扶]")
            return []
        return [t.strip() for t in value]


def check_front_matter(
    path: str, fields: dict[str, Field], header_line: int = 1
) -> tuple[FrontMatter, list[Problem]]:
    """Validate every key; collect all problems rather than stopping at the first."""
    check = FieldChecker(path, fields, header_line)
    meta = FrontMatter(
        number=check.number(),
        date=check.date(),
        source=check.text("source", True, "信息来源") or "",
        title=check.text("title", False, "标题"),
        draft=check.flag("draft"),
        summary=check.text("summary", False, "摘要"),
        tags=check.tags(),
        original_source=check.text("original_source", False, "原文来源"),
        original_url=check.url("original_url", "原文网址"),
        author=check.text("author", False, "作者"),
        lines={key: f.line for key, f in fields.items()},
    )
    for key, role in REVIEW_CHAIN.items():
        setattr(meta, key, check.text(key, not meta.draft, role))
    check.unknown(KNOWN_KEYS)
    return meta, check.problems
