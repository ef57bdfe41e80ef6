"""When an issue or a policy document may be published: `hold_future` (contract section 6).

An item whose publication time (its own, or the column's publish_time, China time) is still to
come when the site is built is held back: it gets no page, list entry, feed item, sitemap URL
or search entry until the first build at or after that time. The rule lives here, in
the core, where the column and the policies are loaded, so `bulletin check`, `mkdocs build` and
the preview all apply it the same way.
"""

from __future__ import annotations

from datetime import datetime

from .campaign import CHINA, Dated, published_at
from .dates import chinese_day
from .model import Column
from .problems import Problem, Severity


def due_at(item: Dated, column: Column) -> datetime:
    """When an item may appear: its publication time (its own, or the column's publish_time),
    China time. An issue dated today for 09:00 waits for 09:00, not for midnight."""
    return published_at(item, column).at


def is_future(when: datetime, now: datetime) -> bool:
    """Whether an item due `when` is not yet due at `now`."""
    return when > now


def future_notice(path: str, line: int | None, when: datetime, held: bool) -> Problem:
    """What `bulletin check` says about an item whose publication time is still to come.

    Held back (the default), it is a notice, not a warning: scheduling an issue is normal work
    and must not fail a strict build. Published at once (`hold_future: false`), its page shows
    a 发布时间 that has not happened yet, which is worth a warning."""
    local = when.astimezone(CHINA)
    stamp = f"{local:%Y-%m-%d %H:%M}"
    if held:
        message = (
            f"发布时间 {stamp} 还没到，暂不发布：{chinese_day(local.date())} {local:%H:%M} "
            "以后重新生成网站时才会出现在网站上"
        )
        return Problem(path, line, "date", message, Severity.NOTICE)
    message = f"发布时间 {stamp} 还没到，将立即发布；如需到期再发布，请删除 hold_future: false"
    return Problem(path, line, "date", message, Severity.WARNING)
