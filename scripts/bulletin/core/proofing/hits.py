"""A proofing hit: where in a file's text, what kind, and the message an editor reads; and the
conversion of hits into problems with a line, a column and the quoted text."""

from __future__ import annotations

from dataclasses import dataclass

from ..problems import Problem, Severity

# The kinds, as the field of each problem (`path:line:column: 警告: 标点: …`); the audit counts
# the problems of these fields per issue.
CHARACTER = "不规范字"
SCRIPT = "繁体文本"
SLIP = "疑似错字"
PUNCTUATION = "标点"
RESIDUE = "复制残留"
KINDS = (CHARACTER, SCRIPT, SLIP, PUNCTUATION, RESIDUE)

CONTEXT = 6  # characters quoted on each side of a hit


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    kind: str
    message: str


def quote(text: str, start: int, end: int) -> str:
    """The hit with a few characters either side, on its own line, for the message."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = text[max(line_start, start - CONTEXT) : start].lstrip()
    after = text[end : min(line_end, end + CONTEXT)].rstrip()
    return f"「{before}{text[start:end]}{after}」"


def problems_of(shown: str, text: str, hits: list[Hit], excepted: list[str]) -> list[Problem]:
    """Each hit as a warning at its line and column, unless a phrase of `excepted` covers it."""
    problems = []
    line, line_start, last = 1, 0, 0
    for hit in sorted(hits, key=lambda h: (h.start, h.end)):
        if excepted and any(_covers(text, phrase, hit) for phrase in excepted):
            continue
        # In order: count the line breaks since the previous hit.
        breaks = text.count("\n", last, hit.start)
        if breaks:
            line, line_start = line + breaks, text.rfind("\n", last, hit.start) + 1
        last = hit.start
        column = hit.start - line_start + 1
        problems.append(Problem(shown, line, hit.kind, hit.message, Severity.WARNING, column))
    return problems


def _covers(text: str, phrase: str, hit: Hit) -> bool:
    start = text.rfind(phrase, max(0, hit.end - len(phrase)), hit.start + len(phrase))
    return start >= 0 and start <= hit.start and start + len(phrase) >= hit.end
