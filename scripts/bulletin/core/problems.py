"""Problems found in editors' files, kept as values so a build can list them all at once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, worded for an editor (in Chinese)."""

    path: str
    line: int | None
    field: str | None
    message: str
    severity: Severity = Severity.ERROR
    column: int | None = None

    def format(self) -> str:
        """Render as `path:line[:column]: field: message`, the form editors and CI read."""
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f"{self.field}: " if self.field else ""
        label = "" if self.severity is Severity.ERROR else "警告: "
        return visible(f"{where}: {label}{field}{self.message}")

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


# Control characters and undecodable bytes (surrogates) in a file name or a value: printed
# raw they would recolour a terminal, forge a report line, or fail to encode.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def visible(text: str) -> str:
    """`text` with each control character or undecodable byte written as an escape, \\x1b."""
    return _INVISIBLE.sub(lambda m: f"\\x{ord(m.group()) & 0xFF:02x}", text)


def errors_in(problems: list[Problem]) -> list[Problem]:
    """The problems that must stop a build."""
    return [p for p in problems if p.is_error]


def warnings_in(problems: list[Problem]) -> list[Problem]:
    """The problems that are only reported."""
    return [p for p in problems if not p.is_error]
