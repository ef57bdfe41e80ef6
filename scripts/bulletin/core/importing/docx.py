"""Reading a Word document (.docx) into the neutral structure, with python-docx.

python-docx gives the body in order, styles, alignment and the package's parts; what it does
not model (automatic numbering, footnotes, images inside runs) is read from the same XML it
parsed, so a paragraph keeps its 一、 and its pictures where Word showed them.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run
from lxml import etree

from .document import (
    Block,
    Paragraph,
    Picture,
    SourceDocument,
    Span,
    Table,
    Unreadable,
    merge_spans,
)
from .numbering_text import Level, ListCounter, ListDefinition

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_R_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_VML_IMAGE = "{urn:schemas-microsoft-com:vml}imagedata"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_ALTERNATE_CONTENT = _MC + "AlternateContent"
_CHOICE = _MC + "Choice"
_RUN_CONTAINERS = {
    qn(tag)
    for tag in ("w:hyperlink", "w:ins", "w:smartTag", "w:fldSimple", "w:customXml", "w:sdt",
                "w:sdtContent")
}  # fmt: skip
_EXTENSIONS = {"jpeg": "jpg", "jpe": "jpg"}


def read_docx(path: Path) -> SourceDocument | Unreadable:
    """Read `path` into blocks, or say in Chinese why it cannot be read."""
    refusal = _refusal(path)
    if refusal is not None:
        return refusal
    try:
        result = _DocumentReader(docx.Document(str(path))).read()
    except Exception as error:  # a damaged package fails in zipfile, lxml or python-docx alike
        return Unreadable(f"文档已损坏，无法打开（{type(error).__name__}）")
    if result.is_empty:
        return Unreadable("文档是空的，没有可导入的文字、表格或图片")
    return result


def _refusal(path: Path) -> Unreadable | None:
    """Name the usual wrong inputs: an old .doc or encrypted file, a PDF, a damaged file."""
    try:
        with path.open("rb") as file:
            head = file.read(8)
    except OSError as error:
        return Unreadable(f"无法读取文件（{error.strerror}）")
    if head.startswith(_OLE_MAGIC):
        return Unreadable(
            "这是设置了打开密码的 Word 文档，或旧版 .doc 格式（OLE 复合文档），无法导入；"
            "请在 Word 或 WPS 中取消密码后“另存为” .docx 再导入"
        )
    if head.startswith(b"%PDF"):
        return Unreadable(
            "这是 PDF 文件，不是 Word 文档；请用 Word 或 WPS 打开原稿“另存为” .docx 再导入"
        )
    if not head:
        return Unreadable("文件是空的（0 字节）")
    if not zipfile.is_zipfile(path):
        return Unreadable("不是有效的 .docx 文件（文件已损坏，或只是改了扩展名）")
    return None


class _DocumentReader:
    """Walks the body once, carrying the list counters and footnote markers along."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.part = document.part
        self.counter = ListCounter(_list_definitions(self.part))
        self.styles = _StyleBook(document)
        self.notes = _footnote_texts(self.part)
        self.result = SourceDocument()
        self.note_markers: dict[str, int] = {}

    def read(self) -> SourceDocument:
        """The whole body, block by block."""
        body = self.document._body
        for element in _body_elements(body._element):
            if element.tag == qn("w:tbl"):
                self.result.blocks.append(self._table(DocxTable(element, body)))
            else:
                self.result.blocks.extend(self._paragraph(DocxParagraph(element, body)))
        return self.result

    def _paragraph(self, paragraph: DocxParagraph) -> list[Block]:
        style = self.styles.of(paragraph)
        spans, graphics = self._inline(paragraph, style)
        label = self._label(paragraph, style)
        blocks = self._text_boxes(graphics, paragraph)
        alignment = paragraph.paragraph_format.alignment or style.alignment
        pictures = [picture for graphic in graphics for picture in self._pictures(graphic)]
        if "".join(span.text for span in spans).strip() or label:
            sizes, fonts = _type_of(paragraph, style)
            text = Paragraph(
                merge_spans(spans),
                heading=style.heading,
                centered=alignment == WD_ALIGN_PARAGRAPH.CENTER,
                caption_style=style.name.lower() in ("caption", "题注"),
                label=label,
                caption_font=bool(fonts) and all(_CAPTION_FONT.search(f) for f in fonts),
                size=max(sizes, default=None),
            )
            # A picture with its caption after a line break in the same paragraph reads
            # picture first, as Word shows it.
            if pictures and _picture_first(paragraph._p):
                return [*blocks, *pictures, text]
            blocks.append(text)
        return [*blocks, *pictures]

    def _inline(self, paragraph: DocxParagraph, style: _StyleFacts) -> tuple[list[Span], list[Any]]:
        """Text spans with bold, breaks and footnote markers in order; the graphics."""
        spans: list[Span] = []
        graphics: list[Any] = []
        for element in _run_elements(paragraph._p):
            bold = self.styles.run_bold(Run(element, paragraph), style.bold)
            spans.extend(self._run_spans(element, bold, graphics))
        return spans, graphics

    def _run_spans(self, element: Any, bold: bool, graphics: list[Any]) -> list[Span]:
        spans: list[Span] = []
        for child in element.iterchildren():
            tag = child.tag
            if tag == qn("w:t"):
                spans.append(Span(child.text or "", bold))
            elif tag in (qn("w:tab"), qn("w:ptab")):
                spans.append(Span(" ", bold))
            elif tag in (qn("w:br"), qn("w:cr")) and child.get(qn("w:type")) != "page":
                spans.append(Span("\n", bold))
            elif tag == qn("w:footnoteReference"):
                spans.append(Span(self._note_marker(child.get(qn("w:id")) or "")))
            elif tag in (qn("w:drawing"), qn("w:pict")):
                graphics.append(child)
            elif tag == _ALTERNATE_CONTENT:
                # Word writes a shape twice (mc:Choice and a VML mc:Fallback); read it once.
                choice = child.find(_CHOICE)
                graphics.append(choice if choice is not None else child)
        return spans

    def _text_boxes(self, graphics: list[Any], host: DocxParagraph) -> list[Block]:
        """Paragraphs in text boxes (mastheads are often laid out in one), before their host."""
        blocks: list[Block] = []
        for graphic in graphics:
            for box in graphic.iter(qn("w:txbxContent")):
                for p in box.iterchildren(qn("w:p")):
                    blocks.extend(self._paragraph(DocxParagraph(p, host._parent)))
        return blocks

    def _note_marker(self, note_id: str) -> str:
        number = self.note_markers.setdefault(note_id, len(self.note_markers) + 1)
        self.result.notes[number] = self.notes.get(note_id, "")
        return f"〔注{number}〕"

    def _pictures(self, element: Any) -> list[Picture]:
        found: list[Picture] = []
        references = [blip.get(_R_EMBED) for blip in element.iter(_BLIP)]
        references += [image.get(_R_ID) for image in element.iter(_VML_IMAGE)]
        for reference in dict.fromkeys(ref for ref in references if ref):
            part = self.part.related_parts.get(reference)
            if part is None:
                self.result.skipped.append("一张图片的文件在文档中缺失")
                continue
            extension = str(part.partname.ext).lower()
            found.append(Picture(part.blob, _EXTENSIONS.get(extension, extension)))
        return found

    def _label(self, paragraph: DocxParagraph, style: _StyleFacts) -> str:
        """Automatic numbering set on the paragraph, or else on its style."""
        numbering = _numbering(paragraph._p.pPr) or style.numbering
        if numbering is None or numbering[0] == "0":
            return ""
        return self.counter.label(*numbering)

    def _table(self, table: DocxTable) -> Table:
        rows: list[list[list[Span]]] = []
        for row in table.rows:
            cells: list[list[Span]] = []
            previous = None
            for cell in row.cells:
                if cell._tc is previous:
                    continue  # a horizontally merged cell is listed once per grid column
                previous = cell._tc
                cells.append(self._cell_spans(cell.paragraphs))
            rows.append(cells)
        return Table(rows)

    def _cell_spans(self, paragraphs: list[DocxParagraph]) -> list[Span]:
        spans: list[Span] = []
        for position, paragraph in enumerate(paragraphs):
            if position:
                spans.append(Span("\n"))
            style = self.styles.of(paragraph)
            spans.append(Span(self._label(paragraph, style)))
            spans.extend(self._inline(paragraph, style)[0])
        return merge_spans(spans)


