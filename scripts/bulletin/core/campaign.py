"""A campaign's life and publishing rules: publish times, the three-person review, the end.

Settings come from `plugins.bulletin` (status, ended, publish_time, distinct_reviewers), declared
with the model (`model.Campaign`); the checks here run in the one validation pass
(`checking.check_site`), so `bulletin check` and the build report the same problems.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Protocol

from .dates import chinese_day
from .model import Column, Issue
from .problems import Problem, Severity

CHINA = timezone(timedelta(hours=8))  # 北京时间: every date editors write is China time
SETTINGS_FILE = "mkdocs.yml"
REVIEWERS = {"editor": "编辑（初审）", "reviewer": "责任编辑（复审）", "approver": "终审"}


class Dated(Protocol):
    """An issue or a policy document: a publication day and, when the editor gave one, a time."""

    @property
    def date(self) -> date: ...

    @property
    def time(self) -> time | None: ...


@dataclass(frozen=True)
class Published:
    """When an item was published, in China time, in the forms pages, feeds and sitemaps use."""

    at: datetime
    explicit: bool  # False when the column's default publish_time stands in

    @property
    def text(self) -> str:
        """`YYYY-MM-DD HH:MM`, the PubDate metadata form."""
        return self.at.strftime("%Y-%m-%d %H:%M")

    @property
    def iso(self) -> str:
        """W3C datetime with the offset, for `<time datetime>` and the sitemap's lastmod."""
        return self.at.isoformat(timespec="minutes")

    @property
    def chinese(self) -> str:
        """2023年7月25日 09:30, as readers see it."""
        return f"{chinese_day(self.at.date())} {self.at:%H:%M}"


def published_at(item: Dated, column: Column) -> Published:
    """The item's publication moment: its own time, or the column's default publish time."""
    clock = item.time or column.campaign.publish_time
    return Published(datetime.combine(item.date, clock, tzinfo=CHINA), item.time is not None)


def campaign_problems(issues: list[Issue], column: Column) -> list[Problem]:
    """Settings that contradict each other, issues after the end, reviewers who are not three."""
    campaign = column.campaign
    problems = []
    if campaign.is_ended and campaign.ended is None:
        place, key = column.setting_at("ended")
        message = "status 为 ended 时应写明结束日期 ended（YYYY-MM-DD）"
        problems.append(Problem(place, None, key, message))
    if campaign.ended and not campaign.is_ended:
        place, key = column.setting_at("status")
        message = f"已设置结束日期 {campaign.ended}，但 status 不是 ended"
        problems.append(Problem(place, None, key, message, Severity.WARNING))
    for issue in issues:
        # A draft is never published (the build leaves it out), so it breaks no publishing rule
        # until its `draft: true` is removed: check and build agree on it.
        if (
            campaign.is_ended
            and campaign.ended
            and issue.date > campaign.ended
            and not issue.is_draft
        ):
            problems.append(
                Problem(issue.path, issue.lines.get("date"), "date",
                        f"发布日期 {issue.date} 晚于专项行动结束日期 {campaign.ended}；"
                        "专项行动结束后不再发布专刊")
            )  # fmt: skip
        if not issue.is_draft:
            problems += reviewer_problems(issue, campaign.distinct_reviewers)
    return problems


def reviewer_problems(issue: Issue, severity: Severity) -> list[Problem]:
    """编辑、责任编辑、终审 must be three different people (三审三校), compared without spaces."""
    problems = []
    seen: dict[str, str] = {}
    for key, role in REVIEWERS.items():
        name = "".join((getattr(issue, key) or "").split())
        if not name:
            continue
        if name in seen:
            first = seen[name]
            message = (
                f"「{key}」（{role}）与「{first}」（{REVIEWERS[first]}）都是「{name}」："
                "编辑、责任编辑、终审应由三个不同的人担任"
            )
            problems.append(Problem(issue.path, issue.lines.get(key), key, message, severity))
        else:
            seen[name] = key
    return problems
