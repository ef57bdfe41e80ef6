"""The plugin's options in mkdocs.yml, validated by MkDocs, and their conversion to a `Column`."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from ..core.campaign import ACTIVE, ENDED, Campaign, parse_clock
from ..core.metadata import COLUMN_TYPES, MetaSettings
from ..core.model import Column, Numbering, SiteIdentity
from ..core.problems import Severity


class ClockTime(base.BaseConfigOption[str]):
    """`HH:MM`; YAML 1.1 reads an unquoted 10:30 as the number 630, which is accepted too."""

    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> str:
        clock = parse_clock(value)
        if clock is None:
            raise ValidationError(f"应为 HH:MM，例如 09:00，现在是「{value}」")
        return clock.strftime("%H:%M")


class Words(base.BaseConfigOption[str]):
    """Text, or a YAML list of words, which is joined with commas (化工,安全生产)."""

    def __init__(self) -> None:
        super().__init__()
        self.default = ""

    def run_validation(self, value: object) -> str:
        if isinstance(value, list) and all(isinstance(word, str) for word in value):
            return ",".join(word.strip() for word in value if word.strip())
        if isinstance(value, str):
            return value.strip()
        raise ValidationError(f"应为文字或文字列表，例如 [化工, 安全生产]，现在是「{value}」")


class Day(base.BaseConfigOption[date | None]):
    """`YYYY-MM-DD`, unquoted (YAML makes it a date) or quoted; empty when not given."""

    def run_validation(self, value: object) -> date | None:
        if value is None or isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValidationError(f"应为 YYYY-MM-DD，例如 2024-06-30，现在是「{value}」") from None


class FooterConfig(base.Config):
    """`footer:` — the site identity every page shows (see `SiteIdentity`)."""

    sponsor = c.Type(str, default="")
    organizer = c.Type(str, default="")
    contact = c.Type(str, default="")
    site_code = c.Type(str, default="")
    icp = c.Type(str, default="")
    police = c.Type(str, default="")
    conac_image = c.Type(str, default="")
    conac_url = c.Type(str, default="")


class BulletinConfig(base.Config):
    """`plugins: - bulletin:` options; every error names the key, as MkDocs reports them."""

    column_name = c.Type(str, default="专项行动专栏")
    bulletin_name = c.Type(str, default="工作信息")
    publisher = c.Type(str, default="")
    numbering = c.Choice([n.value for n in Numbering], default=Numbering.YEARLY.value)
    total_offset = c.Optional(c.Type(int))
    issues_dir = c.Type(str, default="issues")
    feed_size = c.Type(int, default=20)
    page_size = c.Type(int, default=50)
    hold_future = c.Type(bool, default=False)
    footer = c.SubConfig(FooterConfig)
    # 统一社会信用代码 (18 characters) / year - sequence, as in 11370125004213927F/2021-3882140.
    index_no_pattern = c.Type(str, default=Column.index_no_pattern)
    # Government page metadata (core/metadata.py); empty ones are warnings.
    site_name = c.Type(str, default="")  # empty: mkdocs.yml's site_name
    site_domain = c.Type(str, default="")  # empty: the host of site_url
    column_type = c.Optional(c.Choice(COLUMN_TYPES))
    column_keywords = Words()
    column_description = c.Type(str, default="")
    categories = c.ListOfItems(c.Type(str), default=[])  # 类别 listed even while empty
    # The campaign's life and publishing rules (core/campaign.py).
    status = c.Choice((ACTIVE, ENDED), default=ACTIVE)
    ended = Day()
    publish_time = ClockTime(default="09:00")
    distinct_reviewers = c.Choice([s.value for s in Severity], default=Severity.ERROR.value)


def to_column(config: BulletinConfig, site_name: str = "", site_url: str = "") -> Column:
    """The core's settings object, free of MkDocs types; `site_name` and `site_url` are the
    mkdocs.yml values the metadata settings default to."""
    return Column(
        name=config.column_name,
        bulletin_name=config.bulletin_name,
        publisher=config.publisher,
        numbering=Numbering(config.numbering),
        total_offset=config.total_offset,
        issues_dir=config.issues_dir,
        feed_size=config.feed_size,
        page_size=config.page_size,
        hold_future=config.hold_future,
        index_no_pattern=config.index_no_pattern,
        identity=SiteIdentity(**{key: config.footer[key] for key, _ in FooterConfig._schema}),
        campaign=Campaign(
            status=config.status,
            ended=config.ended,
            publish_time=parse_clock(config.publish_time) or Campaign.publish_time,
            distinct_reviewers=Severity(config.distinct_reviewers),
        ),
        metadata=MetaSettings(
            site_name=config.site_name or site_name,
            site_domain=config.site_domain or (urlsplit(site_url).hostname or ""),
            column_type=config.column_type or "",
            column_keywords=config.column_keywords,
            column_description=config.column_description,
        ),
        categories=tuple(config.categories),
    )
