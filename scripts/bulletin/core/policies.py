"""政府信息公开 documents: `docs/policies/<slug>.md` and their disclosure metadata (contract §5)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path

from .column import shown_path
from .problems import Problem, Severity
from .schema import FieldChecker
from .sources import read_source
from .urls import url_for

POLICY_DIR = "policies"
VALIDITY = ("有效", "失效", "废止")
FIELDS = {
    "title": "标题", "index_no": "索引号", "category": "主题分类", "doc_no": "发文字号",
    "publisher": "发布机构", "written": "成文日期", "date": "发布日期", "validity": "有效性",
}  # fmt: skip
_DOC_NO = re.compile(r"^(?P<org>[^\s〔〕\[\]]+)〔(?P<year>\d{4})〕(?P<seq>\d+)号$")
_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "［": "〔", "］": "〕", "【": "〔", "】": "〕"})


@dataclass
class Policy:
    """One disclosed document and its metadata."""

    path: str
    slug: str
    title: str
    index_no: str
    category: str
    doc_no: str
    publisher: str
    written: date
    date: date
    validity: str
    time: time | None = None  # the time written after the publication date, if any
    text: str = ""  # the Markdown body, for the site search

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


def read_policy(
    path: Path, shown: str, index_no: re.Pattern[str]
) -> tuple[Policy | None, list[Problem]]:
    """Validate one document's front matter."""
    source, problems = read_source(path, shown)
    if source is None:
        return None, problems
    check = FieldChecker(shown, source.fields)
    text = {key: check.text(key, True, label) or "" for key, label in FIELDS.items()
            if key not in ("written", "date")}  # fmt: skip
    written = check.date("written", "成文日期")
    published = check.date("date", "发布日期")
    doc_no = normalise_doc_no(text["doc_no"])
    if text["doc_no"] and not _DOC_NO.match(doc_no):
        check.fail(
            "doc_no",
            f"发文字号「{text['doc_no']}」应为“机关代字〔年份〕序号号”，例如 济阳政办发〔2021〕6号",
        )
    if text["index_no"] and not index_no.match(text["index_no"]):
        check.fail("index_no", f"索引号「{text['index_no']}」不符合本站格式（{index_no.pattern}）")
    if text["validity"] and text["validity"] not in VALIDITY:
        check.fail("validity", f"有效性应为 有效、失效 或 废止 之一，现在是「{text['validity']}」")
    if written != date.min and published != date.min and written > published:
        check.fail("written", f"成文日期 {written} 晚于发布日期 {published}", Severity.WARNING)
    check.unknown({*FIELDS, "template", "original_source", "original_url", "author"})
    problems += check.problems
    if any(p.is_error for p in problems):
        return None, problems
    policy = Policy(
        path=shown, slug=path.stem, title=text["title"], index_no=text["index_no"],
        category=text["category"], doc_no=doc_no, publisher=text["publisher"],
        written=written, date=published, validity=text["validity"],
        time=check.times.get("date"), text=source.body,
    )  # fmt: skip
    return policy, problems
