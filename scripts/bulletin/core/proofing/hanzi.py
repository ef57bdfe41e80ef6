"""The character data of the proofing checks (`hanzi.txt`, made by `bulletin.tools.hanzi_table`):
the 8,105 characters of the 《通用规范汉字表》, their readings, and the standard form of the
characters outside it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

# Han characters in Unicode: the unified ideographs with their extensions, the compatibility
# ideographs. Everything else (kana, punctuation, Latin) is not judged by the character check.
HAN_RANGES = (
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x3134F),
)
HAN = "".join(f"{chr(low)}-{chr(high)}" for low, high in HAN_RANGES)


@dataclass(frozen=True)
class Hanzi:
    standard: frozenset[str]
    common: frozenset[str]  # 一级字表, the first 3,500
    reading: dict[str, str]  # the preferred toneless reading of each standard character
    syllables: frozenset[str]  # every toneless reading, for telling pinyin from English
    variants: dict[str, str]  # a character outside the table → its standard form
    simplified: frozenset[str]  # standard characters written differently in traditional script
    outside_class: str  # the basic-plane Han characters outside the table, a class body
    outside_basic: re.Pattern[str]  # one of them

    def outside(self, text: str) -> list[re.Match[str]]:
        """Every Han character of `text` outside the table. Two scans: the basic plane's class
        becomes a lookup table in the regular expression engine, while a class holding the
        supplementary planes' ranges too would be tested range by range, seven times slower."""
        found = list(self.outside_basic.finditer(text))
        if SUPPLEMENTARY.search(text):
            found += [m for m in SUPPLEMENTARY.finditer(text) if m.group() not in self.standard]
            found.sort(key=lambda m: m.start())
        return found


SUPPLEMENTARY = re.compile(f"[{chr(HAN_RANGES[3][0])}-{chr(HAN_RANGES[3][1])}]")


@cache
def hanzi() -> Hanzi:
    """The data, read once per process."""
    text = resources.files(__package__).joinpath("hanzi.txt").read_text("utf-8")
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    for line in text.splitlines():
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif line and not line.startswith("#"):
            current.append(line)
    order = "".join(sections["standard"])
    standard = frozenset(order)
    reading, syllables = {}, set()
    for line in sections["readings"]:
        char, *readings = line.split(" ")
        reading[char] = readings[0] if readings else ""
        syllables.update(readings)
    variants = dict(line.split(" ", 1) for line in sections["variants"])
    return Hanzi(
        standard,
        frozenset(order[:3500]),
        reading,
        frozenset(syllables),
        variants,
        frozenset("".join(sections["simplified"])),
        outside := outside_ranges(standard, HAN_RANGES[:3]),
        re.compile(f"[{outside}]"),
    )


def outside_ranges(standard: frozenset[str], ranges: tuple[tuple[int, int], ...]) -> str:
    """A character class body of the characters of `ranges` not in `standard`, as ranges."""
    parts = []
    for low, high in ranges:
        start = None
        for code in range(low, high + 2):
            inside = code <= high and chr(code) not in standard
            if inside and start is None:
                start = code
            elif not inside and start is not None:
                end = code - 1
                parts.append(chr(start) if start == end else f"{chr(start)}-{chr(end)}")
                start = None
    return "".join(parts)
