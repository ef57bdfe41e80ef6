"""The 版记 at the foot of a bulletin: who it went to (报、送、发), who printed it, who edited it.

The reviewers are written in two ways: a 版记 line 「编辑：…　责任编辑：…　终审：…」, or, as news
releases print it, one parenthesised line at the end, 「(编辑:… ; 责任编辑:… ; 终审:…)」, in
any order, with ASCII or full-width colons and semicolons, commas or spaces between them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ROLES = {"编辑": "editor", "初审": "editor", "责任编辑": "reviewer", "复审": "reviewer",
         "终审": "approver", "签发": "approver"}  # fmt: skip
_ROLE_NAMES = "责任编辑|编辑|初审|复审|终审|签发"
_ROLE = re.compile(
    rf"(?P<role>{_ROLE_NAMES})\s*[:：]\s*"
    rf"(?P<name>.+?)(?=[\s;；,，、]*(?:{_ROLE_NAMES})\s*[:：]|[\s;；,，、]*$)"
)
# A whole line in brackets that is nothing but roles and names: 「(编辑:王 ; 终审:张)」.
_BRACKETED = re.compile(r"^[（(](?P<inner>[^（）()]+)[）)]$")
_SEPARATORS = " \t　;；,，、"
_DISTRIBUTION = re.compile(r"^\s*(?:报|送|发|抄送|报送|分送|抄报|主送|印发|发送)\s*[:：]")
_PRINTING = re.compile(r"(?:印发|共印\s*\d+\s*份|（共印.*份）)\s*$")


@dataclass
class Colophon:
    """Reviewers by front-matter key, and the distribution lines (报送、印发), which are kept
    in the front matter (`distribution`) and not shown on the page."""

    roles: dict[str, str] = field(default_factory=dict)
    distribution: list[str] = field(default_factory=list)  # in document order
    lines: int = 0  # how many closing paragraphs it took


def _roles_text(text: str) -> str | None:
    """The roles part of a reviewers' line, brackets taken off; None when it is not one."""
    stripped = text.strip()
    bracketed = _BRACKETED.match(stripped)
    inner = bracketed.group("inner").strip(_SEPARATORS) if bracketed else stripped
    if not _ROLE.match(inner):
        return None
    rest = _ROLE.sub("", inner).strip(_SEPARATORS)
    return inner if not rest else None  # every word belongs to a role and its name


def is_colophon_line(text: str) -> bool:
    """报：… 送：… 编辑：… 印发 lines, the kinds a 版记 is made of."""
    return bool(_DISTRIBUTION.match(text) or _roles_text(text) or _PRINTING.search(text))


def read_colophon(lines: list[str]) -> Colophon:
    """Read the 版记 from the last lines of a document (given in document order)."""
    colophon = Colophon()
    for text in reversed(lines):
        stripped = text.strip()
        if stripped and not is_colophon_line(stripped):
            break
        colophon.lines += 1
        for match in _ROLE.finditer(_roles_text(stripped) or ""):
            name = match.group("name").strip(_SEPARATORS)
            colophon.roles.setdefault(ROLES[match.group("role")], name)
        if _DISTRIBUTION.match(stripped) or _PRINTING.search(stripped):
            colophon.distribution.insert(0, stripped)
    return colophon
