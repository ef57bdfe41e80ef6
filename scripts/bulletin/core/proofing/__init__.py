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
from .prose import prose
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
    invisible one, a toned pinyin vowel, a full-width space. One scan for all of them: a class
    of single characters is a table lookup per character."""
    chars = hanzi().outside_class + residue.INVISIBLE + residue.TONED + residue.INDENT_SPACE
    return re.compile(f"[{chars}]")


def text_hits(text: str) -> list[Hit]:
    """The hits of one file that need no other file: characters, punctuation, residue."""
    # Cheap scans of the whole text first: most files have none of these.
    unusual = "".join({m.group() for m in _unusual().finditer(text)})
    odd = SUPPLEMENTARY.search(text) or (unusual and hanzi().outside_basic.search(unusual))
    marks = punctuation.PREFILTER.search(text) or punctuation.DOUBLED.search(text)
    signs = residue.Signs(unusual, bool(residue.LEFTOVER.search(text)), "&" in text)
    if not (odd or marks or signs.any):
        return []
    read = prose(text)
    hits = character_hits(text, read) if odd else []
    if marks:
        hits += punctuation.punctuation_hits(text, read)
    if signs.any or signs.entity:
        hits += residue.residue_hits(text, read, signs)
    return hits


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
