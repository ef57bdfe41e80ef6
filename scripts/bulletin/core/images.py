"""Images the line-by-line reading of a body does not see: reference-style images (`![][ref]`
with `[ref]: photo.png` elsewhere), images or `<img>` tags split over lines, and images
between ``` lines, which the site's Markdown (without a fenced-code extension) renders.

Markdown joins a paragraph's lines before it finds images, so these are found in each paragraph
joined the same way, and reported at the line where they start. Each is returned as
(alt, src, line) for the body's own image check (alt text, outside address, the file itself).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Protocol

# As Python-Markdown reads them: a label in brackets, then `(src "title")` or `[label]`.
_INLINE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*(?P<src><[^>]*>|[^)\s]*)(?:\s+[\"'][^)]*)?\s*\)")
_REFERENCE = re.compile(r"!\[(?P<alt>[^\]]*)\](?:[ \n]?\[(?P<label>[^\]]*)\])?(?![(\[])")
_WITH_ATTRIBUTES = re.compile(
    r"!\[(?P<alt>[^\]]*)\](?:\((?P<src>[^()\s]*)[^()]*\)|\[(?P<label>[^\]]*)\])"
    r"\{:?(?P<attrs>[^{}]*)\}"
)
_ATTRIBUTE = re.compile(r"\b(alt|src)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s}]*)", re.IGNORECASE)
_DEFINITION = re.compile(r"^ {0,3}\[(?P<label>[^\]]+)\]:\s*(?P<src><[^>]*>|\S+)")
_IMG_START = re.compile(r"<img\b", re.IGNORECASE)
_HTML_ALT = re.compile(r"\balt\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", re.IGNORECASE)
_HTML_SRC = re.compile(r"\bsrc\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", re.IGNORECASE)


class BodyLine(Protocol):
    """A line of a body as the body reader numbers it."""

    @property
    def text(self) -> str: ...

    @property
    def number(self) -> int: ...

    @property
    def in_code(self) -> bool: ...


def hidden_images(lines: Sequence[BodyLine]) -> list[tuple[str, str, int]]:
    """Reference-style images, and images and `<img>` tags that span lines."""
    text = "\n".join(line.text for line in lines)
    if "![" not in text and "<img" not in text.lower():
        return []  # most bodies: no image at all
    definitions = {
        _label(m.group("label")): m.group("src")
        for line in lines
        if (m := _DEFINITION.match(line.text))
    }
    found: list[tuple[str, str, int]] = []
    for text, starts in _paragraphs(lines):
        for match in _REFERENCE.finditer(text):
            label = match.group("label") or match.group("alt")
            src = definitions.get(_label(label))
            if src is not None:  # without a definition Markdown prints the text, not an image
                found.append((match.group("alt"), src, _line_of(match.start(), starts)[0]))
        for match in _INLINE.finditer(text):
            number, in_code = _line_of(match.start(), starts)
            if "\n" in match.group(0) or in_code:  # the others the line reading has seen
                found.append((match.group("alt"), match.group("src"), number))
        for match in _WITH_ATTRIBUTES.finditer(text):
            # attr_list lets `{: alt="" }` or `{: src=… }` after an image replace what the
            # brackets say; the image is checked again as it will be published.
            attributes: dict[str, str] = {
                key.lower(): value.strip("\"'")
                for key, value in _ATTRIBUTE.findall(match.group("attrs"))
            }
            label = match.group("label") or match.group("alt")
            written = match.group("src") or definitions.get(_label(label), "")
            if "alt" in attributes or "src" in attributes:
                alt = attributes.get("alt", match.group("alt"))
                src = attributes.get("src", written)
                found.append((alt, src, _line_of(match.start(), starts)[0]))
        for start, tag in html_img_tags(text):
            number, in_code = _line_of(start, starts)
            if "\n" in tag or in_code:
                found.append((*html_image(tag), number))
    return found


def html_img_tags(text: str) -> list[tuple[int, str]]:
    """Each `<img …>` tag in `text` with its offset, in one pass: a regex tried from every
    `<img` would rescan to the end of a line without `>` once per `<img`."""
    tags, position = [], 0
    while match := _IMG_START.search(text, position):
        end = text.find(">", match.end())
        if end < 0:
            break  # no tag closes after this one, nor after any later one
        tags.append((match.start(), text[match.start() : end + 1]))
        position = end + 1
    return tags


def html_image(tag: str) -> tuple[str, str]:
    """The alt text and source of an `<img>` tag ('' for a missing attribute)."""
    alt = _HTML_ALT.search(tag)
    src = _HTML_SRC.search(tag)
    return (alt.group(1).strip("\"'") if alt else "", src.group(1).strip("\"'") if src else "")


def is_blank(alt: str) -> bool:
    """Whether alt text says nothing but character references, spaces and invisible
    characters. References do not count: `&#32;` and `&nbsp;` read as nothing, and after raw
    HTML on the same line Python-Markdown drops every reference from the alt text."""
    text = _CHAR_REFERENCE.sub("", alt)
    return all(ch.isspace() or unicodedata.category(ch) in _INVISIBLE for ch in text)


_CHAR_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


_INVISIBLE = {"Cc", "Cf", "Zs", "Zl", "Zp"}


def _label(text: str) -> str:
    """Reference labels match case-insensitively, with runs of white space as one space."""
    return " ".join(text.split()).lower()


def _paragraphs(lines: Sequence[BodyLine]) -> list[tuple[str, list[tuple[int, int, bool]]]]:
    """Each run of non-blank lines, joined with newlines, with the offset, number and
    code-fence state of each of its lines."""
    paragraphs: list[tuple[str, list[tuple[int, int, bool]]]] = []
    texts: list[str] = []
    starts: list[tuple[int, int, bool]] = []
    offset = 0
    for line in [*lines, None]:
        if line is None or not line.text.strip():
            if texts:
                paragraphs.append(("\n".join(texts), starts))
            texts, starts, offset = [], [], 0
            continue
        starts.append((offset, line.number, line.in_code))
        texts.append(line.text)
        offset += len(line.text) + 1
    return paragraphs


def _line_of(position: int, starts: list[tuple[int, int, bool]]) -> tuple[int, bool]:
    """The number of the line holding `position`, and whether it is inside a ``` fence."""
    found = starts[0][1:]
    for offset, number, in_code in starts:
        if offset > position:
            break
        found = (number, in_code)
    return found
