"""The 版记 at the foot of a bulletin: who it went to (报、送、发) and who edited it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ROLES = {"编辑": "editor", "初审": "editor", "责任编辑": "reviewer", "复审": "reviewer",
         "终审": "approver", "签发": "approver"}  # fmt: skip
_ROLE = re.compile(
    r"(?P<role>责任编辑|编辑|初审|复审|终审|签发)\s*[:：]\s*"
    r"(?P<name>.+?)(?=\s*(?:责任编辑|编辑|初审|复审|终审|签发)\s*[:：]|\s*$)"
)
_DISTRIBUTION = re.compile(r"^\s*(?:报|送|发|抄送|报送|分送|抄报|主送)\s*[:：]")
_PRINTING = re.compile(r"(?:印发|共印\s*\d+\s*份|（共印.*份）)\s*$")


@dataclass
class Colophon:
    """Reviewers by front-matter key, and the distribution lines that are dropped."""

    roles: dict[str, str] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)
    lines: int = 0  # how many closing paragraphs it took


def is_colophon_line(text: str) -> bool:
    """报：… 送：… 编辑：… 印发 lines, the kinds a 版记 is made of."""
    return bool(_DISTRIBUTION.match(text) or _ROLE.match(text.strip()) or _PRINTING.search(text))


def read_colophon(lines: list[str]) -> Colophon:
    """Read the 版记 from the last lines of a document (given in document order)."""
    colophon = Colophon()
    for text in reversed(lines):
        stripped = text.strip()
        if stripped and not is_colophon_line(stripped):
            break
        colophon.lines += 1
        for match in _ROLE.finditer(stripped):
            colophon.roles.setdefault(ROLES[match.group("role")], match.group("name").strip())
        if _DISTRIBUTION.match(stripped) or _PRINTING.search(stripped):
            colophon.dropped.append(stripped)
    return colophon
