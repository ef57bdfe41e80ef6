"""错敏词: serious wording errors (names of the country, of state institutions, common slips).

The list lives in the repository (`errata.yml`) so editors can extend it and mark exceptions;
a severe hit fails the build, others warn. Each hit names the file, line and column.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

from .problems import Problem, Severity
from .sources import load_yaml, read_text

SEVERITIES = {"severe": Severity.ERROR, "warning": Severity.WARNING}


@dataclass(frozen=True)
class Entry:
    wrong: str
    right: str
    severity: Severity


@dataclass
class Errata:
    """The compiled list: one pattern for all wrong forms, and the allowed exceptions."""

    entries: dict[str, Entry] = field(default_factory=dict)
    exceptions: list[str] = field(default_factory=list)
    pattern: re.Pattern[str] | None = None

    def scan(self, path: str, text: str, first_line: int = 1) -> list[Problem]:
        """Every hit in `text` (whose first line is `first_line` of the file), up to a limit."""
        # One scan of the whole text first: most files have no hit, and a line-by-line scan
        # of every file was half of checking 5,000 issues for 错敏词 (0.26 of 0.52 s).
        if self.pattern is None or not self.pattern.search(text):
            return []
        problems: list[Problem] = []
        for offset, line in enumerate(text.split("\n")):
            excepted: _Spans | None = None
            for match in self.pattern.finditer(line):
                excepted = excepted or _Spans(self.exceptions, line)  # once per line with a hit
                if excepted.cover(match.start(), match.end()):
                    continue
                entry = self.entries[match.group(0)]
                message = f"「{entry.wrong}」 应为「{entry.right}」"
                problems.append(
                    Problem(
                        path, first_line + offset, None, message, entry.severity, match.start() + 1
                    )
                )
        if len(problems) <= MAX_HITS_PER_FILE:
            return problems
        rest = problems[MAX_HITS_PER_FILE:]
        severity = Severity.ERROR if any(p.is_error for p in rest) else Severity.WARNING
        message = f"另有 {len(rest)} 处错敏词未列出"
        summary = Problem(path, rest[0].line, None, message, severity, rest[0].column)
        return [*problems[:MAX_HITS_PER_FILE], summary]


MAX_HITS_PER_FILE = 100  # a file with thousands of hits is reported, not listed whole


class _Spans:
    """Where the exceptions stand in a line, to ask in log time whether one covers a hit (a
    line repeating a wrong form thousands of times made the old scan quadratic)."""

    def __init__(self, phrases: list[str], line: str) -> None:
        spans = sorted(
            (m.start(), m.end()) for p in phrases for m in re.finditer(re.escape(p), line)
        )
        self.starts = [start for start, _ in spans]
        self.reach = list(accumulate((end for _, end in spans), max))

    def cover(self, start: int, end: int) -> bool:
        index = bisect_right(self.starts, start) - 1
        return index >= 0 and self.reach[index] >= end


def scan_files(errata: Errata, root: Path, paths: Sequence[Path]) -> list[Problem]:
    """Scan whole files (front matter included); undecodable ones are reported elsewhere."""
    problems = []
    for path in paths:
        shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        text = read_text(path, shown)  # never follows a link, never waits on a pipe
        if text is not None:
            problems += errata.scan(shown, text)
    return problems


ERRATA_FILE = "errata.yml"


def load_errata(path: Path, shown: str) -> tuple[Errata, list[Problem]]:
    """Read and check `errata.yml`; a missing file means an empty list."""
    if not path.exists() and not path.is_symlink():
        return Errata(), []
    data, problems = load_yaml(path, shown)
    if problems:
        return Errata(), problems
    if not isinstance(data, dict) or not isinstance(data.get("words") or [], list):
        form = "错敏词表应为 words:（每条含 wrong、right）和 exceptions: 两个列表"
        return Errata(), [Problem(shown, None, None, form)]
    errata = Errata()
    for number, item in enumerate(data.get("words") or [], start=1):
        item = item if isinstance(item, dict) else {}
        wrong, right = str(item.get("wrong") or ""), str(item.get("right") or "")
        severity = SEVERITIES.get(str(item.get("severity") or "severe"))
        if not wrong or not right or severity is None:
            problems.append(
                Problem(
                    shown,
                    None,
                    "words",
                    f"第{number}条应有 wrong、right，severity 为 severe 或 warning",
                )
            )
            continue
        errata.entries[wrong] = Entry(wrong, right, severity)
    exceptions = data.get("exceptions") or []
    errata.exceptions = [str(e) for e in exceptions if e] if isinstance(exceptions, list) else []
    if errata.entries:
        # Longest first, so a longer wrong form is reported rather than a shorter one inside it.
        alternatives = sorted(errata.entries, key=len, reverse=True)
        errata.pattern = re.compile("|".join(map(re.escape, alternatives)))
    return errata, problems
