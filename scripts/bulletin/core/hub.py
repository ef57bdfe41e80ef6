"""A site of several columns (contract section 8): finding them, reading each `column.yml`,
and what the hub home lists.

A site holds one column (`issues/` at the project root, settings in `plugins.bulletin`) or, when
`columns/<slug>/column.yml` files exist, one column per such folder. A `column.yml` takes the
column keys of `plugins.bulletin`, read by the same declaration (`Column`'s fields); a key it
leaves out takes the site's value.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from dataclasses import dataclass, replace
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

from .campaign import SETTINGS_FILE
from .column import LoadedColumn
from .model import COLUMN_SETTINGS, COLUMNS_DIR, Column
from .problems import Problem
from .sources import INVALID, Field, parse_fields, read_clean_text

SETTINGS_NAME = COLUMN_SETTINGS
_SLUG = re.compile(r"^[a-z0-9-]+$")
# Settings of the whole site, kept in mkdocs.yml: identity, footer, policy numbering, folders.
SITE_WIDE = frozenset({
    "footer", "site_name", "site_domain", "issues_dir", "index_no_pattern", "legacy_column",
})  # fmt: skip


# The old column's pages that lead to their new place once it moved under columns/<slug>/.
@dataclass(frozen=True)
class Site:
    """The site's columns: its only one (`is_hub` false), or every `columns/<slug>/`."""

    columns: tuple[Column, ...]

    @property
    def is_hub(self) -> bool:
        """Whether the site holds several columns (its home is the hub)."""
        return any(column.slug for column in self.columns)

    @property
    def slugs(self) -> list[str]:
        return [column.slug for column in self.columns]

    def column(self, slug: str) -> Column | None:
        """The column in `columns/<slug>/`, if there is one."""
        return next((c for c in self.columns if c.slug == slug), None)


def find_site(root: Path, site_column: Column) -> tuple[Site, list[Problem]]:
    """The site's columns: `columns/*/column.yml` if any exist, else the site's own column."""
    found = sorted((root / COLUMNS_DIR).glob(f"*/{SETTINGS_NAME}"))
    if not found:
        return Site((site_column,)), legacy_problems(Site((site_column,)), site_column)
    columns: list[Column] = []
    problems: list[Problem] = []
    left = root / site_column.issues_dir
    if left.is_dir() and any(left.rglob("*.md")):  # published no more: said, not lost silently
        message = (
            f"本站已有 {COLUMNS_DIR}/ 下的栏目，{site_column.issues_dir}/ 中的专刊不再发布："
            f"请移到 {COLUMNS_DIR}/<栏目目录名>/issues/"
        )
        problems.append(Problem(site_column.issues_dir, None, None, message))
    for path in found:
        column, read = read_column(root, path, site_column)
        problems += read
        if column is not None:
            columns.append(column)
    site = Site(tuple(columns))
    return site, problems + legacy_problems(site, site_column)


def slug_is_valid(slug: str) -> bool:
    """A column's folder name: lowercase ASCII letters, digits and hyphens."""
    return _SLUG.match(slug) is not None


def read_column(root: Path, path: Path, site_column: Column) -> tuple[Column | None, list[Problem]]:
    """One `columns/<slug>/column.yml`: the site's column with the keys it sets."""
    slug = path.parent.name
    shown = path.relative_to(root).as_posix()
    if not slug_is_valid(slug):
        message = f"栏目目录名「{slug}」只能由小写英文字母、数字和连字符（-）组成"
        return None, [Problem(shown, None, None, message)]
    text = read_clean_text(path, shown)
    if isinstance(text, list):
        return None, text
    fields, problems = parse_fields(text, shown, first_line=1)
    if fields is None:
        return None, problems
    values, read = column_settings(fields, shown)
    problems += read
    if any(p.is_error for p in problems):
        return None, problems
    issues_dir = f"{COLUMNS_DIR}/{slug}/issues"
    return _with(site_column, values, slug=slug, issues_dir=issues_dir), problems


def column_settings(fields: dict[str, Field], shown: str) -> tuple[dict[str, Any], list[Problem]]:
    """Option name → value of each key set in a `column.yml`, read by `Column`'s declaration."""
    declared = _declared(Column)
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, found in fields.items():
        if key not in declared or key in SITE_WIDE:
            where = "在 mkdocs.yml 中设置" if key in SITE_WIDE else "请检查拼写"
            problems.append(Problem(shown, found.line, key, f"栏目设置中没有「{key}」：{where}"))
            continue
        if found.value is INVALID or found.value is None:
            continue
        kind, how = declared[key]
        try:
            values[key] = _read_setting(kind, how, found.value)
        except ValueError as error:
            problems.append(Problem(shown, found.line, key, f"{how.metadata['label']}：{error}"))
    return values, problems


