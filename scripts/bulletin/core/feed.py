"""The RSS 2.0 feed's data: the newest issues with absolute links (markup lives in a template)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from email.utils import format_datetime

from .column import LoadedColumn
from .model import Issue

# Bulletins carry a date, not a time; midnight China time keeps feed dates on the right day.
_CHINA = timezone(timedelta(hours=8))


@dataclass
class FeedItem:
    title: str
    link: str
    pub_date: str
    summary: str
    issue: Issue


def rfc822(day: date) -> str:
    """A date as RFC 822 at midnight China time, as RSS 2.0 requires."""
    return format_datetime(datetime.combine(day, time(), tzinfo=_CHINA))


def feed_items(loaded: LoadedColumn, site_url: str) -> list[FeedItem]:
    """The newest `feed_size` issues, newest first, with absolute links."""
    base = site_url.rstrip("/") + "/"
    items = []
    for issue in loaded.newest_first[: loaded.column.feed_size]:
        link = base + issue.url
        summary = issue.summary or "；".join(a.title for a in issue.articles)
        items.append(FeedItem(issue.title or "", link, rfc822(issue.date), summary, issue))
    return items
