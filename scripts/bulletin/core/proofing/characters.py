"""Characters outside the 《通用规范汉字表》 in simplified text: Japanese forms (渉, 実, 検), a
traditional form in a simplified sentence (專), rare variants. Each is named with its standard
form where one is known. A section wholly in traditional script (a reprint) is not a row of
slips: it gets one note, and its characters are not listed one by one."""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise

from .hanzi import hanzi
from .hits import CHARACTER, SCRIPT, Hit, quote

# A section is an article (from one `## ` heading to the next) or the text before the first.
_SECTION = re.compile(r"^## ", re.M)
# Traditional script: more characters only traditional text uses than ones only simplified
# text uses, and enough of them that a few stray forms in a short article do not count.
MIN_TRADITIONAL = 8


@cache
def _simplified_pattern() -> re.Pattern[str]:
    return re.compile(f"[{''.join(sorted(hanzi().simplified))}]")


def character_hits(text: str, prose: str) -> list[Hit]:
    """The non-standard characters of `text` (found in its `prose`), one note per section in
    traditional script."""
    data = hanzi()
    found = data.outside(prose)
    if not found:
        return []
    hits = []
    # Sections from the text itself: `prose` may hold only the lines with something to see.
    starts = [0, *(m.start() for m in _SECTION.finditer(text)), len(text)]
    for start, end in pairwise(starts):
        inside = [m for m in found if start <= m.start() < end]
        if not inside:
            continue
        traditional = [m for m in inside if m.group() in data.variants]
        if len(traditional) >= MIN_TRADITIONAL and len(traditional) > len(
            _simplified_pattern().findall(text, start, end)
        ):
            first = inside[0]
            message = (
                f"本篇是繁体字文本（{len(traditional)} 个繁体字，如「{first.group()}」），"
                "网站应使用规范简体字，请转换后发布"
            )
            hits.append(Hit(first.start(), first.end(), SCRIPT, message))
            continue
        for match in inside:
            char = match.group()
            standard = data.variants.get(char)
            right = f"，应为「{standard}」" if standard else ""
            where = quote(text, match.start(), match.end())
            message = f"「{char}」不在《通用规范汉字表》内{right}：{where}"
            hits.append(Hit(match.start(), match.end(), CHARACTER, message))
    return hits
