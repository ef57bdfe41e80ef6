"""Front matter declared once: a model's dataclass fields carry the rule that reads each key.

A model (an issue's front matter, a policy document's metadata) declares each key as a field
whose metadata is a `Rule` (`field(metadata=rule("期号", positive_int, REQUIRED))`).
`validate` reads every key of an editor's file by those rules and returns the values ready to
construct the model, or the problems, each with the key's line; nothing is copied field by field
and a missing value is `None`, never a stand-in.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from .problems import Problem, Severity
from .sources import INVALID, Field

Reader = Callable[[Any, str], tuple[Any, str | None]]  # (value, label) -> (parsed, message)


class Need(Enum):
    OPTIONAL = "optional"
    REQUIRED = "required"
    UNLESS_DRAFT = "unless_draft"  # the review chain: a draft may leave it empty


OPTIONAL, REQUIRED, UNLESS_DRAFT = Need.OPTIONAL, Need.REQUIRED, Need.UNLESS_DRAFT


@dataclass(frozen=True)
class Rule:
    """How one front-matter key is read: its Chinese name, its reader, whether it is needed."""

    label: str
    read: Reader
    need: Need = OPTIONAL
    hint: str = ""  # shown when the key is missing, e.g. the expected form


def rule(label: str, read: Reader, need: Need = OPTIONAL, hint: str = "") -> dict[str, Rule]:
    """Field metadata declaring how a key is read (use as `field(metadata=rule(...))`)."""
    return {"rule": Rule(label, read, need, hint)}


def rules_of(model: type) -> dict[str, Rule]:
    """The front-matter keys of a model, in declaration order."""
    return {f.name: f.metadata["rule"] for f in dataclasses.fields(model) if "rule" in f.metadata}


def validate(
    model: type,
    path: str,
    fields: Mapping[str, Field],
    header_line: int = 1,
    also_known: frozenset[str] = frozenset(),
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Read every key of `model` from `fields`; the values, or None when any key is wrong."""
    problems: list[Problem] = []
    rules = rules_of(model)

    def fail(key: str, message: str, severity: Severity = Severity.ERROR) -> None:
        line = fields[key].line if key in fields else header_line
        problems.append(Problem(path, line, key, message, severity))

    values: dict[str, Any] = {}
    wrong: set[str] = set()
    for key, how in rules.items():
        value, message = _read(fields.get(key), how)
        if message:
            fail(key, message)
            wrong.add(key)
        values[key] = value
    is_draft = values.get("draft") is True
    for key, how in rules.items():
        needed = how.need is REQUIRED or (how.need is UNLESS_DRAFT and not is_draft)
        if needed and values[key] is None and key not in wrong and not _unreadable(fields.get(key)):
            hint = f"，{how.hint}" if how.hint else ""
            fail(key, f"缺少必填项「{key}」（{how.label}{hint}）")
    for key in fields:
        if key not in rules and key not in also_known:
            fail(key, f"未知的键「{key}」，请检查拼写", Severity.WARNING)
    unreadable = any(_unreadable(fields.get(key)) for key in rules)
    ok = not unreadable and not any(p.is_error for p in problems)
    return (values if ok else None), problems


def _unreadable(found: Field | None) -> bool:
    """A value the YAML reader already reported: not reported again as missing."""
    return found is not None and found.value is INVALID


def _read(found: Field | None, how: Rule) -> tuple[Any, str | None]:
    if found is None or found.value is INVALID or found.value is None or found.value == "":
        return None, None
    return how.read(found.value, how.label)


# Readers: each turns a YAML value into the model's type, or says in Chinese what is wrong.


def text(value: Any, label: str) -> tuple[str | None, str | None]:
    """A line of text; numbers are taken as their digits (a 来源 may be a code)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        return None, f"{label}应为文字，现在是「{value}」"
    return value.strip(), None


def positive_int(value: Any, label: str) -> tuple[int | None, str | None]:
    """An integer of at least 1 (期号)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return None, f"{label}应为不小于 1 的整数，现在是「{value}」"
    return value, None


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso_date(value: Any, label: str) -> tuple[date | None, str | None]:
    """A day written YYYY-MM-DD (YAML gives a date; a quoted one arrives as text)."""
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value, None
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip()), None
        except ValueError:
            return None, f"「{value}」不是真实存在的日期，应为 YYYY-MM-DD"
    return None, f"{label}应写成 YYYY-MM-DD，例如 2023-07-25，现在是「{value}」"


def web_address(value: Any, label: str) -> tuple[str | None, str | None]:
    """An http(s) address."""
    found, message = text(value, label)
    if found is not None and not re.match(r"^https?://\S+$", found):
        return None, f"{label}「{found}」应以 http:// 或 https:// 开头"
    return found, message


def flag(value: Any, label: str) -> tuple[bool | None, str | None]:
    """true or false."""
    if not isinstance(value, bool):
        return None, f"{label}只能是 true 或 false，现在是「{value}」"
    return value, None


def text_list(value: Any, label: str) -> tuple[list[str] | None, str | None]:
    """A list of short texts, e.g. tags."""
    if not isinstance(value, list) or not all(isinstance(t, str) and t.strip() for t in value):
        return None, f"{label}应为文字列表，例如 [危化品, 督导帮扶]"
    return [t.strip() for t in value], None


def one_of(*choices: str) -> Reader:
    """A reader accepting exactly one of `choices`."""

    def read(value: Any, label: str) -> tuple[str | None, str | None]:
        found, message = text(value, label)
        if found is not None and found not in choices:
            listed = f"{'、'.join(choices[:-1])} 或 {choices[-1]}"
            return None, f"{label}应为 {listed} 之一，现在是「{found}」"
        return found, message

    return read
