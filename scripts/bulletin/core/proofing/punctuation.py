"""Half-width punctuation in Chinese prose (GB/T 15834—2011 标点符号用法: Chinese text takes
full-width marks). A mark counts when it stands between Chinese: after a Chinese character or
mark and before Chinese, a digit or the end of the line, or after a number and before Chinese.
Numbers (3.5, 1,000, 10:30), English phrases, code, addresses and the attribution line's
separators are left alone. `fix` rewrites what `hits` finds."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .hanzi import HAN
from .hits import PUNCTUATION, Hit, quote
from .residue import is_pinyin

FULL_WIDTH = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}

_CHINESE = f"{HAN}\u3001-\u303f\uff01-\uff5e\u201c-\u201d\u2018-\u2019\u2026\u2014\u00b7"
_OPENING = "“‘《（「『【〔"
# , ; : ! ? with Chinese on the left and Chinese, a digit or the line's end on the right
# (one space allowed, as typed after an ASCII comma); or a number or a closing bracket on the
# left and Chinese on the right.
# The mark comes first in the pattern, so the engine skips to the next mark at once.
_MARK = re.compile(
    f"[,;:!?](?:(?<=[{_CHINESE}].)(?: ?(?=[{_CHINESE}0-9{_OPENING}])|[ \\t]*(?=\\r?$))"
    f"|(?<=[0-9%)].) ?(?=[{HAN}{_OPENING}]))",
    re.M,
)
# Two pause marks in a row (工作，、七查): one is left over from an edit. Ellipses (……) and dashes
# (——) are doubled by rule and are not among these.
DOUBLED = re.compile("[，、；：。][，、；：。]")
_PAIR = re.compile(r"\(([^()\n]{0,300})\)")
_PAREN = re.compile(r"[()]")
_CHINESE_CHAR = re.compile(f"[{_CHINESE}]")
_HAN_CHAR = re.compile(f"[{HAN}]")
# Cheap test before the full scan: a half-width mark touching a Chinese character.
# The attribution line's colons (来源:, 类别:, 编者按:) are allowed, and in every article. Each
# branch starts with the mark, so the engine skips to the next mark at once.
# A mark needs Chinese (or a number, for one before Chinese) on its left; a bracket may have
# it on either side. So `source: 市应急管理局` in the front matter does not count.
_TOUCHING = f"(?:(?<=[{HAN}].)|(?<=[{HAN}] .)|(?= ?[{HAN}]))"
_SUSPECT = re.compile(
    f"[()]{_TOUCHING}|[,;!?](?<=[{_CHINESE}0-9%)].)"
    f"|:(?<=[{_CHINESE}0-9%)]:)(?<!来源:)(?<!类别:)(?<!编者按:)"
)
HALF_WIDTH = ",;:!?()"


def touches_chinese(text: str, index: int) -> bool:
    """Whether the half-width mark at `index` may be one `marks` reports (a cheap test, before
    the file's prose is worked out)."""
    return _SUSPECT.match(text, index) is not None


@dataclass(frozen=True)
class Mark:
    start: int
    end: int  # with the space typed after it, which the full-width mark replaces
    char: str


def marks(prose: str) -> list[Mark]:
    """Every half-width mark of `prose` that stands between Chinese."""
    found = [Mark(m.start(), m.end(), m.group().strip()) for m in _MARK.finditer(prose)]
    if "(" not in prose and ")" not in prose:
        return found
    paired: set[int] = set()
    for match in _PAIR.finditer(prose):
        inner, start, end = match.group(1), match.start(), match.end()
        paired.update((start, end - 1))
        if is_pinyin(inner):  # 專項(xiàng): reported as copy residue, not punctuation
            continue
        before = prose[start - 1 : start]
        after = prose[end : end + 1]
        chinese = _HAN_CHAR.search(inner) or _HAN_CHAR.match(before) or _HAN_CHAR.match(after)
        if chinese:
            found += [Mark(start, start + 1, "("), Mark(end - 1, end, ")")]
    for match in _PAREN.finditer(prose):  # unpaired: Chinese on the side it faces
        index = match.start()
        if index not in paired and _faces_chinese(prose, index):
            found.append(Mark(index, index + 1, prose[index]))
    return sorted(found, key=lambda m: m.start)


def _faces_chinese(prose: str, index: int) -> bool:
    """An opening bracket after Chinese or before a Han character, a closing one after a Han
    character or before Chinese (a space typed between allowed)."""
    before = prose[max(0, index - 2) : index].rstrip(" ")[-1:]
    after = prose[index + 1 : index + 3].lstrip(" ")[:1]
    if prose[index] == "(":
        return bool(_CHINESE_CHAR.match(before) or _HAN_CHAR.match(after))
    return bool(_HAN_CHAR.match(before) or _CHINESE_CHAR.match(after))


def punctuation_hits(text: str, prose: str) -> list[Hit]:
    """One hit per line with half-width marks: the first quoted, the number of them."""
    by_line: dict[int, list[Mark]] = {}
    line, last = 0, 0
    for mark in marks(prose):  # in order: count the line breaks since the previous mark
        line, last = line + prose.count("\n", last, mark.start), mark.start
        by_line.setdefault(line, []).append(mark)
    hits = []
    for found in by_line.values():
        first = found[0]
        others = f"，本行共 {len(found)} 处" if len(found) > 1 else ""
        message = (
            f"半角标点「{first.char}」应为全角「{FULL_WIDTH[first.char]}」："
            f"{quote(text, first.start, first.start + 1)}{others}"
            "（bulletin fix --punctuation 可自动改正）"
        )
        hits.append(Hit(first.start, first.start + 1, PUNCTUATION, message))
    for match in DOUBLED.finditer(prose):
        where = quote(text, match.start(), match.end())
        message = f"标点「{match.group()}」连用：{where}，应删去多余的一个"
        hits.append(Hit(match.start(), match.end(), PUNCTUATION, message))
    return hits


@dataclass(frozen=True)
class Change:
    line: int
    start: int  # of the mark (and a space after it) in the old text
    end: int
    fixed_start: int  # of the full-width mark in the new text


def fix(text: str, prose: str) -> tuple[str, list[Change]]:
    """`text` with the marks `punctuation_hits` reports made full-width (a space typed after
    one dropped), and each change."""
    parts, changes, last, shift, line = [], [], 0, 0, 1
    for mark in marks(prose):
        line += text.count("\n", last, mark.start)
        parts += [text[last : mark.start], FULL_WIDTH[mark.char]]
        changes.append(Change(line, mark.start, mark.end, mark.start + shift))
        shift -= mark.end - mark.start - 1
        last = mark.end
    return "".join([*parts, text[last:]]), changes
