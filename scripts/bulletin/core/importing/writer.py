"""Writing a recognised issue as the contract's Markdown file (section 2), images beside it.

Front-matter values go through yaml.safe_dump, so a quote or colon in a unit's name stays text.
Body text is escaped for Markdown, so a `*` or `#` in a document never becomes markup; titles
and 来源 are written as they are, because the site reads them as plain text (contract §2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml

from .document import Paragraph, Span, Table, merge_spans
from .structure import Content, Figure, ImportedArticle, ImportedIssue

_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_BLOCK_MARK = re.compile(r"^(#|>|[-+](?=\s))")  # a heading, quote or list item
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")  # 1. or 1) would start an ordered list
_NOTE_MARKER = re.compile(r"〔注(\d+)〕")


@dataclass(frozen=True)
class IssueFields:
    """The front matter an imported issue gets (reviewers as far as the 版记 named them)."""

    number: int
    date: date
    source: str
    roles: dict[str, str] = field(default_factory=dict)
    distribution: list[str] = field(default_factory=list)  # the 版记's 报送/印发 lines


@dataclass
class IssueFile:
    """The issue's text and its images by file name."""

    text: str
    images: dict[str, bytes]


def render_issue(issue: ImportedIssue, fields: IssueFields) -> IssueFile:
    """The draft issue file for `issue`, with its figures named 03-1.png, 03-2.jpg, …"""
    images = _name_images(issue, fields.number)
    parts = [_front_matter(fields)]
    if issue.editor_note is not None:
        parts.append(f"> 编者按：{render_paragraph(issue.editor_note)}")
    parts += [_render_content(content, images, issue) for content in issue.preamble]
    for article in issue.articles:
        parts += _render_article(article, fields.source, images, issue)
    text = "\n\n".join(part for part in parts if part) + "\n"
    return IssueFile(text, {name: figure.picture.data for figure, name in images.values()})


def _front_matter(fields: IssueFields) -> str:
    meta: dict[str, Any] = {"number": fields.number, "date": fields.date, "source": fields.source}
    for key in ("editor", "reviewer", "approver"):
        meta[key] = fields.roles.get(key)
    if fields.distribution:
        meta["distribution"] = list(fields.distribution)
    meta["draft"] = True
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return "---\n" + dumped.replace(": null\n", ":\n") + "---"


def _name_images(issue: ImportedIssue, number: int) -> dict[int, tuple[Figure, str]]:
    """Figure identity → (figure, file name), numbered in document order."""
    return {
        id(figure): (figure, f"{number:02d}-{position}.{figure.picture.extension}")
        for position, figure in enumerate(issue.figures(), start=1)
    }


def _render_article(
    article: ImportedArticle,
    issue_source: str,
    images: dict[int, tuple[Figure, str]],
    issue: ImportedIssue,
) -> list[str]:
    parts = [f"## {heading_text(article.title)}"]
    if article.source or article.category:
        line = f"来源：{article.source or issue_source}"
        parts.append(line + (f" ｜ 类别：{article.category}" if article.category else ""))
    body = [_render_content(content, images, issue) for content in article.blocks]
    parts += body
    parts += _notes_for("\n".join(body), issue.notes)
    return parts


def heading_text(title: str) -> str:
    """A title on one line, as the heading reads it back (a trailing # would be cut off)."""
    one_line = " ".join(title.split())
    return one_line[:-1] + "＃" if one_line.endswith("#") else one_line


def _render_content(
    content: Content, images: dict[int, tuple[Figure, str]], issue: ImportedIssue
) -> str:
    if isinstance(content, Figure):
        alt = " ".join(content.caption.split()).replace("[", "［").replace("]", "］")
        return f"![{alt}]({images[id(content)][1]})"
    if isinstance(content, Table):
        return render_table(content)
    return render_paragraph(content)


def render_paragraph(paragraph: Paragraph) -> str:
    """A paragraph as Markdown: numbering kept as text, bold and line breaks kept."""
    spans = paragraph.spans
    if paragraph.label:  # Word draws the number in the weight of the text it starts
        spans = [Span(paragraph.label, bool(spans) and spans[0].bold), *spans]
    text = render_spans(merge_spans(spans)).strip()
    return _LIST_NUMBER.sub(r"\1\\\2", _BLOCK_MARK.sub(r"\\\1", text))


def render_spans(spans: list[Span]) -> str:
    """Escaped inline text with **bold** and <br> line breaks."""
    out: list[str] = []
    for span in spans:
        lines = [escape_inline(line) for line in span.text.split("\n")]
        if span.bold:
            lines = [_embolden(line) for line in lines]
        out.append("<br>".join(lines))
    return "".join(out)


def _embolden(text: str) -> str:
    """`**text**` with surrounding spaces kept outside, where Markdown needs them."""
    core = text.strip()
    if not core:
        return text
    start = text.index(core)
    return f"{text[:start]}**{core}**{text[start + len(core) :]}"


def escape_inline(text: str) -> str:
    """Backslash what Markdown reads as inline markup; `<` as an entity (raw HTML)."""
    text = _ENTITY.sub("&amp;", text)
    return _INLINE_SPECIAL.sub(r"\\\1", text).replace("<", "&lt;")


def render_table(table: Table) -> str:
    """A Markdown table; the first row is the header, short rows are padded."""
    rows = [[render_spans(cell).strip().replace("|", "\\|") for cell in row] for row in table.rows]
    rows = [row for row in rows if row]
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    lines = []
    for position, row in enumerate(rows):
        cells = row + [""] * (width - len(row))
        lines.append("| " + " | ".join(cells) + " |")
        if position == 0:
            lines.append("|" + " --- |" * width)
    return "\n".join(lines)


def _notes_for(body: str, notes: dict[int, str]) -> list[str]:
    """The article's footnotes, as paragraphs after it (〔注1〕…)."""
    numbers = dict.fromkeys(int(n) for n in _NOTE_MARKER.findall(body))
    return [f"〔注{n}〕{escape_inline(notes.get(n, ''))}" for n in numbers]
