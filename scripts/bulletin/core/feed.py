"""The RSS 2.0 feed's data: the newest issues with absolute links (markup lives in a template)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime

from .campaign import published_at
from .column import LoadedColumn
from .model import Column, Issue


@dataclass
class FeedItem:
    title: str
    link: str
    pub_date: str
    summary: str
    issue: Issue
    column: Column  # the issue's: a site's feed carries several columns' issues
    moment: datetime


def rfc822(moment: datetime) -> str:
    """A moment as RFC 822, as RSS 2.0 requires (China time: the issue's time or the column's
    default publish time)."""
    return format_datetime(moment)


def feed_items(loaded: LoadedColumn, site_url: str) -> list[FeedItem]:
    """The newest `feed_size` issues, newest first, with absolute links."""
    base = site_url.rstrip("/") + "/"
    items = []
    for issue in loaded.newest_first[: loaded.column.feed_size]:
        link = base + issue.url
        summary = issue.summary or "；".join(a.title for a in issue.articles)
        moment = published_at(issue, loaded.column).at
        items.append(
            FeedItem(issue.title or "", link, rfc822(moment), summary, issue, loaded.column, moment)
        )
    return items


def site_feed_items(columns: list[LoadedColumn], site_url: str, size: int) -> list[FeedItem]:
    """The newest `size` issues of every column together, newest first (the site's feed)."""
    items = [item for loaded in columns for item in feed_items(loaded, site_url)]
    items.sort(key=lambda item: item.moment, reverse=True)
    return items[:size]
