"""Problems found in editors' files, kept as values so a build can list them all at once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"  # for the editor's information only: never fails a build, even strict


_LABELS = {Severity.ERROR: "", Severity.WARNING: "警告: ", Severity.NOTICE: "提示: "}


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
        label = _LABELS[self.severity]
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
    """The problems that are reported and fail a strict build."""
    return [p for p in problems if p.severity is Severity.WARNING]


def notices_in(problems: list[Problem]) -> list[Problem]:
    """What is only said to the editor (an issue waiting for its day)."""
    return [p for p in problems if p.severity is Severity.NOTICE]
