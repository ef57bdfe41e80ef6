"""Soft line breaks inside Chinese text.

Markdown turns a line break inside a paragraph into a space, which is right between English
words and wrong between Chinese characters: 「各期专刊，」 then a new line 「主要内容」 reads
「各期专刊， 主要内容」 in every browser (Chromium does not apply CSS Text's segment-break
rules for CJK). Editors and hand-written pages wrap long paragraphs, so a break with Chinese
text on both sides is dropped.
"""

from __future__ import annotations

import re

# Han ideographs (with extension A and the compatibility block), CJK punctuation, full-width
# forms: the characters after or before which a line break is not a word space.
_WIDE = (
    r"\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
)
_SOFT_BREAK = re.compile(rf"(?<=[{_WIDE}])[ \t]*\n[ \t]*(?=[{_WIDE}])")
_ENDS_WIDE = re.compile(rf"[{_WIDE}][ \t]*\n[ \t]*$")
_STARTS_WIDE = re.compile(rf"^[{_WIDE}]")
_BREAK_BEFORE_WIDE = re.compile(rf"^[ \t]*\n[ \t]*(?=[{_WIDE}])")
_LAST_WIDE = re.compile(rf"[{_WIDE}]$")


def join_soft_breaks(text: str) -> str:
    """`text` without the line breaks that stand between two Chinese characters or marks."""
    return _SOFT_BREAK.sub("", text) if "\n" in text else text


def join_soft_breaks_across(pieces: list[str]) -> list[str]:
    """`join_soft_breaks` over consecutive pieces of one text (a paragraph's text and the text
    of the links and emphasis inside it): a break at the end of one piece goes too when the
    next piece begins with a Chinese character (「或」 and a break before the link 「按来源单位」),
    and a break at the start of one when the piece before ends with one (the link, then a
    break and 「浏览」)."""
    joined = [join_soft_breaks(piece) for piece in pieces]
    for i in range(len(joined) - 1):
        if _ENDS_WIDE.search(joined[i]) and _STARTS_WIDE.match(joined[i + 1]):
            joined[i] = joined[i].rstrip(" \t\n")
        elif _LAST_WIDE.search(joined[i]):
            joined[i + 1] = _BREAK_BEFORE_WIDE.sub("", joined[i + 1])
    return joined
