"""When an issue or a policy document may be published: `hold_future` (contract section 6).

An item dated after the day of the build is held back: it gets no page, list entry, feed item,
sitemap URL or search entry until the first build on or after its date. The rule lives here, in
the core, where the column and the policies are loaded, so `bulletin check`, `mkdocs build` and
the preview all apply it the same way.
"""

from __future__ import annotations

from datetime import date

from .dates import chinese_day
from .problems import Problem, Severity


def is_future(day: date, today: date) -> bool:
    """Whether an item dated `day` is not yet due on `today`."""
    return day > today


def future_notice(path: str, line: int | None, day: date, held: bool) -> Problem:
    """What `bulletin check` says about an item dated after today.

    Held back (the default), it is a notice, not a warning: scheduling an issue is normal work
    and must not fail a strict build. Published at once (`hold_future: false`), its page shows
    a 发布时间 that has not happened yet, which is worth a warning."""
    if held:
        message = (
            f"发布日期 {day} 在今天之后，暂不发布：{chinese_day(day)}当天或以后"
            "重新生成网站时才会出现在网站上"
        )
        return Problem(path, line, "date", message, Severity.NOTICE)
    message = f"发布日期 {day} 在今天之后，将立即发布；如需到期再发布，请删除 hold_future: false"
    return Problem(path, line, "date", message, Severity.WARNING)
