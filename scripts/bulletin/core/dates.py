"""The build's moment and how a day is written for readers.

`SOURCE_DATE_EPOCH` (the reproducible-builds convention) is read here and nowhere else: a build
that sets it is dated that day and must be byte-identical to any other build of the same commit.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime


def source_date_epoch() -> int | None:
    """The time a build pins with SOURCE_DATE_EPOCH (seconds since 1970), if it pins one."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(epoch) if epoch.isdigit() else None


def chinese_day(day: date) -> str:
    """2024年6月30日."""
    return f"{day.year}年{day.month}月{day.day}日"


def build_instant() -> datetime:
    """Now, or the moment SOURCE_DATE_EPOCH pins: what an item's publication time is held
    against (`hold_future`)."""
    epoch = source_date_epoch()
    return datetime.fromtimestamp(epoch, tz=UTC) if epoch is not None else datetime.now(UTC)
