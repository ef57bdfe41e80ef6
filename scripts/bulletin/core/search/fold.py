"""Folding: the one form in which both articles and queries are indexed and matched.

NFKC (full- and half-width forms alike), lower case, traditional characters to simplified
(OpenCC's character table). Folding maps one character to one character, so a position in
folded text is a position in the original; search.js folds queries with the same rules.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib import resources

import numpy as np
from numpy.typing import NDArray

# Exactly the characters JavaScript's \s matches: search.js splits queries into terms at these,
# so a pair holding one can never be asked for and is not indexed. NUL separates articles.
WHITESPACE = frozenset(
    "\0\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
)


@cache
def t2s_table() -> dict[str, str]:
    """Traditional → simplified, one character each, from OpenCC's TSCharacters table."""
    text = resources.files("opencc").joinpath("dictionary/TSCharacters.txt").read_text("utf-8")
    table = {}
    for line in text.splitlines():
        source, _, targets = line.partition("\t")
        target = targets.split(" ")[0] if targets else ""
        if len(source) == 1 and len(target) == 1 and source != target:
            table[source] = target
    return table


@cache
def fold_char(char: str) -> str:
    """NFKC, lower case, traditional → simplified; a character whose form would change length
    keeps its own, so positions in folded text are positions in the original."""
    folded = unicodedata.normalize("NFKC", char)
    folded = folded if len(folded) == 1 else char
    lower = folded.lower()
    folded = lower if len(lower) == 1 else folded
    return t2s_table().get(folded, folded)


def fold(text: str) -> str:
    """The folded form of a text; one character in, one out."""
    return "".join(fold_char(char) for char in text)


def fold_points(points: NDArray[np.uint32]) -> NDArray[np.uint32]:
    """Fold an array of code points; each distinct character is folded once (a lookup table
    indexed by code point, not a Python call per character)."""
    if not len(points):
        return points
    table = np.arange(int(points.max()) + 1, dtype=np.uint32)
    for code in np.flatnonzero(np.bincount(points)).tolist():
        table[code] = ord(fold_char(chr(code)))
    return table[points]


def indexable(points: NDArray[np.uint32]) -> NDArray[np.bool_]:
    """Which (folded) code points may stand in an indexed pair: all but whitespace and NUL."""
    spaces = np.array(sorted(ord(c) for c in WHITESPACE), dtype=np.uint32)
    return ~np.isin(points, spaces)
