"""Recognising an issue in a read document: masthead, 编者按, articles with their 来源 and
类别, figures with captions, and the 版记."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from enum import Enum

from .colophon import Colophon, read_colophon
from .contributor import is_contributor_line, leading_contributor, trailing_contributor
from .document import Block, PageMetadata, Paragraph, Picture, SourceDocument, Span, Table
from .masthead import Masthead, find_date, read_masthead

_NOTE_LABEL = re.compile(r"^\s*编者按\s*[:：]?\s*")
_CLOSING = re.compile(r"[。！？；：，、,.!?;:]$")
# Numbered points inside an article (一、 （一） 1. 一是), which are bold but are not titles.
_POINT = re.compile(
    r"^(?:[一二三四五六七八九十]+[、是]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])"
)
_SECTION_BRACKETS = "【】[]〔〕 　"
_CAPTION_START = re.compile(r"^[（(]?(?:图|▲|△|附图)")
_TITLE_LENGTH = 50
_CAPTION_LENGTH = 60
_LONG_CAPTION = 120  # a caption set in a caption's type may be a whole sentence
_EDGE_BLOCKS = 12  # how far from either end a masthead or 版记 may reach


class TitleRule(Enum):
    """How article titles are marked in a document."""

    HEADINGS = "headings"  # Word heading styles (or h1–h6)
    EMPHASIS = "emphasis"  # short bold or centred paragraphs
    PLAIN = "plain"  # a plain-text page: short lines without closing punctuation


@dataclass
class Figure:
    """A picture and the caption under it (empty when the document has none)."""

    picture: Picture
    caption: str


Content = Paragraph | Table | Figure


@dataclass
class ImportedArticle:
    """An article: its title, 来源 and 类别 as found (empty when not), and its contents."""

    title: str
    source: str = ""
    category: str = ""
    blocks: list[Content] = field(default_factory=list)


@dataclass
class ImportedIssue:
    """An issue as recognised, before numbering and writing."""

    masthead: Masthead
    colophon: Colophon
    editor_note: Paragraph | None = None
    preamble: list[Content] = field(default_factory=list)
    articles: list[ImportedArticle] = field(default_factory=list)
    notes: dict[int, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def figures(self) -> list[Figure]:
        """Every figure, preamble first, in document order."""
        contents = self.preamble + [b for a in self.articles for b in a.blocks]
        return [content for content in contents if isinstance(content, Figure)]


def recognise_issue(document: SourceDocument, rule: TitleRule | None = None) -> ImportedIssue:
    """Find the parts of an issue in a document; `rule` defaults to what the document uses."""
    blocks = list(document.blocks)
    masthead, blocks, decorations = _take_masthead(blocks)
    _prefer_metadata(masthead, document.metadata)
    colophon, blocks = _take_colophon(blocks)
    issue = ImportedIssue(masthead, colophon, notes=dict(document.notes))
    issue.skipped.extend(document.skipped)
    if decorations:
        issue.skipped.append(f"刊头中的 {decorations} 个图形（徽标、红线等，未导入）")
    blocks = _take_editor_note(blocks, issue)
    chosen = rule or _title_rule(blocks)
    _split_articles(_with_captions(blocks), chosen, issue)
    for article in issue.articles:
        _take_contributor(article)
    return issue


def _prefer_metadata(masthead: Masthead, metadata: PageMetadata) -> None:
    """A page's own <meta> tags are more reliable than its text layout, where it has them."""
    declared = read_masthead([metadata.title]) if metadata.title else Masthead()
    masthead.name = declared.name or masthead.name
    masthead.number = declared.number or masthead.number
    masthead.total = declared.total or masthead.total
    found = find_date(metadata.date)
    masthead.date = found[0] if found else masthead.date
    masthead.source = metadata.source or masthead.source  # <meta name="ContentSource">