_CAPTION_FONT = re.compile(r"楷|kai", re.IGNORECASE)  # 楷体, 楷体_GB2312, 华文楷体, KaiTi


def _type_of(paragraph: DocxParagraph, style: _StyleFacts) -> tuple[list[float], list[str]]:
    """The font sizes (points) and East Asian font names of the runs that carry text."""
    sizes: list[float] = []
    fonts: list[str] = []
    for element in _run_elements(paragraph._p):
        if not "".join(t.text or "" for t in element.iter(qn("w:t"))).strip():
            continue
        run = Run(element, paragraph)
        size = run.font.size.pt if run.font.size is not None else style.size
        if size is not None:
            sizes.append(size)
        font = _east_asian_font(element.rPr) or style.font
        if font:
            fonts.append(font)
    return sizes, fonts


def _east_asian_font(properties: Any) -> str:
    """The East Asian font a run or style names (w:rFonts w:eastAsia), else its ASCII font."""
    fonts = properties.find(qn("w:rFonts")) if properties is not None else None
    if fonts is None:
        return ""
    return str(fonts.get(qn("w:eastAsia")) or fonts.get(qn("w:ascii")) or "")


def _picture_first(paragraph: Any) -> bool:
    """Whether a paragraph's first graphic comes before its first text."""
    for run in _run_elements(paragraph):
        for child in run.iterchildren():
            if child.tag == qn("w:t") and (child.text or "").strip():
                return False
            if child.tag in (qn("w:drawing"), qn("w:pict"), _ALTERNATE_CONTENT):
                return True
    return False


