"""The prose of a Markdown file: the same text with everything that is not Chinese running text
blanked out (front matter, code, links' addresses, URLs, HTML, attribute lists, the separators
of the attribution line the contract allows), so the checks judge only what readers read as
sentences. Blanking keeps every character's position and every line break, so a hit in the
prose is a hit at the same line and column of the file."""

from __future__ import annotations

import re

from .hanzi import HAN

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n.*?^(?:---|\.\.\.)[ \t]*\r?$", re.M | re.S)
_FENCE = re.compile(r"^[ \t]*(```+|~~~+).*?(?:^[ \t]*\1[ \t]*$|\Z)", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")
_URL = re.compile(r"(?:[a-zA-Z][a-zA-Z0-9+.-]*://|www\.)[^\s<>\"'（）「」，。、；！？]+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_LINK_TARGET = re.compile(r"\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?\)")
_REFERENCE = re.compile(r"^[ \t]*\[[^\]\n]+\]:[^\n]*$", re.M)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_HTML = re.compile(r"</?[a-zA-Z][^<>\n]*>")
_ATTRIBUTES = re.compile(r"\{[:#.][^{}\n]*\}")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
# 来源:单位 | 类别:类别 | 原文:网址 | 作者:姓名 and > 编者按: (contract §2) may use the ASCII
# colon: the attribution line's colons are blanked, and the editor's note's by a plain
# replacement. The bar is not among the marks checked.
_ATTRIBUTION = re.compile(r"^[ \t]*来源[ \t]*[:：][^\n]*", re.M)
_ALLOWED_COLONS = ("编者按:",)
_NOT_NEWLINE = re.compile(r"[^\n]")

_HAN_CHAR = re.compile(f"[{HAN}]")


def blank(match: re.Match[str]) -> str:
    return _NOT_NEWLINE.sub(" ", match.group())


def prose(text: str) -> str:
    """`text` with its non-prose parts replaced by spaces, line breaks kept."""
    return line_prose(block_prose(text))


def block_prose(text: str) -> str:
    """`text` with the parts that span lines blanked: front matter, fenced code, comments."""
    if text.startswith(("---", "\ufeff---")):
        text = _FRONT_MATTER.sub(blank, text, count=1)
    if "```" in text or "~~~" in text:
        text = _FENCE.sub(blank, text)
    if "<!--" in text:
        text = _COMMENT.sub(blank, text)
    return text


def line_prose(text: str) -> str:
    """`text` with what is not prose within a line blanked (each pattern stays in its line, so
    one line or a whole text give the same)."""
    if "`" in text:
        text = _CODE_SPAN.sub(blank, text)
    if "<" in text:
        text = _HTML.sub(blank, text)
    if "](" in text:
        text = _LINK_TARGET.sub(blank, text)
    if "]:" in text:
        text = _REFERENCE.sub(blank, text)
    if "//" in text or "www." in text:
        text = _URL.sub(blank, text)
    if "@" in text:
        text = _EMAIL.sub(blank, text)
    if "{" in text:
        text = _ATTRIBUTES.sub(blank, text)
    if "&" in text:
        text = _ENTITY.sub(blank, text)
    if "来源" in text:
        text = _ATTRIBUTION.sub(lambda m: m.group().replace(":", " "), text)
    for colon in _ALLOWED_COLONS:
        text = text.replace(colon, colon[:-1] + " ")
    return text


def prose_lines(text: str, offsets: list[int]) -> str:
    """The prose of the lines holding `offsets`, every other line blanked: the same as
    `prose(text)` on those lines, for a few lines at a fraction of the cost."""
    text = block_prose(text)
    pieces, last = [], 0
    for offset in sorted(offsets):
        if offset < last:
            continue  # a line already done
        start = text.rfind("\n", 0, offset) + 1
        end = text.find("\n", offset)
        end = len(text) if end < 0 else end
        pieces += [_blank_lines(text[last:start]), line_prose(text[start:end])]
        last = end
    pieces.append(_blank_lines(text[last:]))
    return "".join(pieces)


def _blank_lines(text: str) -> str:
    return "\n".join(" " * len(line) for line in text.split("\n"))


def has_han(text: str) -> bool:
    """Whether `text` holds a Han character."""
    return _HAN_CHAR.search(text) is not None
