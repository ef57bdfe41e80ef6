"""A Markdown extension that applies the core's rule for line breaks in Chinese text
(`core.linebreaks`) to every page's text, outside code."""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree import ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from ..core.linebreaks import join_soft_breaks_across

_VERBATIM = {"pre", "code", "script", "style", "textarea"}


class ChineseLineBreaks(Extension):
    """Drops soft line breaks between Chinese characters in every page's text."""

    def extendMarkdown(self, md: Markdown) -> None:
        # Last among the tree processors that change text (inline is 20, prettify 10): the
        # text is whole by then; before toc (5), so headings' TOC entries read the same.
        md.treeprocessors.register(_JoinLines(md), "bulletin_chinese_line_breaks", 7)


class _JoinLines(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        pieces = list(_text_pieces(root))
        texts = join_soft_breaks_across([getattr(node, attr) for node, attr in pieces])
        for (node, attr), text in zip(pieces, texts, strict=True):
            setattr(node, attr, text)


def _text_pieces(element: etree.Element) -> Iterator[tuple[etree.Element, str]]:
    """(element, "text" or "tail") for each piece of running text, in reading order."""
    if element.tag in _VERBATIM:
        return
    if element.text:
        yield element, "text"
    for child in element:
        yield from _text_pieces(child)
        if child.tail:
            yield child, "tail"
