"""The plugin's options in mkdocs.yml, validated by MkDocs, and their conversion to a `Column`."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..core.model import Column, Numbering, SiteIdentity


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


def to_column(config: BulletinConfig) -> Column:
    """The core's settings object, free of MkDocs types."""
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
    )
