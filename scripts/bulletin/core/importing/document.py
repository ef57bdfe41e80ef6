"""The neutral structure every reader produces: paragraphs, tables and pictures in order."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Unreadable:
    """Why a reader cannot take a file, in Chinese, for the editor."""

    reason: str


@dataclass(frozen=True)
class Span:
    """A run of text with the one inline format kept: bold. A line break is "\\n"."""

    text: str
    bold: bool = False


def merge_spans(spans: list[Span]) -> list[Span]:
    """Join neighbouring spans of the same weight (Word splits runs arbitrarily)."""
    merged: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        if merged and merged[-1].bold == span.bold:
            merged[-1] = Span(merged[-1].text + span.text, span.bold)
        else:
            merged.append(span)
    return merged


@dataclass
class Paragraph:
    """One paragraph; `label` is automatic numbering (一、（一）1.) rebuilt as text."""

    spans: list[Span]
    heading: int | None = None  # a Word heading style's level, or h1–h6 of a page
    centered: bool = False
    caption_style: bool = False  # Word's 题注 (Caption) style
    label: str = ""
    # How captions are often set by hand: in 楷体 (KaiTi), in a smaller size than the body.
    caption_font: bool = False
    size: float | None = None  # the largest font size of its text, in points, where known

    @property
    def text(self) -> str:
        """The paragraph as it reads, numbering included, trimmed."""
        return (self.label + "".join(span.text for span in self.spans)).strip()

    @property
    def bold(self) -> bool:
        """Whether every visible character is bold."""
        visible = [span for span in self.spans if span.text.strip()]
        return bool(visible) and all(span.bold for span in visible)


@dataclass
class Table:
    """Rows of cells; each cell is its paragraphs' spans, joined by line breaks."""

    rows: list[list[list[Span]]]


@dataclass
class Picture:
    """An embedded image: its bytes and the file extension its format has."""

    data: bytes
    extension: str


Block = Paragraph | Table | Picture


@dataclass
class PageMetadata:
    """What a government CMS page declares about itself in `<meta>` tags."""

    title: str = ""
    date: str = ""
    source: str = ""


@dataclass
class SourceDocument:
    """A document read into blocks, with its notes (footnote text by marker number)."""

    blocks: list[Block] = field(default_factory=list)
    notes: dict[int, str] = field(default_factory=dict)
    metadata: PageMetadata = field(default_factory=PageMetadata)
    skipped: list[str] = field(default_factory=list)  # what the reader saw but could not keep

    @property
    def is_empty(self) -> bool:
        """No text, table or picture at all."""
        return not any(not isinstance(block, Paragraph) or block.text for block in self.blocks)

    def paragraphs(self) -> list[Paragraph]:
        """The paragraphs only, in order."""
        return [block for block in self.blocks if isinstance(block, Paragraph)]
