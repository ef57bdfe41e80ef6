"""Word's automatic paragraph numbering (一、 （一） 1. （1）) rebuilt as text.

Word stores list numbers nowhere in the text: each numbered paragraph names a list (`numId`)
and a level (`ilvl`), and numbering.xml says how each level counts and how its label reads
(`%1、`). Converters that ignore this lose every 一、二、三、, which in Chinese official writing
carry the structure. This module counts as Word does, from plain definitions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .chinese_numerals import to_chinese

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]  # fmt: skip


@dataclass(frozen=True)
class Level:
    """One level of a list definition (w:lvl)."""

    start: int = 1
    format: str = "decimal"  # w:numFmt
    text: str = "%1."  # w:lvlText
    legal: bool = False  # w:isLgl: every number shown in decimal


@dataclass
class ListDefinition:
    """A list instance (w:num) with the levels of its abstract definition."""

    abstract_id: str
    levels: dict[int, Level]
    start_overrides: dict[int, int] = field(default_factory=dict)


def format_number(number: int, style: str) -> str:
    """One counter in one of Word's number formats."""
    if style in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified"):
        return to_chinese(number)
    if style in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _CIRCLED[number - 1] if 0 < number <= len(_CIRCLED) else str(number)
    if style == "ideographTraditional":
        return _HEAVENLY_STEMS[(number - 1) % len(_HEAVENLY_STEMS)]
    if style in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)
        return letter.upper() if style == "upperLetter" else letter
    if style in ("lowerRoman", "upperRoman"):
        roman = _roman(number)
        return roman.upper() if style == "upperRoman" else roman
    if style == "decimalFullWidth":
        return str(number).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if style == "decimalZero":
        return f"{number:02d}"
    if style in ("none", "bullet"):
        return ""
    return str(number)


def _roman(number: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out += letters * count
    return out


class ListCounter:
    """Counts numbered paragraphs through a document and gives each its label."""

    def __init__(self, lists: dict[str, ListDefinition]) -> None:
        self.lists = lists
        self.counts: dict[str, dict[int, int]] = {}  # abstract id -> level -> current number
        self.started: set[str] = set()  # list instances whose start overrides were applied

    def label(self, num_id: str, level: int) -> str:
        """The label of the next paragraph at `level` of list `num_id`, e.g. "（二）"."""
        definition = self.lists.get(num_id)
        if definition is None or level not in definition.levels:
            return ""
        counts = self.counts.setdefault(definition.abstract_id, {})
        self._apply_overrides(num_id, definition, counts)
        current = definition.levels[level]
        counts[level] = counts.get(level, current.start - 1) + 1
        for deeper in [key for key in counts if key > level]:
            del counts[deeper]  # a higher level restarts the levels under it
        if current.format == "bullet":
            return "• "
        return self._render(current, definition, counts)

    def _apply_overrides(
        self, num_id: str, definition: ListDefinition, counts: dict[int, int]
    ) -> None:
        """A list instance with w:startOverride restarts its levels the first time it is used."""
        if num_id in self.started:
            return
        self.started.add(num_id)
        for level, start in definition.start_overrides.items():
            counts[level] = start - 1

    @staticmethod
    def _render(current: Level, definition: ListDefinition, counts: dict[int, int]) -> str:
        text = current.text
        for level, level_def in sorted(definition.levels.items(), reverse=True):
            placeholder = f"%{level + 1}"
            if placeholder not in text:
                continue
            value = counts.get(level, level_def.start)
            style = "decimal" if current.legal else level_def.format
            text = text.replace(placeholder, format_number(value, style))
        return text