def _body_elements(container: Any) -> Iterator[Any]:
    """Paragraphs and tables in order, also inside content controls (w:sdt), which
    python-docx's own iteration skips and templates (WPS 公文模板) use."""
    for child in container.iterchildren():
        if child.tag in (qn("w:p"), qn("w:tbl")):
            yield child
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _body_elements(content)


def _run_elements(container: Any) -> Iterator[Any]:
    """A paragraph's runs in order, through links, tracked insertions, fields and content
    controls; tracked deletions (w:del) are left out, as Word shows the accepted text."""
    for child in container.iterchildren():
        if child.tag == qn("w:r"):
            yield child
        elif child.tag in _RUN_CONTAINERS:
            yield from _run_elements(child)


@dataclass(frozen=True)
class _StyleFacts:
    """What a paragraph style gives its paragraphs, resolved through its base styles."""

    name: str = ""
    heading: int | None = None
    alignment: Any = None
    bold: bool = False
    numbering: tuple[str, int] | None = None
    size: float | None = None  # points
    font: str = ""  # East Asian font name


class _StyleBook:
    """Paragraph styles resolved once: python-docx looks a paragraph's style up by scanning
    every style (about 3 ms a paragraph), which made a 40-article bulletin take seconds."""

    def __init__(self, document: Any) -> None:
        self.by_id = {
            style.style_id: _resolve(style)
            for style in document.styles
            if style.type == WD_STYLE_TYPE.PARAGRAPH
        }
        default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self.default = _resolve(default) if default is not None else _StyleFacts()
        self.bold_characters = {
            style.style_id
            for style in document.styles
            if style.type == WD_STYLE_TYPE.CHARACTER and _bold_in_chain(style)
        }

    def of(self, paragraph: DocxParagraph) -> _StyleFacts:
        """The facts of a paragraph's style (the default paragraph style when it names none)."""
        style_id = paragraph._p.style
        return self.by_id.get(style_id, self.default) if style_id else self.default

    def run_bold(self, run: Any, paragraph_bold: bool) -> bool:
        """Direct bold, else the run's character style (e.g. Strong), else the paragraph's."""
        if run.bold is not None:
            return bool(run.bold)
        style_id = run._r.style
        return style_id in self.bold_characters if style_id else paragraph_bold