def _take_masthead(blocks: list[Block]) -> tuple[Masthead, list[Block], int]:
    """Read the masthead from the first paragraphs or a table (some templates lay it out in
    one); return it, the blocks after it, and how many pictures (logo, rule) it held."""
    lines = _block_lines(blocks, range(min(len(blocks), _EDGE_BLOCKS)))
    masthead = read_masthead([text for _, text in lines])
    if not masthead.lines:
        return masthead, blocks, 0
    end = lines[masthead.lines - 1][0] + 1
    while end < len(blocks) and isinstance(blocks[end], Picture):
        end += 1  # a red rule or emblem drawn as a picture right under the masthead
    pictures = sum(1 for block in blocks[:end] if isinstance(block, Picture))
    return masthead, blocks[end:], pictures


def _take_colophon(blocks: list[Block]) -> tuple[Colophon, list[Block]]:
    """Read the 版记 from the last paragraphs or a table; a table only partly 版记 stays."""
    lines = _block_lines(blocks, range(max(0, len(blocks) - _EDGE_BLOCKS), len(blocks)))
    colophon = read_colophon([text for _, text in lines])
    if not colophon.lines:
        return colophon, blocks
    first = len(lines) - colophon.lines
    start = lines[first][0]
    if first > 0 and lines[first - 1][0] == start:
        start += 1  # the block's earlier lines are not 版记: keep it whole
    return colophon, blocks[:start]


def _block_lines(blocks: list[Block], indices: range) -> list[tuple[int, str]]:
    """The text lines of some paragraphs and tables, each with its block's index."""
    lines: list[tuple[int, str]] = []
    for index in indices:
        block = blocks[index]
        if isinstance(block, Paragraph):
            lines += [(index, line) for line in block.text.splitlines()]
        elif isinstance(block, Table):
            lines += [(index, line) for line in _table_lines(block)]
    return lines


def _table_lines(table: Table) -> list[str]:
    """A table's text as lines, one per row (cells side by side), as it reads on the page."""
    lines: list[str] = []
    for row in table.rows:
        cells = ["".join(span.text for span in cell).strip() for cell in row]
        lines += "　".join(cell for cell in cells if cell).splitlines()
    return lines


def _take_editor_note(blocks: list[Block], issue: ImportedIssue) -> list[Block]:
    """The first paragraph labelled 编者按, wherever before the first article it stands."""
    for position, block in enumerate(blocks[:6]):
        if isinstance(block, Paragraph) and _NOTE_LABEL.match(block.text):
            issue.editor_note = _without_label(block)
            return blocks[:position] + blocks[position + 1 :]
    return blocks


def _without_label(paragraph: Paragraph) -> Paragraph:
    """The note's text without 「编者按：」, however Word split it into runs."""
    text = "".join(span.text for span in paragraph.spans)
    cut = len(_NOTE_LABEL.match(paragraph.label + text).group(0)) - len(paragraph.label)  # type: ignore[union-attr]
    spans, seen = [], 0
    for span in paragraph.spans:
        keep = span.text[max(0, cut - seen) :]
        seen += len(span.text)
        if keep:
            spans.append(Span(keep, span.bold))
    return Paragraph(spans)


def _title_rule(blocks: list[Block]) -> TitleRule:
    paragraphs = [block for block in blocks if isinstance(block, Paragraph)]
    if any(p.heading is not None for p in paragraphs):
        return TitleRule.HEADINGS
    return TitleRule.EMPHASIS


def is_title(paragraph: Paragraph, rule: TitleRule) -> bool:
    """Whether a paragraph begins an article (or a section of articles) under `rule`."""
    text = title_text(paragraph)
    if rule is TitleRule.HEADINGS:
        return paragraph.heading is not None and bool(text)
    if not text or len(text) > _TITLE_LENGTH or _CLOSING.search(text):
        return False
    if paragraph.label or _POINT.match(text) or is_contributor_line(text):
        return False
    if text.startswith("—"):
        return False  # a subtitle (——记……) belongs to the article above it
    if rule is TitleRule.EMPHASIS:
        return paragraph.bold or paragraph.centered or paragraph.heading is not None
    return True


def title_text(paragraph: Paragraph) -> str:
    """A title as one line: a long title is often broken by hand, and Chinese joins directly."""
    return "".join(line.strip() for line in paragraph.text.splitlines())


