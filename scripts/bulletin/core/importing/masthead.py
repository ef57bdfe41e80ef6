"""The masthead (刊头): the bulletin's name, 第N期（总第M期）, the issuing office and the date.

Offices lay it out in a few ways: the name on its own line, 第N期 on the next, the office and
the date on one line separated by spaces, a red rule; or, on an old column's page, one title
line (「…专刊·第3期」) and a line of labels (「发布日期:2023-07-25 信息来源:…」).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .chinese_numerals import read_number

_NUMERAL = r"[0-9０-９一二三四五六七八九十百〇零]+"
_ISSUE_NUMBER = re.compile(
    rf"(?:(?P<year>\d{{4}})\s*年\s*)?第\s*(?P<number>{_NUMERAL})\s*期"
    rf"(?:\s*[（(]\s*总第\s*(?P<total>{_NUMERAL})\s*期\s*[）)])?"
)
_DATES = [
    re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"),
    re.compile(
        r"(?P<y>\d{4})\s*[-./]\s*(?P<m>\d{1,2})\s*[-./]\s*(?P<d>\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
    ),
    re.compile(
        r"(?P<y>[〇○零一二三四五六七八九]{4})\s*年\s*(?P<m>[一二三四五六七八九十]{1,2})\s*月"
        r"\s*(?P<d>[一二三四五六七八九十]{1,3})\s*日"
    ),
]
_DATE_LABEL = re.compile(r"(?:发布日期|发布时间|日期|时间)\s*[:：]\s*$")
_SOURCE_LABEL = re.compile(
    r"(?P<label>信息来源|来源|编发单位|发布机构|主办单位|编印单位|主办|编印)\s*[:：]\s*"
    r"(?P<office>[^\s:：]+)"
)
_SOURCE_LABELS = ("信息来源", "来源")  # the issue's source; the other labels name its publisher
_OFFICE_SUFFIX = re.compile(r"\s*(?:编印|编发|主办|印发|编)\s*$")
_SECRECY = re.compile(r"^(?:内部资料|内部刊物|注意保存|内部参阅|[秘机]密|[\s，,★]*)+$")
_CHROME_LABELS = re.compile(r"(?:浏览次数|点击数|访问量|字号)\s*[:：].*$")
_NAME_JOINERS = " \t　·・•-—_|｜:："
_MAX_LINES = 8


@dataclass
class Masthead:
    """What the masthead said; empty fields were not found."""

    name: str = ""
    number: int | None = None
    total: int | None = None
    year: int | None = None  # of 「2023年第3期」, the series the number belongs to
    date: date | None = None
    office: str = ""  # 编发单位: who issues the bulletin (the column's publisher)
    source: str = ""  # 信息来源, where the masthead labels one (an old column's page does)
    lines: int = 0  # how many leading paragraphs it took


def find_date(text: str) -> tuple[date, re.Match[str]] | None:
    """The first real date in `text` in any of the usual forms, with where it stood."""
    for pattern in _DATES:
        for match in pattern.finditer(text):
            parts = [read_number(match.group(key)) for key in ("y", "m", "d")]
            if None in parts:
                continue
            try:
                return date(*(part or 0 for part in parts)), match
            except ValueError:
                continue
    return None


def read_masthead(lines: list[str]) -> Masthead:
    """Read the masthead from an issue's first lines; it ends with the line that dates it."""
    masthead = Masthead()
    for position, line in enumerate(lines[:_MAX_LINES]):
        text = line.strip()
        if text.startswith("编者按") or len(text) > 80:
            break
        if _SECRECY.match(text):
            masthead.lines = position + 1
            continue
        if not _read_line(text, masthead):
            break
        masthead.lines = position + 1
        if masthead.date is not None:
            break
    if masthead.number is None and masthead.date is None:
        return Masthead()  # a name alone is more likely the first article's title
    return masthead


def _read_line(text: str, masthead: Masthead) -> bool:
    """Take what one line gives; False when it is not masthead-like at all."""
    rest = _CHROME_LABELS.sub("", text)
    number = _ISSUE_NUMBER.search(rest)
    if number:
        masthead.number = masthead.number or read_number(number.group("number"))
        if number.group("year"):
            masthead.year = int(number.group("year"))
        if number.group("total"):
            masthead.total = read_number(number.group("total"))
        _take_name(rest[: number.start()], masthead)
        rest = rest[number.end() :]  # what stood before the number was the name
    found = find_date(rest)
    labelled = _SOURCE_LABEL.search(rest)
    if labelled and labelled.group("label") in _SOURCE_LABELS:
        masthead.source = masthead.source or labelled.group("office")
    elif labelled:
        masthead.office = masthead.office or labelled.group("office")
    if found:
        masthead.date = found[0]
        before = _DATE_LABEL.sub("", rest[: found[1].start()])
        office = _OFFICE_SUFFIX.sub("", _SOURCE_LABEL.sub("", before)).strip(_NAME_JOINERS)
        masthead.office = masthead.office or office
        return True
    if number or labelled:
        return True
    return _take_plain_line(rest.strip(), masthead)


def _take_name(text: str, masthead: Masthead) -> None:
    name = text.strip(_NAME_JOINERS)
    if name and not masthead.name:
        masthead.name = name


def _take_plain_line(text: str, masthead: Masthead) -> bool:
    """A short line without a number or date: the name first, then an office (「…编」)."""
    if len(text) > 40 or re.search(r"[。！？；]$", text):
        return False
    if not masthead.name:
        masthead.name = text.strip(_NAME_JOINERS)
        return True
    if _OFFICE_SUFFIX.search(text) and not masthead.office:
        masthead.office = _OFFICE_SUFFIX.sub("", text).strip(_NAME_JOINERS)
        return True
    return False
