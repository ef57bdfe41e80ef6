"""Proofreading beyond the fixed 错敏词 list: what real published documents contain.

- characters outside the 《通用规范汉字表》 (`characters`), a reprint in traditional script
  noted once;
- one-character slips of the column's own vocabulary (`slips`);
- half-width punctuation in Chinese prose (`punctuation`), which `bulletin fix --punctuation`
  rewrites;
- what pasting leaves behind: pinyin, zero-width characters, indentation, page controls
  (`residue`).

All are warnings, with the file, line, column and the quoted text. `bulletin check`, the build
and `bulletin audit` get them from `check_site`; the errata list's `exceptions` silence them too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..errata import Errata
from ..policies import POLICY_DIR
from ..problems import Problem
from ..sources import read_text
from . import punctuation, residue
from .characters import character_hits
from .hanzi import SUPPLEMENTARY, hanzi
from .hits import Hit, problems_of
from .prose import prose_lines
from .slips import _RUN, find_slips, slip_hits, variants_pattern


@dataclass
class Proofread:
    """What reading some files gave: their problems, and their runs of Chinese characters
    counted, for the slips, which are judged over the whole column."""

    problems: list[Problem] = field(default_factory=list)
    runs: Counter[str] = field(default_factory=Counter)


@cache
def _unusual() -> re.Pattern[str]:
    """One character worth a closer look: a basic-plane Han character outside the table, an
    invisible one, a toned pinyin vowel, a full-width space, a half-width mark. One scan for
    all of them: a class of single characters is a table lookup per character, while each
    further pass over every file costs as much as the whole class."""
    chars = hanzi().outside_class + residue.INVISIBLE + residue.TONED + residue.INDENT_SPACE
    return re.compile(f"[{chars}{re.escape(punctuation.HALF_WIDTH)}]")


def prepare() -> None:
    """Read the data before a fork, so the worker inherits it rather than reading it again."""
    _unusual()


def text_hits(text: str) -> list[Hit]:
    """The hits of one file that need no other file: characters, punctuation, residue."""
    # One scan of the whole text first: most files have none of these, a few half-width
    # marks in the front matter (`date: 2024-01-05`) are told apart one by one.
    seen, lines = set(), []  # the unusual characters; offsets whose lines need a look
    for match in _unusual().finditer(text):
        char = match.group()
        if char not in punctuation.HALF_WIDTH:
            seen.add(char)
            lines.append(match.start())
        elif punctuation.touches_chinese(text, match.start()):
            lines.append(match.start())
    lines += [match.start() for match in punctuation.DOUBLED.finditer(text)]
    leftovers = [match.start() for match in residue.LEFTOVER.finditer(text)]
    supplementary = [match.start() for match in SUPPLEMENTARY.finditer(text)]
    entities = [match.start() for match in _AMPERSAND.finditer(text)] if "&" in text else []
    lines += leftovers + supplementary + entities
    if not lines:
        return []
    # The prose of those lines only: most lines of a file have nothing to look at.
    read = prose_lines(text, lines)
    unusual = "".join(seen)
    hits = []
    if supplementary or (unusual and hanzi().outside_basic.search(unusual)):
        hits += character_hits(text, read)
    hits += punctuation.punctuation_hits(text, read)
    signs = residue.Signs(unusual, bool(leftovers), bool(entities))
    return hits + residue.residue_hits(text, read, signs)


_AMPERSAND = re.compile("&")


def is_proofread(path: Path, docs: Path) -> bool:
    """Whether the proofing checks read `path`: issue files and policy documents, the texts
    editors paste in. The project's own pages (the guide quotes `来源:` and 打印本页 on purpose)
    get the 错敏词 list only."""
    return not path.is_relative_to(docs) or path.is_relative_to(docs / POLICY_DIR)


def proofread_files(
    errata: Errata, root: Path, docs: Path, paths: Sequence[Path]
) -> list[Proofread]:
    """Scan whole files for 错敏词 (front matter too) and, where `is_proofread`, the proofing
    checks; one result for all, in a list so that two halves done apart can be joined."""
    result = Proofread()
    for path in paths:
        shown = shown_path(root, path)
        text = read_text(path, shown)  # never follows a link, never waits on a pipe
        if text is None:
            continue  # undecodable files are reported elsewhere
        result.problems += errata.scan(shown, text)
        if is_proofread(path, docs):
            hits = text_hits(text)
            if path.is_relative_to(docs):
                # A policy document is long and stands alone: its own vocabulary counts even
                # where the column writes its slip often (a sentence copied into many issues).
                hits += document_slips(text)
            result.problems += problems_of(shown, text, hits, errata.exceptions)
            result.runs.update(_RUN.findall(text))
    return [result]


def column_problems(
    errata: Errata, root: Path, docs: Path, paths: Sequence[Path], results: list[Proofread]
) -> list[Problem]:
    """Every problem of `results`, and the slips found over all of them together."""
    problems = [problem for result in results for problem in result.problems]
    counted: Counter[str] = Counter()
    for result in results:
        counted.update(result.runs)
    slips = find_slips(counted)
    pattern = variants_pattern(slips)
    if pattern is None:
        return problems
    for path in paths:  # rare: read again only when the column has a slip
        shown = shown_path(root, path)
        text = read_text(path, shown) if is_proofread(path, docs) else None
        if text is not None:
            hits = slip_hits(text, slips, pattern)
            problems += problems_of(shown, text, hits, errata.exceptions)
    return problems


def document_slips(text: str) -> list[Hit]:
    """The slips of one text judged against its own vocabulary."""
    slips = find_slips(Counter(_RUN.findall(text)))
    return slip_hits(text, slips, variants_pattern(slips))


def proofread_one(errata: Errata, shown: str, text: str) -> list[Problem]:
    """All the checks on one text alone (a file just imported), its slips judged against
    itself."""
    hits = text_hits(text) + document_slips(text)
    return errata.scan(shown, text) + problems_of(shown, text, hits, errata.exceptions)


def shown_path(root: Path, path: Path) -> str:
    """The path as problems name it: relative to the project root where it is inside."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