def _with_captions(blocks: list[Block]) -> list[Content]:
    """Pair each picture with the caption paragraph right under it."""
    contents: list[Content] = []
    body = _body_size(blocks)
    position = 0
    while position < len(blocks):
        block = blocks[position]
        position += 1
        if not isinstance(block, Picture):
            contents.append(block)
            continue
        following = blocks[position] if position < len(blocks) else None
        caption = ""
        if isinstance(following, Paragraph) and _is_caption(following, body):
            caption = following.text
            position += 1
        contents.append(Figure(block, caption))
    return contents


def _body_size(blocks: list[Block]) -> float | None:
    """The font size most of the text is set in (by characters), where the document says."""
    counts: Counter[float] = Counter()
    for block in blocks:
        if isinstance(block, Paragraph) and block.size is not None:
            counts[block.size] += len(block.text)
    return counts.most_common(1)[0][0] if counts else None


def _is_caption(paragraph: Paragraph, body: float | None) -> bool:
    """A caption: Word's 题注 style; or a short paragraph set like one: in 楷体, smaller than
    the body, or starting 图/▲ (closing punctuation allowed), or centred (a short line
    without closing punctuation, and not bold: a bold centred line is the next title)."""
    text = paragraph.text
    if paragraph.caption_style:
        return bool(text)
    if not text or paragraph.heading is not None:
        return False
    smaller = body is not None and paragraph.size is not None and paragraph.size < body
    if paragraph.caption_font or smaller or _CAPTION_START.match(text):
        return len(text) <= _LONG_CAPTION
    if len(text) > _CAPTION_LENGTH or _CLOSING.search(text):
        return False
    return paragraph.centered and not paragraph.bold


def _split_articles(contents: list[Content], rule: TitleRule, issue: ImportedIssue) -> None:
    """Titles start articles; a title directly followed by another title names a section."""
    category = ""
    for position, content in enumerate(contents):
        following = contents[position + 1] if position + 1 < len(contents) else None
        if isinstance(content, Paragraph) and _starts_section(content, following, rule):
            category = content.text.strip(_SECTION_BRACKETS)
        elif isinstance(content, Paragraph) and is_title(content, rule):
            issue.articles.append(ImportedArticle(title_text(content), category=category))
        elif issue.articles:
            issue.articles[-1].blocks.append(content)
        else:
            issue.preamble.append(content)


def _starts_section(title: Paragraph, following: Content | None, rule: TitleRule) -> bool:
    """A title right above another title; under heading styles, also a bold or centred label
    (「工作动态」) above a heading, as offices mix the two."""
    if not isinstance(following, Paragraph) or not is_title(following, rule):
        return False
    if rule is not TitleRule.HEADINGS:
        return is_title(title, rule)
    if not (is_title(title, rule) or is_title(title, TitleRule.EMPHASIS)):
        return False
    # Two headings of one level in a row are two articles, one without a body.
    return (following.heading or 0) > (title.heading or 0)


def _take_contributor(article: ImportedArticle) -> None:
    """Move a 来源 line (first paragraph, or the end of the last one) to the article."""
    paragraphs = [b for b in article.blocks if isinstance(b, Paragraph)]
    if not paragraphs:
        return
    first, last = paragraphs[0], paragraphs[-1]
    unit = leading_contributor(first.text)
    if unit:
        article.source = unit
        article.blocks.remove(first)
        return
    found = trailing_contributor("".join(span.text for span in last.spans))
    if found is None:
        return
    article.source, cut = found
    last.spans = _truncate(last.spans, cut)
    if not last.text:
        article.blocks.remove(last)


def _truncate(spans: list[Span], end: int) -> list[Span]:
    """The spans' first `end` characters, without trailing space."""
    kept: list[Span] = []
    for span in spans:
        if end <= 0:
            break
        kept.append(Span(span.text[:end], span.bold))
        end -= len(span.text)
    while kept and not kept[-1].text.rstrip():
        kept.pop()
    if kept:
        kept[-1] = Span(kept[-1].text.rstrip(), kept[-1].bold)
    return kept
