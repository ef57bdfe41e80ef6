"""`bulletin audit`: the quarterly inspection's items, judged on the column's sources.

Each item is a `Finding` in the inspectors' terms (指标, 要求, 结果, 依据); an item marked `veto`
is a 单项否决 item of 《政府网站与政务新媒体检查指标》 (国办秘函〔2019〕19号): failing it fails
the whole site. Items that need the built pages (links, metadata, resources, click depth) are
judged by `bulletin.tools.audit`; this module holds the model, the rules on sources and the
report's text forms.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from enum import Enum

from .checking import CheckedSite
from .dates import chinese_day
from .founding import sample_leftovers
from .model import Column
from .pages import SiteIndex
from .policies import Policy
from .problems import Problem
from .proofing.hits import KINDS as PROOFING_KINDS

INDICATORS = "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）"
GUIDE = "《政府网站发展指引》（国办发〔2017〕47号）"
DYNAMIC_DAYS = 14  # 动态类栏目 2 周未更新即为不更新
POLICY_MONTHS = 6  # 政策文件类栏目 6 个月未更新即为不更新
WARN_DAYS = 3  # a warning this many days before a limit is reached
EMPTY_LIMIT = 5  # 空白栏目 5 个及以上: 单项否决


class Status(Enum):
    PASS = "通过"
    WARN = "警告"
    FAIL = "不通过"
    EXEMPT = "免于考核"


@dataclass
class Finding:
    """One inspected item and its outcome."""

    indicator: str  # 指标
    requirement: str  # 要求
    status: Status
    result: str  # what was found, in a sentence
    basis: str  # 依据
    veto: bool = False  # a 单项否决 item
    details: list[str] = field(default_factory=list)

    @property
    def vetoes(self) -> bool:
        """Whether this item fails the whole site."""
        return self.veto and self.status is Status.FAIL

    @property
    def result_cell(self) -> str:
        """The 结果 column: the status (marked when it vetoes the site) and what was found."""
        mark = "（单项否决）" if self.vetoes else ""
        return f"{self.status.value}{mark}：{self.result}"


def judged(
    indicator: str,
    requirement: str,
    basis: str,
    found: list[str],
    passed: str,
    failed: str,
    status: Status = Status.FAIL,
    veto: bool = False,
) -> Finding:
    """An item that passes when nothing was `found`; otherwise `status`, with what was found."""
    if not found:
        return Finding(indicator, requirement, Status.PASS, passed, basis, veto)
    return Finding(indicator, requirement, status, failed, basis, veto, found)


def update_findings(site: CheckedSite, column: Column, today: date) -> list[Finding]:
    """The 2-week rule for the issues (a dynamic column) and the 6-month rule for policies; in
    a site of several columns, each column is judged by its own newest issue and an ended one
    is exempt (contract section 8), the policies once for the site."""
    basis = f"{INDICATORS}单项否决指标“不更新”"
    newest_policy = max((p.date for p in site.policies), default=None)
    rules = []
    for loaded in site.columns:
        newest_issue = max((i.date for i in loaded.issues), default=None)
        named = f"（{loaded.column.name}）" if site.site.is_hub else ""
        rules.append(
            (f"动态类栏目更新{named}", f"工作动态类栏目（专刊）{DYNAMIC_DAYS}天内有更新", "专刊",
             newest_issue, newest_issue and newest_issue + timedelta(days=DYNAMIC_DAYS),
             loaded.column.campaign)
        )  # fmt: skip
    rules.append(
        ("政策文件栏目更新", f"政策文件类栏目{POLICY_MONTHS}个月内有更新", "政策文件",
         newest_policy, newest_policy and add_months(newest_policy, POLICY_MONTHS),
         column.campaign)
    )  # fmt: skip
    findings = []
    for indicator, requirement, what, newest, limit, campaign in rules:
        if campaign.is_ended:
            when = f"于{chinese_day(campaign.ended)}" if campaign.ended else ""
            result = f"专项行动已{when}结束，栏目仅供查阅，不再考核更新"
            findings.append(Finding(indicator, requirement, Status.EXEMPT, result, basis, True))
            continue
        if newest is None or limit is None:
            result = f"尚未发布任何{what}"
            findings.append(Finding(indicator, requirement, Status.FAIL, result, basis, True))
            continue
        days = (today - newest).days
        found = f"最新{what}发布于 {newest}，距今 {days} 天"
        if today > limit:
            status, result = Status.FAIL, f"{found}，已超过期限 {limit}"
        elif today >= limit - timedelta(days=WARN_DAYS):
            status, result = Status.WARN, f"{found}，请在 {limit} 前更新"
        else:
            status, result = Status.PASS, f"{found}，期限 {limit}"
        findings.append(Finding(indicator, requirement, status, result, basis, True))
    return findings


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def empty_columns(indexes: list[SiteIndex]) -> Finding:
    """Categories, sources, years and the 政策文件 list that have nothing in them, counted over
    the whole site (each column's named in a site of several)."""
    empty: list[str] = []
    for index in indexes:
        named = f"{index.column.name}：" if index.column.slug else ""
        empty += [f"{named}类别「{g.name}」" for g in index.categories if not g.articles]
        empty += [f"{named}来源单位「{g.name}」" for g in index.sources if not g.articles]
        empty += [f"{named}{year}年往期回顾" for year, issues in index.years.items() if not issues]
        if not index.loaded.issues:
            empty.append(f"{named}往期回顾（尚无专刊）")
    if not indexes[0].policies:
        empty.append("政策文件")
    requirement = f"不得有空白栏目；{EMPTY_LIMIT}个及以上为单项否决"
    basis = f"{INDICATORS}单项否决指标“不更新”（空白栏目）"
    if not empty:
        status, result = Status.PASS, "没有空白栏目"
    else:
        status = Status.FAIL if len(empty) >= EMPTY_LIMIT else Status.WARN
        result = f"{len(empty)} 个空白栏目：" + "、".join(empty)
    return Finding("空白栏目", requirement, status, result, basis, True, empty)


def publish_time_finding(site: CheckedSite, column: Column) -> Finding:
    """Items whose `date` carries no time: pages show the column's default publish time."""
    items = [i.path for i in site.issues if i.time is None]
    items += [p.path for p in site.policies if p.time is None]
    default = column.campaign.publish_time.strftime("%H:%M")
    return judged(
        "发布时间", "每条信息标明发布时间（YYYY-MM-DD HH:MM）", f"{GUIDE}网页元数据 PubDate",
        items, "每条信息都写明了发布时间",
        f"{len(items)} 条信息只写了日期，按默认发布时间 {default} 显示", Status.WARN,
    )  # fmt: skip


def errata_finding(problems: list[Problem]) -> Finding:
    """Severe 错敏词 among the hits in the published sources."""
    hits = [problem.format() for problem in problems if problem.is_error]
    return judged(
        "错敏词", "不得出现严重错别字、错误表述（错敏词表中 severe 一级）",
        f"{INDICATORS}单项否决指标“严重表述错误”", hits, "未发现严重错敏词",
        f"发现 {len(hits)} 处严重错敏词", veto=True,
    )  # fmt: skip


def proofing_finding(problems: list[Problem]) -> Finding:
    """The proofing warnings (core/proofing) counted per file and kind: not a 单项否决 item,
    but what the inspection's 错敏词 services report as 错别字, 不规范字 and 标点."""
    counts: dict[str, Counter[str]] = {}
    for problem in problems:
        if problem.field in PROOFING_KINDS:
            counts.setdefault(problem.path, Counter())[problem.field] += 1
    found = [
        f"{path}：{sum(kinds.values())} 处（"
        + "、".join(f"{kind} {n}" for kind, n in sorted(kinds.items()))
        + "）"
        for path, kinds in sorted(counts.items())
    ]
    total = sum(sum(kinds.values()) for kinds in counts.values())
    return judged(
        "文字规范", "使用规范汉字和全角标点，无错别字、复制残留",
        f"{INDICATORS}“严重表述错误”；GB/T 15834—2011",
        found, "未发现不规范字、疑似错字、半角标点或复制残留",
        f"{len(found)} 个文件共 {total} 处需要核对（bulletin check 列出每一处）", Status.WARN,
    )  # fmt: skip


def footer_finding(column: Column, home_html: str | None) -> Finding:
    """网站标识码, ICP 备案 and 公安备案: set, and shown on the home page."""
    identity = column.identity
    wanted = {"site_code": "网站标识码", "icp": "ICP备案号", "police": "公安机关备案号"}
    missing = []
    for key, label in wanted.items():
        value = getattr(identity, key)
        if not value or (home_html is not None and value not in home_html):
            missing.append(f"{label}（plugins.bulletin.footer.{key}）")
    return judged(
        "页脚必备项", "页面底部标注网站标识码、ICP备案编号、公安机关备案号",
        f"{GUIDE}网站标识；{INDICATORS}“网站标识”", missing,
        "网站标识码、ICP备案号、公安机关备案号齐全", "缺少" + "、".join(missing),
    )  # fmt: skip


def launch_finding(column: Column, site_url: str | None, policies: list[Policy]) -> Finding:
    """What of the shipped sample is still there: its names, placeholder footer values, the
    example address, sample policy documents (core/founding.py)."""
    found = sample_leftovers(column, site_url, [policy.slug for policy in policies])
    return judged(
        "上线前准备", "不再含有示例项目的名称、页脚占位信息、示例网址和示例政策文件",
        "本项目的上线要求（bulletin init 之后逐项替换）", found,
        "未发现示例内容或占位信息", f"{len(found)} 处示例内容或占位信息需要替换",
    )  # fmt: skip


def vetoed(findings: list[Finding]) -> list[Finding]:
    """The 单项否决 items that failed."""
    return [f for f in findings if f.vetoes]


def _cell(text: str) -> str:
    return text.replace("|", "｜").replace("\n", " ")


def table(findings: list[Finding]) -> str:
    """The findings as a Markdown table: 指标, 要求, 结果, 依据."""
    rows = ["| 指标 | 要求 | 结果 | 依据 |", "| --- | --- | --- | --- |"]
    for f in findings:
        cells = (f.indicator, f.requirement, f.result_cell, f.basis)
        rows.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(rows)


def summary(findings: list[Finding]) -> str:
    """One sentence: passed, or which 单项否决 items failed."""
    failed = vetoed(findings)
    if failed:
        return "单项否决：" + "、".join(f.indicator for f in failed) + " 不通过，网站整体不合格"
    problems = [f for f in findings if f.status in (Status.FAIL, Status.WARN)]
    return "单项否决指标全部通过" + (f"；另有 {len(problems)} 项需要处理" if problems else "")


def markdown_report(findings: list[Finding], today: date, column: Column) -> str:
    """audit.md: the table, then each item's details."""
    parts = [
        f"# {column.name} 自查报告",
        "",
        f"检查日期：{today}（依据{INDICATORS}、{GUIDE}）",
        "",
        f"**结论：{summary(findings)}**",
        "",
        table(findings),
    ]
    for f in findings:
        if f.details:
            parts += ["", f"## {f.indicator}", ""] + [f"- {_cell(d)}" for d in f.details]
    return "\n".join(parts) + "\n"


def json_report(findings: list[Finding], today: date) -> str:
    """audit.json: every item with its status and details, for other tools."""
    items = []
    for f in findings:
        item = asdict(f)
        item["status"] = f.status.value
        item["vetoes"] = f.vetoes
        items.append(item)
    data = {
        "today": today.isoformat(),
        "passed": not vetoed(findings),
        "summary": summary(findings),
        "items": items,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
