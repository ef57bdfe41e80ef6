"""Reading a page of an old column (saved .html, or its text as .txt) into the neutral structure.

A government CMS page declares its title, date and source in `<meta>` tags (ArticleTitle,
PubDate, ContentSource); its text carries the same in a header line, wrapped in site chrome
(welcome bar, 字号, 打印本页, 关闭窗口, footer) that has no place in an issue. HTML is parsed
with lxml, which copes with the malformed markup such systems emit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lxml.html
from lxml import etree

from .document import Block, PageMetadata, Paragraph, SourceDocument, Span, Unreadable

_BLOCK_TAGS = {"p", "div", "section", "article", "blockquote", "li", "ul", "ol", "table", "tr",
               "td", "th", "dd", "dt", "dl", "pre", "center", "h1", "h2", "h3", "h4", "h5", "h6",
               "caption", "br", "hr", "header", "main"}  # fmt: skip
_SKIPPED_TAGS = {"script", "style", "noscript", "nav", "footer", "form", "select", "button",
                 "iframe", "object", "template", "head", "title"}  # fmt: skip
_BOLD_TAGS = {"b", "strong"}
_CENTRED = re.compile(r"text-align\s*:\s*center", re.IGNORECASE)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.IGNORECASE)
_CHARSET = re.compile(rb"charset\s*=\s*[\"']?([\w-]+)", re.IGNORECASE)
_FOOTER_START = re.compile(r"^[【\[]?(?:打印本页|关闭窗口|打印此页|关闭本页)")
_CHROME = re.compile(
    r"无障碍浏览\s*$|^欢迎(?:来到|访问)|^(?:您)?当前(?:的)?位置|^首页\s*[>＞»]|^分享到|^扫一扫"
    r"|^[【\[]?(?:打印|关闭|收藏|返回顶部)[】\]]?$|Produced By|版权所有|ICP备|网站标识码"
    r"|^上一篇|^下一篇"
    r"|^字号\s*[:：]|^[【\[]?字号[:：]?\s*[大中小\s\[\]]*[】\]]?$"
)
_ISSUE_LINE = re.compile(r"第\s*[0-9０-９一二三四五六七八九十百〇零]+\s*期")
_HEADER_LINES = 60  # a CMS page may list its whole menu before the title


def read_page(path: Path) -> SourceDocument | Unreadable:
    """Read an .html/.htm page or a .txt copy of one, or say why it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return Unreadable(f"无法读取文件（{error.strerror}）")
    if not data.strip():
        return Unreadable("文件是空的，没有可导入的内容")
    is_text = path.suffix.lower() == ".txt"
    text = _decode(data, None if is_text else _declared_charset(data))
    if text is None:
        return Unreadable("无法识别文件的文字编码（应为 UTF-8 或 GBK）")
    document = _read_text(text) if is_text else _read_html(text)
    if isinstance(document, SourceDocument) and document.is_empty:
        return Unreadable("页面中没有正文文字")
    return document


def _declared_charset(data: bytes) -> str | None:
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def _decode(data: bytes, declared: str | None) -> str | None:
    """UTF-8 first, then what the page declares, then GB18030 (old CMS pages are often GBK)."""
    for encoding in ("utf-8-sig", declared, "gb18030"):
        if not encoding:
            continue
        try:
            return data.decode("gb18030" if encoding in ("gbk", "gb2312") else encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return None


def _read_text(text: str) -> SourceDocument:
    """A page's text as saved by an editor: one paragraph a line."""
    return SourceDocument(_without_chrome([Paragraph([Span(line)]) for line in text.splitlines()]))


def _read_html(text: str) -> SourceDocument | Unreadable:
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as error:
        return Unreadable(f"无法解析网页（{error}）")
    flow = _TextFlow()
    body = root.find("body")
    flow.walk(body if body is not None else root, _Context())
    flow.flush()
    document = SourceDocument(_without_chrome(flow.paragraphs), metadata=_metadata(root))
    images = len(root.findall(".//img"))
    if images:
        document.skipped.append(f"网页中的 {images} 张图片（请从原网站下载后放在本期文件旁）")
    return document


def _metadata(root: Any) -> PageMetadata:
    tags = {
        str(meta.get("name", "")).lower(): str(meta.get("content", "")).strip()
        for meta in root.iter("meta")
        if meta.get("name")
    }
    return PageMetadata(
        title=tags.get("articletitle", ""),
        date=tags.get("pubdate", ""),
        source=tags.get("contentsource", ""),
    )


@dataclass(frozen=True)
class _Context:
    """What an element inherits from the elements around it."""

    centred: bool = False
    bold: bool = False
    heading: int | None = None
    linked: bool = False

    def inside(self, element: Any, tag: str) -> _Context:
        """The context of `element`'s own text: its tag and style added to this one."""
        style = str(element.get("style") or "")
        aligned = tag == "center" or str(element.get("align", "")).lower() == "center"
        heading = int(tag[1]) if re.fullmatch(r"h[1-6]", tag) else self.heading
        return _Context(
            centred=self.centred or aligned or bool(_CENTRED.search(style)),
            bold=self.bold or tag in _BOLD_TAGS or bool(_BOLD_STYLE.search(style)),
            heading=heading,
            linked=self.linked or tag == "a",
        )


class _TextFlow:
    """Collects text into paragraphs: every block element and <br> ends one. A paragraph of
    links only (menus, 上一篇/下一篇, related links) is site navigation and is left out."""

    def __init__(self) -> None:
        self.paragraphs: list[Paragraph] = []
        self.spans: list[Span] = []
        self.context = _Context()
        self.has_own_text = False

    def walk(self, element: Any, outer: _Context) -> None:
        """Add an element's text, and its children's, in document order."""
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _SKIPPED_TAGS or not tag:
            return
        context = outer.inside(element, tag)
        if tag in _BLOCK_TAGS:
            self.flush()
        self.context = context
        self.add(element.text, context)
        for child in element:
            self.walk(child, context)
            self.context = context
            self.add(child.tail, context)
        if tag in _BLOCK_TAGS:
            self.flush()

    def add(self, text: str | None, context: _Context) -> None:
        """Add a piece of text to the current paragraph, whitespace folded as browsers do."""
        if not text:
            return
        self.spans.append(Span(" ".join(text.split()) if text.strip() else "", context.bold))
        self.has_own_text = self.has_own_text or (bool(text.strip()) and not context.linked)

    def flush(self) -> None:
        """End the current paragraph, keeping it unless it is empty or only links."""
        spans = [span for span in self.spans if span.text]
        if self.has_own_text:
            heading, centred = self.context.heading, self.context.centred
            self.paragraphs.append(Paragraph(spans, heading=heading, centered=centred))
        self.spans, self.has_own_text = [], False


def _without_chrome(paragraphs: list[Paragraph]) -> list[Block]:
    """Drop the site's header before the issue's title line, its toolbars and its footer."""
    texts = [p.text for p in paragraphs]
    start = next((n for n, text in enumerate(texts[:_HEADER_LINES]) if _ISSUE_LINE.search(text)), 0)
    kept: list[Block] = []
    for paragraph, text in zip(paragraphs[start:], texts[start:], strict=True):
        if _FOOTER_START.match(text):
            break
        if text and not _CHROME.search(text):
            kept.append(paragraph)
    return kept
