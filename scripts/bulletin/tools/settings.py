"""Reading the column's settings from mkdocs.yml without running MkDocs, for the CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from ..core.hub import find_site
from ..core.metadata import with_site_defaults
from ..core.model import Column
from ..mkdocs.config import BulletinConfig, to_column

PLUGIN_NAME = "bulletin"


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold `!ENV` and `!!python/name:` tags; the CLI needs none of their values."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_multi_constructor("!", _ignore_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def _read(config_file: Path) -> dict[str, Any]:
    if not config_file.is_file():
        return {}
    data = yaml.load(config_file.read_text(encoding="utf-8-sig"), Loader=_TolerantLoader)
    return data if isinstance(data, dict) else {}


def docs_dir(config_file: Path) -> Path:
    """The site's `docs_dir` (default `docs`), beside mkdocs.yml."""
    return config_file.parent / str(_read(config_file).get("docs_dir") or "docs")


def site_url(config_file: Path) -> str:
    """`site_url` (e.g. https://example.gov.cn/zhuanlan/), or empty."""
    return str(_read(config_file).get("site_url") or "")


def site_path(config_file: Path) -> str:
    """The URL path of `site_url` (e.g. /zhuanlan/), which root-relative links carry."""
    return urlsplit(site_url(config_file)).path


def plugin_options(config_file: Path) -> dict[str, Any]:
    """The `bulletin` entry of `plugins:` in mkdocs.yml, or {} when it has no options."""
    data = _read(config_file)
    for entry in data.get("plugins") or []:
        if isinstance(entry, dict) and PLUGIN_NAME in entry:
            return dict(entry[PLUGIN_NAME] or {})
    return {}


def load_column_settings(config_file: Path) -> tuple[Column, list[str]]:
    """Validate the plugin options with the plugin's own schema; return errors as text."""
    config = BulletinConfig(config_file_path=str(config_file))
    config.load_dict(plugin_options(config_file))
    failed, _warnings = config.validate()
    errors = [f"{config_file.name}: plugins.bulletin.{key}: {exc}" for key, exc in failed]
    if errors:
        return Column(), errors
    data = _read(config_file)
    return with_site_defaults(to_column(config), data.get("site_name"), data.get("site_url")), []


def chosen_column(config_file: Path, slug: str | None) -> tuple[Column | None, list[str], int]:
    """The column a command writes into: the site's only one, or `columns/<slug>/`'s (contract
    section 8); else why not, and the exit code (2: the column must be named)."""
    site_column, errors = load_column_settings(config_file)
    if errors:
        return None, errors, 1
    site, problems = find_site(config_file.parent, site_column)
    errors = [p.format() for p in problems if p.is_error]
    if errors:
        return None, errors, 1
    slugs = "、".join(site.slugs)
    if not site.is_hub:
        if slug is None:
            return site_column, [], 0
        return None, [f"本站只有一个栏目（issues/），不需要 --column {slug}"], 2
    if slug is None:
        return None, [f"本站有多个栏目，请用 --column 指定其一：{slugs}"], 2
    column = site.column(slug)
    if column is None:
        return None, [f"没有栏目「{slug}」（columns/{slug}/column.yml），现有栏目：{slugs}"], 2
    return column, [], 0


def site_dir(config_file: Path) -> Path:
    """The built site's folder (`site_dir`, default `site`), beside mkdocs.yml."""
    return config_file.parent / str(_read(config_file).get("site_dir") or "site")
