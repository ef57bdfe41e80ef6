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
from datetime import date, datetime, time
from enum import Enum
from typing import Any

from .limits import date_problem
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
    """How one field is read from front matter: its Chinese name, its reader, whether it is
    needed, and the key it is read from when that is not the field's name (a date's time)."""

    label: str
    read: Reader
    need: Need = OPTIONAL
    hint: str = ""  # shown when the key is missing, e.g. the expected form
    key: str | None = None


def rule(
    label: str, read: Reader, need: Need = OPTIONAL, hint: str = "", key: str | None = None
) -> dict[str, Rule]:
    """Field metadata declaring how a key is read (use as `field(metadata=rule(...))`)."""
    return {"rule": Rule(label, read, need, hint, key)}


def rules_of(model: type) -> dict[str, Rule]:
    """The model's fields read from front matter, in declaration order."""
    return {f.name: f.metadata["rule"] for f in dataclasses.fields(model) if "rule" in f.metadata}


def setting(
    label: str,
    option: str | None = None,
    parse: Callable[[Any], Any] | None = None,
    choices: tuple[str, ...] | None = None,
    flatten: bool = False,
) -> dict[str, Any]:
    """Field metadata of a column setting (`plugins.bulletin` in mkdocs.yml): what it is, its
    option name where it differs from the field's, a parser (raising ValueError with a Chinese
    message) or a list of choices, and `flatten` for a group of settings whose options stand at
    the top level. The MkDocs options schema is made from these (bulletin.mkdocs.config)."""
    found: dict[str, Any] = {"label": label}
    for name, value in (("option", option), ("parse", parse), ("choices", choices)):
        if value is not None:
            found[name] = value
    if flatten:
        found["flatten"] = True
    return found


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
    keys = {name: how.key or name for name, how in rules.items()}
    for name, how in rules.items():
        value, message = _read(fields.get(keys[name]), how)
        if message:
            fail(keys[name], message)
            wrong.add(keys[name])
        values[name] = value
    is_draft = values.get("draft") is True
    for name, how in rules.items():
        key = keys[name]
        needed = how.need is REQUIRED or (how.need is UNLESS_DRAFT and not is_draft)
        if (
            needed
            and values[name] is None
            and key not in wrong
            and not _unreadable(fields.get(key))
        ):
            hint = f"，{how.hint}" if how.hint else ""
            fail(key, f"缺少必填项「{key}」（{how.label}{hint}）")
    for key in fields:
        if key not in keys.values() and key not in also_known:
            fail(key, f"未知的键「{key}」，请检查拼写", Severity.WARNING)
    unreadable = any(_unreadable(fields.get(key)) for key in keys.values())
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
# A day, optionally with the time of publication: 2023-07-25 or 2023-07-25 09:30.
_DATE_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}:\d{2}))?$")


def iso_date(value: Any, label: str) -> tuple[date | None, str | None]:
    """A day written YYYY-MM-DD, within the years a page can carry."""
    day, message = _iso_day(value, label)
    return _in_range(day, label, message)


def _in_range(day: date | None, label: str, message: str | None) -> tuple[date | None, str | None]:
    """No year 0001 or 9999: a sitemap, a feed and a gzip header must be able to carry it."""
    problem = date_problem(day, label) if day is not None else None
    return (None, problem) if problem else (day, message)


def _iso_day(value: Any, label: str) -> tuple[date | None, str | None]:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value, None
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip()), None
        except ValueError:
            return None, f"「{value}」不是真实存在的日期，应为 YYYY-MM-DD"
    return None, f"{label}应写成 YYYY-MM-DD，例如 2023-07-25，现在是「{value}」"


def publication_day(value: Any, label: str) -> tuple[date | None, str | None]:
    """The day of `YYYY-MM-DD` or `YYYY-MM-DD HH:MM` (YAML reads one with seconds as a
    datetime), within the years a page can carry; the time is read by `publication_time`."""
    day, message = _publication_day(value, label)
    return _in_range(day, label, message)


def _publication_day(value: Any, label: str) -> tuple[date | None, str | None]:
    if isinstance(value, datetime):
        return value.date(), None
    if isinstance(value, date):
        return value, None
    found = _DATE_TIME.match(value.strip()) if isinstance(value, str) else None
    if found is None:
        form = "YYYY-MM-DD 或 YYYY-MM-DD HH:MM，例如 2023-07-25"
        return None, f"{label}应写成 {form}，现在是「{value}」"
    try:
        return date.fromisoformat(found.group(1)), None
    except ValueError:
        return None, f"「{value}」不是真实存在的日期，应为 YYYY-MM-DD"


def publication_time(value: Any, label: str) -> tuple[time | None, str | None]:
    """The `HH:MM` after a publication day, or None when only the day is written."""
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0), None
    found = _DATE_TIME.match(value.strip()) if isinstance(value, str) else None
    if found is None or found.group(2) is None:
        return None, None  # no time written (a malformed date is the day reader's to report)
    clock = parse_clock(found.group(2))
    if clock is None:
        return None, f"「{value}」中的时间不存在，应为 HH:MM，例如 09:30"
    return clock, None


def parse_clock(value: object) -> time | None:
    """`HH:MM` (also what YAML 1.1 makes of an unquoted 10:30: the integer 630) → a time."""
    if isinstance(value, time):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):  # sexagesimal: 10:30 → 630
        value = f"{value // 60}:{value % 60:02d}"
    if not isinstance(value, str):
        return None
    hours, _, minutes = value.strip().partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2 and len(hours) <= 2):
        return None
    if int(hours) > 23 or int(minutes) > 59:
        return None
    return time(int(hours), int(minutes))


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


def word_tuple(value: Any) -> tuple[str, ...]:
    """A YAML list of short texts (a setting such as `categories`)."""
    if isinstance(value, tuple):
        return value
    if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
        raise ValueError(f"应为文字列表，例如 [督导帮扶, 工作动态]，现在是「{value}」")
    return tuple(w.strip() for w in value)


def joined_words(value: Any) -> str:
    """Text, or a YAML list of words joined with commas (化工,安全生产)."""
    if isinstance(value, list) and all(isinstance(word, str) for word in value):
        return ",".join(word.strip() for word in value if word.strip())
    if isinstance(value, str):
        return value.strip()
    raise ValueError(f"应为文字或文字列表，例如 [化工, 安全生产]，现在是「{value}」")


def clock_setting(value: Any) -> time:
    """`HH:MM` as a setting."""
    clock = parse_clock(value)
    if clock is None:
        raise ValueError(f"应为 HH:MM，例如 09:00，现在是「{value}」")
    return clock


def day_setting(value: Any) -> date | None:
    """`YYYY-MM-DD` as a setting, unquoted (YAML makes it a date) or quoted."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"应为 YYYY-MM-DD，例如 2024-06-30，现在是「{value}」") from None