def _bold_in_chain(style: Any) -> bool:
    """The nearest bold setting along a style and its base styles."""
    return next((bool(s.font.bold) for s in _chain(style) if s.font.bold is not None), False)


def _chain(style: Any) -> list[Any]:
    """A style, then its base style, and so on."""
    chain = []
    while style is not None:
        chain.append(style)
        style = style.base_style
    return chain


def _resolve(style: Any) -> _StyleFacts:
    chain = _chain(style)
    return _StyleFacts(
        name=str(chain[0].name or ""),
        heading=next((level for s in chain if (level := _heading_level(str(s.name or "")))), None),
        alignment=next((a for s in chain if (a := s.paragraph_format.alignment) is not None), None),
        bold=_bold_in_chain(style),
        numbering=next((n for s in chain if (n := _numbering(s.element.pPr)) is not None), None),
        size=next((s.font.size.pt for s in chain if s.font.size is not None), None),
        font=next((f for s in chain if (f := _east_asian_font(s.element.rPr))), ""),
    )


def _heading_level(name: str) -> int | None:
    """Heading 1–9 (英文版 Word) or 标题 1–9 (中文版 WPS)."""
    for prefix in ("Heading ", "heading ", "标题 ", "标题"):
        rest = name[len(prefix) :].strip()
        if name.startswith(prefix) and rest.isdigit():
            return int(rest)
    return None


def _numbering(properties: Any) -> tuple[str, int] | None:
    """The list (numId) and level in paragraph properties; numId 0 switches numbering off."""
    num_pr: Any = properties.numPr if properties is not None else None
    if num_pr is None or num_pr.numId is None:
        return None
    level = num_pr.ilvl.val if num_pr.ilvl is not None else 0
    return str(num_pr.numId.val), int(level)


def _list_definitions(part: Any) -> dict[str, ListDefinition]:
    """numbering.xml's list instances, each with its abstract definition's levels."""
    try:
        numbering = part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}
    abstracts = {
        node.get(qn("w:abstractNumId")): _levels(node)
        for node in numbering.iterchildren(qn("w:abstractNum"))
    }
    lists: dict[str, ListDefinition] = {}
    for num in numbering.iterchildren(qn("w:num")):
        abstract_id = _val(num.find(qn("w:abstractNumId")))
        overrides = {
            int(override.get(qn("w:ilvl"), "0")): int(_val(start) or "1")
            for override in num.iterchildren(qn("w:lvlOverride"))
            if (start := override.find(qn("w:startOverride"))) is not None
        }
        lists[num.get(qn("w:numId"))] = ListDefinition(
            abstract_id, abstracts.get(abstract_id, {}), overrides
        )
    return lists


def _levels(abstract: Any) -> dict[int, Level]:
    levels: dict[int, Level] = {}
    for lvl in abstract.iterchildren(qn("w:lvl")):
        levels[int(lvl.get(qn("w:ilvl"), "0"))] = Level(
            start=int(_val(lvl.find(qn("w:start"))) or "1"),
            format=_val(lvl.find(qn("w:numFmt"))) or "decimal",
            text=_val(lvl.find(qn("w:lvlText"))) or "",
            legal=lvl.find(qn("w:isLgl")) is not None,
        )
    return levels


def _val(node: Any) -> str:
    return "" if node is None else str(node.get(qn("w:val")) or "")


def _footnote_texts(part: Any) -> dict[str, str]:
    """Footnote id → its text, from the footnotes part python-docx does not model."""
    for relationship in part.rels.values():
        if relationship.reltype.endswith("/footnotes") and not relationship.is_external:
            root = etree.fromstring(relationship.target_part.blob)
            return {
                note.get(qn("w:id")): "".join(t.text or "" for t in note.iter(qn("w:t"))).strip()
                for note in root.iterchildren(qn("w:footnote"))
                if note.get(qn("w:type")) in (None, "normal")
            }
    return {}
