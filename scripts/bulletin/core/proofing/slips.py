"""One-character slips of the column's own vocabulary: a four-character sequence written three
times or more in the column, next to a variant that differs in one character of the same
reading (the input method offered the wrong homophone: 烟花爆竹 → 烟化爆竹, 涉氨 → 涉案) and
is written only once or twice. Both are compared after traditional → simplified folding, so a
reprint is not a slip of its simplified twin.

Why four characters of the same reading only: editors stop reading a check that cries wolf. A
different character of another reading is as often a different word (第一/第六工作组,
市/县应急管理局), and three-character sequences pair real words too often (检查组/检察组).

Counting runs, not positions: the files are cut into runs of Chinese characters, and each
distinct run is counted once with its number of occurrences. A column repeats itself (the
attribution lines, set phrases), so this keeps the count far below one step per character.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from ..search.fold import t2s_table
from .hanzi import HAN, hanzi
from .hits import SLIP, Hit, quote

SIZE = 4
MIN_WORD = 3  # times the column writes the word
MAX_SLIP = 2  # times it writes the variant
_RUN = re.compile(f"[{HAN}]{{{SIZE},}}")
# Numerals and ordinals differ by design (第一/第六, 三是/四是), so do these paired words.
_ORDINALS = frozenset("〇一二三四五六七八九十百千万两零第")


def runs(text: str) -> Counter[str]:
    """The runs of four Chinese characters or more in `text`, counted."""
    return Counter(_RUN.findall(text))


@dataclass(frozen=True)
class Slip:
    variant: str  # as folded: simplified
    word: str
    index: int  # of the differing character
    written: int  # times the column writes the word
    times: int  # times it writes the variant


@cache
def _tables() -> tuple[dict[int, int], dict[int, int]]:
    """Traditional → simplified, and every character → the first character of its reading."""
    t2s = {ord(k): ord(v) for k, v in t2s_table().items()}
    first: dict[str, str] = {}
    sound = {}
    for char, reading in hanzi().reading.items():
        if reading:
            sound[ord(char)] = ord(first.setdefault(reading, char))
    return t2s, sound


def find_slips(counted: Counter[str]) -> dict[str, Slip]:
    """Variant → the slip it is, over the runs of the whole column."""
    t2s, sound = _tables()
    folded_runs = [(run.translate(t2s), times) for run, times in counted.items()]
    # reading of a four-character sequence → its written forms, counted
    forms: dict[str, dict[str, int]] = {}
    for folded, times in folded_runs:
        heard = folded.translate(sound)
        for i in range(len(folded) - SIZE + 1):
            form = folded[i : i + SIZE]
            written = forms.get(heard[i : i + SIZE])
            if written is None:  # most sequences: a plain dict is five times cheaper
                forms[heard[i : i + SIZE]] = {form: times}
            else:
                written[form] = written.get(form, 0) + times
    candidates = []
    for written in forms.values():
        if len(written) < 2:
            continue
        word = max(written, key=written.__getitem__)
        most = written[word]
        if most < MIN_WORD:
            continue
        for variant, times in written.items():
            slip = _slip(word, most, variant, times)
            if slip:
                candidates.append(slip)
    predictable = _predictable(candidates, folded_runs)
    slips: dict[str, Slip] = {}
    for slip in candidates:
        at_edge = slip.index in (0, SIZE - 1)
        if at_edge and (not predictable(slip) or _belongs_outside(slip, folded_runs)):
            continue
        if slip.variant not in slips or slips[slip.variant].written < slip.written:
            slips[slip.variant] = slip
    return slips


# A slip at a sequence's end needs more: the word written five times, and its three other
# characters going with the word's character in 85 % of their places, the slips' left out.
MIN_EDGE_WORD = 5
MIN_PREDICTABLE = 0.85


def _predictable(
    candidates: list[Slip], folded_runs: list[tuple[str, int]]
) -> Callable[[Slip], bool]:
    """Whether a slip at a sequence's end is one: the other three characters are nearly always
    followed (or preceded) by the word's character. 应急预 is followed by 案 in every place but
    the slip; 安全生 is preceded by 实 in 落实安全生产 and by many others, so 市安全生 is no slip
    of 实安全生."""
    cores = {_core(slip) for slip in candidates if slip.index in (0, SIZE - 1)}
    found: Counter[str] = Counter()
    for folded, times in folded_runs if cores else ():
        for core in cores:
            if core in folded:
                found[core] += folded.count(core) * times
    return lambda slip: (
        slip.written >= MIN_EDGE_WORD
        and slip.written >= MIN_PREDICTABLE * (found[_core(slip)] - slip.times)
    )


def _belongs_outside(slip: Slip, folded_runs: list[tuple[str, int]]) -> bool:
    """Whether the differing character at the sequence's end makes a word with the character
    beyond it wherever the variant is written: 「落实应急管理」 is no slip of 「全市应急管理」,
    because 实 belongs to 落实 (a word of jieba's dictionary), not to 实应急管."""
    words = two_character_words()
    beyond = []
    for folded, _ in folded_runs:
        at = folded.find(slip.variant)
        while at >= 0:
            if slip.index == 0 and at > 0:
                beyond.append(folded[at - 1] + slip.variant[0])
            elif slip.index == SIZE - 1 and at + SIZE < len(folded):
                beyond.append(slip.variant[-1] + folded[at + SIZE])
            at = folded.find(slip.variant, at + 1)
    return bool(beyond) and all(pair in words for pair in beyond)


@cache
def two_character_words() -> frozenset[str]:
    """The two-character words of jieba's dictionary (read only when a slip at a sequence's end
    is to be judged: about 0.1 s)."""
    text = files("jieba").joinpath("dict.txt").read_text(encoding="utf-8")
    return frozenset(line[:2] for line in text.splitlines() if line[2:3] == " ")


def _core(slip: Slip) -> str:
    return slip.word[1:] if slip.index == 0 else slip.word[:-1]


def _slip(word: str, most: int, variant: str, times: int) -> Slip | None:
    if variant == word or times > MAX_SLIP or most < 3 * times:
        return None
    differ = [i for i in range(SIZE) if word[i] != variant[i]]
    if len(differ) != 1:
        return None
    right, wrong = word[differ[0]], variant[differ[0]]
    if right in _ORDINALS or wrong in _ORDINALS or wrong not in hanzi().standard:
        return None
    return Slip(variant, word, differ[0], most, times)


def variants_pattern(slips: dict[str, Slip]) -> re.Pattern[str] | None:
    """Any of the variants, overlapping ones too (one slip is in up to four sequences)."""
    if not slips:
        return None
    return re.compile("(?=(" + "|".join(map(re.escape, sorted(slips))) + "))")


def slip_hits(text: str, slips: dict[str, Slip], pattern: re.Pattern[str] | None) -> list[Hit]:
    """Where `text` writes one of the variants (`pattern`, from `variants_pattern`); one hit
    per wrong character, naming the word the column writes most often."""
    if pattern is None:
        return []
    t2s, _ = _tables()
    folded = text.translate(t2s)
    best: dict[int, Slip] = {}
    for match in pattern.finditer(folded):
        slip = slips[match.group(1)]
        at = match.start() + slip.index
        if at not in best or best[at].written < slip.written:
            best[at] = slip
    hits = []
    for at, slip in sorted(best.items()):
        start = at - slip.index
        here = folded.count(slip.word)
        where = f"本文另有 {here} 处" if here else f"本栏目另有 {slip.written} 处"
        message = (
            f"「{text[start : start + SIZE]}」可能是「{slip.word}」之误（{where}）："
            f"{quote(text, start, start + SIZE)}"
        )
        hits.append(Hit(at, at + 1, SLIP, message))
    return hits
