"""Starting the next issue: its number, date, file name and a filled template."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .model import Column, Issue, Numbering
from .problems import Problem
from .sources import SourceFile

TEMPLATE = """\
---
number: {number}
date: {date}
source: {source}
editor:
reviewer:
approver:
draft: true
summary:
---

> 编者按：（在此填写编者按；不需要时删除这一段。）

## （第一篇文章的标题）

来源：（来源单位名称） ｜ 类别：工作动态

（正文。每篇文章以“## 标题”开始，标题下第一段写来源和类别。
插入图片的写法见“编辑指南”：图片文件放在本文件旁，并写明图片内容说明。）
"""


# The template's stand-ins, which must be replaced before an issue is published.
PLACEHOLDERS = (
    "（在此填写编者按",
    "（第一篇文章的标题）",
    "（来源单位名称）",
    "（来稿单位）",  # the stand-in of drafts made before it was renamed
    "（正文。",
    "（信息来源）",
)


_ANY_PLACEHOLDER = re.compile("|".join(map(re.escape, PLACEHOLDERS)))


def placeholders_in(path: str, source: SourceFile, draft: bool) -> list[Problem]:
    """A published issue still holding the `bulletin new` template's stand-in text."""
    if draft:
        return []
    problems = []
    lines = [(f.line, str(f.value)) for f in source.fields.values()]
    if _ANY_PLACEHOLDER.search(source.body):  # one scan of the body; lines only on a hit
        lines += list(enumerate(source.body.split("\n"), start=source.body_line))
    for number, text in lines:
        for placeholder in PLACEHOLDERS:
            if placeholder in text:
                message = f"模板中的占位文字「{placeholder}…」尚未替换为正式内容"
                problems.append(Problem(path, number, None, message))
    return problems


@dataclass(frozen=True)
class NextIssue:
    path: Path
    number: int
    date: date
    text: str


def next_issue(root: Path, column: Column, issues: list[Issue], today: date) -> NextIssue:
    """The issue after the newest one in today's series (`issues`: oldest first), dated today,
    as a draft."""
    if column.numbering is Numbering.YEARLY:
        series = [i.number for i in issues if i.year == today.year]
    else:
        series = [i.number for i in issues]
    number = max(series, default=0) + 1
    latest = issues[-1] if issues else None
    source = latest.source if latest else (column.publisher or "（信息来源）")
    path = root / column.issues_dir / str(today.year) / f"{number:02d}.md"
    text = TEMPLATE.format(number=number, date=today.isoformat(), source=source)
    return NextIssue(path, number, today, text)
