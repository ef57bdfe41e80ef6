"""An article's contributor as offices write it: 「（督导帮扶第六工作组供稿）」 or
「（来源：市工作专班）」 at the end, 「来源：市应急管理局」 at the start."""

from __future__ import annotations

import re

_LABEL = r"(?:来源|稿件来源|信息来源|供稿单位|供稿|报送单位)"
_LEADING = re.compile(rf"^\s*[（(]?\s*{_LABEL}\s*[:：]\s*(?P<unit>[^（）()]{{2,40}}?)\s*[）)]?\s*$")
_TRAILING = re.compile(
    rf"[（(]\s*(?:{_LABEL}\s*[:：]\s*(?P<labelled>[^（）():：]{{2,40}}?)"
    r"|(?P<suffixed>[^（）():：]{2,40}?)\s*(?:供稿|报送|提供|撰稿))\s*[）)]\s*$"
)


def leading_contributor(text: str) -> str | None:
    """The unit of a paragraph that is only a 来源 line (「来源：市应急管理局」)."""
    match = _LEADING.match(text)
    return _clean(match.group("unit")) if match else None


def is_contributor_line(text: str) -> bool:
    """A paragraph that is nothing but a 来源 line, in either form."""
    trailing = trailing_contributor(text)
    return leading_contributor(text) is not None or (trailing is not None and trailing[1] == 0)


def trailing_contributor(text: str) -> tuple[str, int] | None:
    """The unit in closing brackets at the end of a paragraph, and where the brackets open."""
    match = _TRAILING.search(text)
    if match is None:
        return None
    unit = match.group("labelled") or match.group("suffixed")
    return _clean(unit), match.start()


def _clean(unit: str) -> str:
    # A bar would split the attribution line (来源:单位 | 类别:…) where the unit has none.
    return re.sub(r"\s*[|｜]\s*", " ", unit).strip()
