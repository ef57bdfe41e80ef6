"""政府信息公开 documents: `docs/policies/<slug>.md` and their disclosure metadata (contract §5)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any

from .column import shown_path
from .dates import build_instant
from .model import Column
from .problems import Problem, Severity
from .schedule import due_at, future_notice, is_future
from .schema import (
    REQUIRED,
    iso_date,
    one_of,
    publication_day,
    publication_time,
    rule,
    text,
    validate,
)
from .sources import read_source
from .urls import url_for

POLICY_DIR = "policies"
VALIDITY = ("有效", "失效", "废止")
_DOC_NO = re.compile(r"^(?P<org>[^\s〔〕\[\]]+)〔(?P<year>\d{4})〕(?P<seq>\d+)号$")
_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "［": "〔", "］": "〕", "【": "〔", "】": "〕"})


def doc_number(value: Any, label: str) -> tuple[str | None, str | None]:
    """发文字号 in the national form 机关代字〔年份〕序号号; [2021] is taken for 〔2021〕."""
    found, message = text(value, label)
    if found is None:
        return None, message
    normalised = normalise_doc_no(found)
    if not _DOC_NO.match(normalised):
        return None, f"发文字号「{found}」应为“机关代字〔年份〕序号号”，例如 济阳政办发〔2021〕6号"
    return normalised, None


@dataclass(kw_only=True)
class Policy:
    """One disclosed document: its metadata (contract section 5), each key declared once."""

    title: str = field(metadata=rule("标题", text, REQUIRED))
    index_no: str = field(metadata=rule("索引号", text, REQUIRED))
    category: str = field(metadata=rule("主题分类", text, REQUIRED))
    doc_no: str = field(metadata=rule("发文字号", doc_number, REQUIRED))
    publisher: str = field(metadata=rule("发布机构", text, REQUIRED))
    written: date = field(metadata=rule("成文日期", iso_date, REQUIRED))
    date: date = field(metadata=rule("发布日期", publication_day, REQUIRED))
    # The time written after the publication date (2021-05-12 10:00), if any.
    time: time | None = field(default=None, metadata=rule("发布时间", publication_time, key="date"))
    validity: str = field(metadata=rule("有效性", one_of(*VALIDITY), REQUIRED))
    path: str
    slug: str
    text: str  # the Markdown body, for the site search
    lines: dict[str, int] = field(default_factory=dict)  # front-matter key -> line

    @property
    def url(self) -> str:
        return url_for("policy", slug=self.slug)

    @property
    def in_force(self) -> bool:
        return self.validity == "有效"


def normalise_doc_no(value: str) -> str:
    """济阳政办发[2021]6号 → 济阳政办发〔2021〕6号: the brackets the national format uses."""
    return value.strip().translate(_BRACKETS)


def policy_files(docs: Path) -> list[Path]:
    folder = docs / POLICY_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.md") if p.name != "index.md")


def load_policies(root: Path, docs: Path, index_pattern: str) -> tuple[list[Policy], list[Problem]]:
    """Every policy document, newest first, and the problems found in them."""
    policies, problems = [], []
    pattern = re.compile(index_pattern)
    for path in policy_files(docs):
        policy, found = read_policy(path, shown_path(root, path), pattern)
        problems += found
        if policy is not None:
            policies.append(policy)
    policies.sort(key=lambda p: (p.date, p.slug), reverse=True)
    return policies, problems


# Keys a hand-written page may also carry: its template and a reprint's attribution.
_ALSO_KNOWN = frozenset({"template", "original_source", "original_url", "author"})


def read_policy(
    path: Path, shown: str, index_no: re.Pattern[str]
) -> tuple[Policy | None, list[Problem]]:
    """Validate one document's front matter."""
    source, problems = read_source(path, shown)
    if source is None:
        return None, problems
    values, found = validate(Policy, shown, source.fields, also_known=_ALSO_KNOWN)
    problems += found
    if values is None:
        return None, problems
    where = {key: f.line for key, f in source.fields.items()}
    if not index_no.match(values["index_no"]):
        message = f"索引号「{values['index_no']}」不符合本站格式（{index_no.pattern}）"
        problems.append(Problem(shown, where["index_no"], "index_no", message))
        return None, problems
    if values["written"] > values["date"]:
        message = f"成文日期 {values['written']} 晚于发布日期 {values['date']}"
        problems.append(Problem(shown, where["written"], "written", message, Severity.WARNING))
    policy = Policy(**values, path=shown, slug=path.stem, text=source.body, lines=where)
    return policy, problems


def hold_policies(
    policies: list[Policy], column: Column, previewing: bool
) -> tuple[list[Policy], list[Policy], list[Problem]]:
    """The policy documents to publish, those held back until their day, and what to say
    about each future one. A preview shows them all, as it shows held issues."""
    now = build_instant()
    shown: list[Policy] = []
    held: list[Policy] = []
    problems = []
    for policy in policies:
        when = due_at(policy, column)
        if is_future(when, now):
            line = policy.lines.get("date")
            problems.append(future_notice(policy.path, line, when, column.hold_future))
            if column.hold_future and not previewing:
                held.append(policy)
                continue
        shown.append(policy)
    return shown, held, problems