def _declared(model: type) -> dict[str, tuple[Any, dataclasses.Field[Any]]]:
    """Option name → (type, field) of a settings model, flattened groups included."""
    hints = typing.get_type_hints(model)
    found: dict[str, tuple[Any, dataclasses.Field[Any]]] = {}
    for field in dataclasses.fields(model):
        if field.metadata.get("flatten"):
            found |= _declared(hints[field.name])
        elif field.init and not field.metadata.get("internal"):
            found[str(field.metadata.get("option", field.name))] = (hints[field.name], field)
    return found


def _read_setting(kind: Any, how: dataclasses.Field[Any], value: Any) -> Any:
    """A setting's value by its declaration: its parser, its choices, or its type."""
    if "parse" in how.metadata:
        return how.metadata["parse"](value)
    choices = how.metadata.get("choices")
    if choices is not None:
        if value not in choices:
            raise ValueError(f"应为 {'、'.join(choices)} 之一，现在是「{value}」")
        return value
    if isinstance(kind, type) and issubclass(kind, Enum):
        allowed = [m.value for m in kind]
        if value not in allowed:
            raise ValueError(f"应为 {'、'.join(allowed)} 之一，现在是「{value}」")
        return kind(value)
    expected = next((a for a in typing.get_args(kind) if a is not type(None)), kind)
    if expected is bool and not isinstance(value, bool):
        raise ValueError(f"只能是 true 或 false，现在是「{value}」")
    if expected is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ValueError(f"应为整数，现在是「{value}」")
    if expected is str:
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise ValueError(f"应为文字，现在是「{value}」")
        return str(value).strip()
    return value


def _with(base: Column, values: dict[str, Any], **own: Any) -> Column:
    """`base` with the settings of `values` (option names), groups included, and `own`."""
    hints = typing.get_type_hints(Column)
    changes: dict[str, Any] = dict(own)
    for field in dataclasses.fields(Column):
        if field.metadata.get("flatten"):
            group = getattr(base, field.name)
            names = {f.name for f in dataclasses.fields(hints[field.name])}
            inner = {k: v for k, v in values.items() if k in names}
            if inner:
                changes[field.name] = replace(group, **inner)
        else:
            option = str(field.metadata.get("option", field.name))
            if option in values:
                changes[field.name] = values[option]
    return replace(base, **changes)


def legacy_problems(site: Site, site_column: Column) -> list[Problem]:
    """`legacy_column` must name one of the site's columns."""
    slug = site_column.legacy_column
    if slug is None or (site.is_hub and site.column(slug) is not None):
        return []
    existing = "、".join(site.slugs) if site.is_hub else "无"
    message = f"「{slug}」不是 {COLUMNS_DIR}/ 下的栏目目录名（现有：{existing}）"
    return [Problem(SETTINGS_FILE, None, "plugins.bulletin.legacy_column", message)]


@dataclass(frozen=True)
class HubEntry:
    """One column as the hub lists it: its latest issue, its first and last days, its count."""

    column: Column
    url: str
    latest_label: str | None
    latest_url: str | None
    latest_date: date | None
    started: date | None
    count: int

    @property
    def ended(self) -> date | None:
        """The day an ended campaign ended (its setting, or its last issue's day)."""
        if not self.column.campaign.is_ended:
            return None
        return self.column.campaign.ended or self.latest_date


def hub_entries(columns: list[LoadedColumn]) -> tuple[list[HubEntry], list[HubEntry]]:
    """The running columns (进行中), newest issue first, then the ended ones (历史专题), the
    most recently ended first."""
    entries = [_entry(loaded) for loaded in columns]
    running = [e for e in entries if not e.column.campaign.is_ended]
    ended = [e for e in entries if e.column.campaign.is_ended]
    running.sort(key=lambda e: e.latest_date or date.min, reverse=True)
    ended.sort(key=lambda e: e.ended or date.min, reverse=True)
    return running, ended


def _entry(loaded: LoadedColumn) -> HubEntry:
    column = loaded.column
    latest = loaded.issues[-1] if loaded.issues else None
    first = loaded.issues[0].date if loaded.issues else None
    url = column.url_prefix
    if latest is None:
        return HubEntry(column, url, None, None, None, None, 0)
    name = latest.name(column)
    return HubEntry(column, url, name, latest.url, latest.date, first, len(loaded.issues))
