"""`bulletin import`: Word documents and old column pages in, draft issue files out.

Every .docx here is built in code with python-docx, in the layouts offices use; expected values
are written out by hand from what each fixture says, never taken from the importer.
"""

from __future__ import annotations

import ast
import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt

from bulletin.tools.cli import main
from conftest import PROJECT, Site, issue_text, make_site

FIXTURES = Path(__file__).parent / "fixtures"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
NAME = "化工行业安全整治行动工作信息"
OFFICE = "市化工行业安全生产整治提升专项行动工作专班"


def png(red: int) -> bytes:
    """A valid 1×1 PNG of the given red value (python-docx reads the header for its size)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + bytes([red, 0, 0]))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


class Word:
    """A bulletin written the way an office writes one in Word."""

    def __init__(self) -> None:
        self.doc = docx.Document()
        self.notes: list[str] = []

    def line(
        self, text: str, *, bold: bool = False, centered: bool = False, style: str | None = None
    ) -> Any:
        paragraph = self.doc.add_paragraph(style=style)
        if text:
            run = paragraph.add_run(text)
            run.bold = bold or None
        if centered:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return paragraph

    @classmethod
    def with_masthead(cls, name: str, number: str, office_date: str, title: str = "") -> Word:
        """A bulletin opening with its masthead, and its first article's bold centred title."""
        word = cls()
        word.masthead(name, number, office_date)
        if title:
            word.line(title, bold=True, centered=True)
        return word

    def masthead(self, name: str, number: str, office_date: str) -> None:
        """刊头: the name in large red type, 第N期, office and date, a red rule (a border)."""
        title = self.line("", centered=True)
        run = title.add_run(name)
        run.bold, run.font.size = True, Pt(36)
        self.line(number, centered=True)
        rule = self.line(office_date)
        rule._p.get_or_add_pPr().append(
            parse_xml(f'<w:pBdr {W}><w:bottom w:val="single" w:sz="18" w:color="FF0000"/></w:pBdr>')
        )

    def colophon(self) -> None:
        self.line("报：市委、市政府，省工作专班")
        self.line("送：市工作专班各成员单位")
        self.line("编辑：王晓燕　　责任编辑：李建国　　终审：张明")
        self.line("市化工行业安全生产整治提升专项行动工作专班　2023年7月25日印发")

    def add_list(self, levels: list[tuple[str, str]]) -> str:
        """A real numbering.xml definition (w:abstractNum and w:num); returns its numId."""
        numbering = self.doc.part.numbering_part.element
        abstract_id = str(900 + len(numbering.findall(qn("w:abstractNum"))))
        lvls = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
            for i, (fmt, text) in enumerate(levels)
        )
        abstract = parse_xml(
            f'<w:abstractNum {W} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'
        )
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)  # the schema puts every abstractNum first
        else:
            numbering.append(abstract)
        num_id = str(800 + len(numbering.findall(qn("w:num"))))
        numbering.append(
            parse_xml(
                f'<w:num {W} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
            )
        )
        return num_id

    def numbered(self, text: str, num_id: str, level: int, bold: bool = False) -> None:
        paragraph = self.line(text, bold=bold)
        paragraph._p.get_or_add_pPr().insert(
            0,
            parse_xml(
                f'<w:numPr {W}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
            ),
        )

    def picture(self, data: bytes) -> None:
        self.doc.add_picture(io.BytesIO(data))
        self.doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER

    def footnote(self, paragraph: Any, text: str) -> None:
        """A footnote reference at the end of `paragraph`; the part is written on save."""
        self.notes.append(text)
        run = paragraph.add_run()
        run._r.append(parse_xml(f'<w:footnoteReference {W} w:id="{len(self.notes)}"/>'))

    def save(self, path: Path) -> Path:
        if self.notes:
            self._add_footnotes_part()
        self.doc.save(str(path))
        return path

    def _add_footnotes_part(self) -> None:
        notes = "".join(
            f'<w:footnote w:id="{n}"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:footnote>'
            for n, text in enumerate(self.notes, start=1)
        )
        xml = (
            f'<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p/></w:footnote>'
            f'<w:footnote w:type="continuationSeparator" w:id="0"><w:p/></w:footnote>{notes}</w:footnotes>'
        )
        content_type = (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
        )
        part = Part(
            PackURI("/word/footnotes.xml"), content_type, xml.encode(), self.doc.part.package
        )
        self.doc.part.relate_to(part, RT.FOOTNOTES)


@dataclass
class Importer:
    """Runs `bulletin import` in-process on a column, with a folder for the input files."""

    site: Site
    capsys: pytest.CaptureFixture[str]
    folder: Path

    def run(self, *args: str) -> tuple[int, str, str]:
        """`bulletin import ARGS…`: exit status, standard output and standard error."""
        code = main(["-f", str(self.site.root / "mkdocs.yml"), "import", *args])
        captured = self.capsys.readouterr()
        return code, captured.out, captured.err

    def check(self, *args: str) -> tuple[int, str]:
        """`bulletin check ARGS…`: exit status and the problems printed."""
        code = main(["-f", str(self.site.root / "mkdocs.yml"), "check", *args])
        return code, self.capsys.readouterr().out

    def word(self, word: Word, name: str, issue: str) -> tuple[dict[str, Any], str, str]:
        """Save and import a document that must import: front matter, body and report."""
        code, out, err = self.run(str(word.save(self.folder / name)))
        assert code == 0, err
        meta, body = self.issue(issue)
        return meta, body, out

    def issue(self, relative: str) -> tuple[dict[str, Any], str]:
        """An issue file's front matter and body."""
        text = (self.site.root / relative).read_text(encoding="utf-8")
        _, meta, body = text.split("---\n", 2)
        return yaml.safe_load(meta), body

    def tree(self) -> list[str]:
        """Every file under issues/."""
        base = self.site.root / "issues"
        return (
            sorted(p.relative_to(base).as_posix() for p in base.rglob("*")) if base.exists() else []
        )


@pytest.fixture
def importer(site: Site, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Importer:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    return Importer(site, capsys, inputs)


def assert_reported(out: str, path: str, *findings: str) -> None:
    """Each finding is one whole line of the report, `path: finding`."""
    lines = out.splitlines()
    for finding in findings:
        assert f"{path}: {finding}" in lines, f"{finding!r} not in:\n{out}"


def headings(body: str) -> list[str]:
    return [line[3:] for line in body.splitlines() if line.startswith("## ")]


def after_heading(body: str, title: str) -> list[str]:
    """The paragraphs of one article, attribution line first."""
    section = body.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]
    return [part.strip("\n") for part in section.split("\n\n") if part.strip()]


# ---------------------------------------------------------------- Word layouts


def heading_styles_doc(path: Path) -> Path:
    """Heading 1 sections over Heading 2 articles; 来源 at the start and at the end."""
    word = Word.with_masthead(NAME, "第3期（总第15期）", f"{OFFICE}　　　　2023年7月25日")
    word.line("编者按：自即日起编发本刊，主要刊登各级、各部门工作动态。")
    word.line("工作动态", style="Heading 1")
    word.line("市应急局开展危化品企业专项检查", style="Heading 2")
    word.line("来源：市应急管理局")
    word.line("7月20日，市应急局组织专家对重点企业开展检查。")
    word.line("园区完成“五室”搬迁", style="Heading 2")
    word.line("截至7月底，园区内企业全部完成搬迁。（来源：市工作专班）")
    word.line("【经验做法】", bold=True, centered=True)  # a bold label over heading-styled titles
    word.line("商河县建立“四个联合”工作机制", style="Heading 2")
    word.line("商河县建立联合检查、联合执法机制。")
    word.line("（商河县应急管理局供稿）")
    word.colophon()
    return word.save(path)


def test_heading_styles_masthead_sections_and_sources(importer: Importer) -> None:
    source = heading_styles_doc(importer.folder / "第3期.docx")
    code, out, err = importer.run(str(source))
    assert code == 0, err
    assert out.splitlines()[0] == "issues/2023/03.md"
    meta, body = importer.issue("issues/2023/03.md")
    assert meta == {
        "number": 3, "date": date(2023, 7, 25), "source": OFFICE, "editor": "王晓燕",
        "reviewer": "李建国", "approver": "张明",
        "distribution": ["报：市委、市政府，省工作专班", "送：市工作专班各成员单位",
                         f"{OFFICE}　2023年7月25日印发"],
        "draft": True,
    }  # fmt: skip
    assert body.lstrip().startswith("> 编者按：自即日起编发本刊，主要刊登各级、各部门工作动态。\n")
    assert headings(body) == [
        "市应急局开展危化品企业专项检查", "园区完成“五室”搬迁", "商河县建立“四个联合”工作机制",
    ]  # fmt: skip
    assert after_heading(body, "市应急局开展危化品企业专项检查") == [
        "来源：市应急管理局 ｜ 类别：工作动态", "7月20日，市应急局组织专家对重点企业开展检查。",
    ]  # fmt: skip
    assert after_heading(body, "园区完成“五室”搬迁") == [
        "来源：市工作专班 ｜ 类别：工作动态", "截至7月底，园区内企业全部完成搬迁。",
    ]  # fmt: skip
    assert after_heading(body, "商河县建立“四个联合”工作机制") == [
        "来源：商河县应急管理局 ｜ 类别：经验做法", "商河县建立联合检查、联合执法机制。",
    ]  # fmt: skip
    # 版记: reviewers taken, distribution and printing lines kept in the front matter only.
    assert "报：" not in body and "送：" not in body and "印发" not in body
    assert_reported(
        out,
        "issues/2023/03.md",
        "已识别：期号 第3期（总第15期）",
        "已识别：版记 终审「张明」→ approver",
        "已识别：版记的报送、印发 3 行 → distribution（不在页面上显示）",
    )


def test_bold_centred_titles_with_bracketed_sources_and_chinese_date(importer: Importer) -> None:
    word = Word.with_masthead(
        "安全生产专刊",
        "第12期",
        "市工作专班编　　　　二〇二三年七月二十五日",
        title="督导帮扶第六工作组在济帮扶指导一月简述",
    )
    for text, bold, centred in (
        ("6月14日以来，督导帮扶第六工作组开展面对面帮扶5次。", False, False),
        ("一、对接市领导", True, False),  # a numbered point in bold is not a new article
        ("先后与市领导见面并交换帮扶意见。（督导帮扶第六工作组供稿）", False, False),
        ("专题辅导报告会\n举行", True, True),  # a long title broken by hand
        ("——市化工行业安全生产整治提升专项行动", False, True),  # a subtitle, not an article
        ("7月21日召开专题辅导报告会。", False, False),
        ("（来源：市工作专班）", False, False),
    ):
        word.line(text, bold=bold, centered=centred)
    meta, body, out = importer.word(word, "专刊.docx", "issues/2023/12.md")
    assert (meta["number"], meta["date"], meta["source"]) == (12, date(2023, 7, 25), "市工作专班")
    assert headings(body) == ["督导帮扶第六工作组在济帮扶指导一月简述", "专题辅导报告会举行"]
    assert after_heading(body, "督导帮扶第六工作组在济帮扶指导一月简述") == [
        "来源：督导帮扶第六工作组",
        "6月14日以来，督导帮扶第六工作组开展面对面帮扶5次。",
        "**一、对接市领导**",
        "先后与市领导见面并交换帮扶意见。",
    ]
    assert after_heading(body, "专题辅导报告会举行") == [
        "来源：市工作专班",
        "——市化工行业安全生产整治提升专项行动",
        "7月21日召开专题辅导报告会。",
    ]
    assert_reported(
        out,
        "issues/2023/12.md",
        "已识别：刊名「安全生产专刊」",
        "未识别：版记中的终审，发布前请填写 approver",
    )


def test_automatic_multilevel_numbering_is_rebuilt_as_text(importer: Importer) -> None:
    word = Word.with_masthead(
        NAME, "第4期", f"{OFFICE}　2023-08-01", title="全市整治提升工作推进情况"
    )
    outline = word.add_list(
        [
            ("chineseCounting", "%1、"),
            ("chineseCounting", "（%2）"),
            ("decimal", "%3."),
            ("decimal", "（%4）"),
        ]
    )
    word.numbered("压实工作责任", outline, 0, bold=True)
    word.numbered("健全工作机制", outline, 1)
    word.numbered("加强督导检查", outline, 1)
    word.numbered("每月通报一次", outline, 2)
    word.numbered("重点任务清单", outline, 3)
    word.numbered("重点任务台账", outline, 3)
    word.numbered("每周调度一次", outline, 2)
    word.numbered("强化宣传引导", outline, 0, bold=True)
    word.numbered("利用各种媒体", outline, 1)
    word.line("以上情况，特此通报。")
    _meta, body, _out = importer.word(word, "4.docx", "issues/2023/04.md")
    assert headings(body) == ["全市整治提升工作推进情况"]
    assert after_heading(body, "全市整治提升工作推进情况") == [
        "**一、压实工作责任**",
        "（一）健全工作机制",
        "（二）加强督导检查",
        "1\\.每月通报一次",  # escaped: "1." at the start of a line would begin a Markdown list
        "（1）重点任务清单",
        "（2）重点任务台账",
        "2\\.每周调度一次",
        "**二、强化宣传引导**",
        "（一）利用各种媒体",
        "以上情况，特此通报。",
    ]


def test_table_bold_line_breaks_footnote_and_markdown_escaping(importer: Importer) -> None:
    word = Word.with_masthead(
        NAME, "第5期", f"{OFFICE}　2023年8月8日", title="隐患排查*整治*情况 #1"
    )
    lead = word.line("各区县排查隐患情况见下表。标有*的为重大隐患")
    word.footnote(lead, "数据截至2023年8月7日。")
    table = word.doc.add_table(rows=3, cols=3)
    rows = [
        ("区县", "排查隐患", "整改情况"),
        ("历下区", "12", "已整改 10\n整改中 2"),
        ("商河县", "8", "全部整改"),
    ]
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.paragraphs[0].add_run(value)
    table.rows[0].cells[0].paragraphs[0].runs[0].bold = True
    follow_up = word.line("下一步将持续跟踪<整改>进度，")
    follow_up.add_run("确保按期销号", style="Strong")  # bold by character style
    follow_up.add_run("。")
    _meta, body, _out = importer.word(word, "5.docx", "issues/2023/05.md")
    # The title is written as it is: the site reads headings as plain text, so * and # show as such.
    assert headings(body) == ["隐患排查*整治*情况 #1"]
    assert after_heading(body, "隐患排查*整治*情况 #1") == [
        "各区县排查隐患情况见下表。标有\\*的为重大隐患〔注1〕",
        "| **区县** | 排查隐患 | 整改情况 |\n| --- | --- | --- |\n"
        "| 历下区 | 12 | 已整改 10<br>整改中 2 |\n| 商河县 | 8 | 全部整改 |",
        "下一步将持续跟踪&lt;整改>进度，**确保按期销号**。",  # "<" would open raw HTML
        "〔注1〕数据截至2023年8月7日。",
    ]


def test_images_saved_beside_the_issue_with_caption_as_alt_text(importer: Importer) -> None:
    word = Word.with_masthead(NAME, "第3期", f"{OFFICE}　2023年7月25日", title="专项检查现场")
    word.line("检查组深入企业一线。")
    word.picture(png(200))
    word.line("图为检查组在中控室检查", centered=True)
    word.line("检查组还查看了应急演练记录。")
    word.picture(png(100))
    word.line("检查共发现隐患12项，已全部交办。")
    _meta, body, out = importer.word(word, "3.docx", "issues/2023/03.md")
    folder = importer.site.root / "issues/2023"
    assert (folder / "03-1.png").read_bytes() == png(200)
    assert (folder / "03-2.png").read_bytes() == png(100)
    assert after_heading(body, "专项检查现场") == [
        "检查组深入企业一线。",
        "![图为检查组在中控室检查](03-1.png)",
        "检查组还查看了应急演练记录。",
        "![](03-2.png)",  # no caption in the document: no invented alt text
        "检查共发现隐患12项，已全部交办。",
    ]
    assert (
        "issues/2023/03.md: 未识别：图片 03-2.png 的图注（替代文字为空，请补写图片内容说明）" in out
    )
    # `bulletin check` then names the image without alt text.
    _code, checked = importer.check()
    assert "issues/2023/03.md:" in checked and "图片「03-2.png」缺少替代文字" in checked
    assert "03-1.png" not in checked


def test_round_trip_passes_strict_check_and_builds_the_same_articles(importer: Importer) -> None:
    word = Word.with_masthead(NAME, "第3期（总第15期）", f"{OFFICE}　　2023年7月25日")
    word.line("编者按：本期刊登督导帮扶情况。")
    word.line("督导帮扶", style="Heading 1")
    word.line("督导帮扶第六工作组在济帮扶指导", style="Heading 2")
    outline = word.add_list([("chineseCounting", "%1、"), ("chineseCounting", "（%2）")])
    word.numbered("对接市领导", outline, 0)
    word.numbered("审定整治方案", outline, 1)
    word.line("帮扶组将每月现场督导一次。（督导帮扶第六工作组供稿）")
    word.line("专题辅导报告会举行", style="Heading 2")
    word.line("来源：市应急管理局")
    word.picture(png(50))
    word.line("图为报告会现场", centered=True)
    table = word.doc.add_table(rows=2, cols=2)
    for row, values in zip(table.rows, [("项目", "数量"), ("任务清单", "179")], strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    word.colophon()
    code, _out, err = importer.run(str(word.save(importer.folder / "3.docx")))
    assert code == 0, err
    path = importer.site.root / "issues/2023/03.md"
    # An editor's review: the 版记 already named the reviewers; the draft flag comes off.
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    code, checked = importer.check("--strict")
    assert code == 0, checked
    result = importer.site.build("--strict")
    assert result.returncode == 0, result.stderr
    html = importer.site.html("issues/2023/3/index.html")
    assert "本期刊登督导帮扶情况。" in html
    for title in ("督导帮扶第六工作组在济帮扶指导", "专题辅导报告会举行"):
        assert f'id="{title}"' in html
    assert "督导帮扶第六工作组</a>" in html and "市应急管理局</a>" in html
    assert "一、对接市领导" in html and "（一）审定整治方案" in html
    assert 'alt="图为报告会现场"' in html and "<td>任务清单</td>" in html
    assert (importer.site.root / "site/issues/2023/03-1.png").read_bytes() == png(50)


TEXT_BOX = (
    '<w:r {w} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent>'
    '<mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx><w:txbxContent>{paragraphs}'
    "</w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice>"
    "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{paragraphs}"
    "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
)


def test_tracked_changes_and_content_controls_read_as_word_shows_them(importer: Importer) -> None:
    word = Word.with_masthead(
        NAME, "第8期", f"{OFFICE}　2023年9月1日", title="园区整治提升有序推进"
    )
    changed = word.line("各园区")
    changed._p.append(
        parse_xml(f'<w:ins {W} w:id="1" w:author="a"><w:r><w:t>对照标准</w:t></w:r></w:ins>')
    )
    changed._p.append(
        parse_xml(
            f'<w:del {W} w:id="2" w:author="a"><w:r><w:delText>草草</w:delText></w:r></w:del>'
        )
    )
    changed.add_run("逐项整改。")
    control = parse_xml(
        f"<w:sdt {W}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>已完成整改任务85项。</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    word.doc.element.body.insert(len(word.doc.element.body) - 1, control)  # before w:sectPr
    _meta, body, _out = importer.word(word, "8.docx", "issues/2023/08.md")
    assert after_heading(body, "园区整治提升有序推进") == [
        "各园区对照标准逐项整改。",
        "已完成整改任务85项。",
    ]


def test_masthead_in_a_text_box_is_read_once(importer: Importer) -> None:
    word = Word()
    lines = (NAME, "2023年第6期")
    paragraphs = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in lines)
    word.line("")._p.append(parse_xml(TEXT_BOX.format(w=W, paragraphs=paragraphs)))
    word.line("市工作专班　　2023年9月5日")
    word.line("园区整治提升有序推进", bold=True, centered=True)
    word.line("各园区对照标准逐项整改。")
    meta, body, out = importer.word(word, "6.docx", "issues/2023/06.md")
    assert (meta["number"], meta["date"], meta["source"]) == (6, date(2023, 9, 5), "市工作专班")
    assert NAME not in body and "第6期" not in body
    assert headings(body) == ["园区整治提升有序推进"]
    assert_reported(out, "issues/2023/06.md", f"已识别：刊名「{NAME}」")


def test_masthead_laid_out_in_a_table_with_a_red_rule_picture(importer: Importer) -> None:
    word = Word()
    table = word.doc.add_table(rows=3, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = NAME
    table.cell(1, 0).merge(table.cell(1, 1)).text = "2023年第12期（总第40期）"
    table.cell(2, 0).text = "市工作专班编"
    table.cell(2, 1).text = "2024年1月5日"
    word.picture(png(255))  # the red rule, drawn as a picture
    word.line("编者按：岁末年初，安全生产不放松。")
    word.line("节前安全检查", bold=True, centered=True)
    word.line("各区县开展节前安全检查。")
    colophon = word.doc.add_table(rows=2, cols=1)  # the 版记 laid out in a ruled table
    colophon.cell(0, 0).text = "报：市委、市政府\n送：各区县工作专班"
    colophon.cell(1, 0).text = "编辑：王晓燕　责任编辑：李建国　终审：张明"
    code, out, err = importer.run(str(word.save(importer.folder / "12.docx")))
    assert code == 0, err
    path = "issues/2024/12.md"  # the date's year folder, and a warning that the number is 2023's
    meta, body = importer.issue(path)
    assert (meta["number"], meta["date"], meta["source"]) == (12, date(2024, 1, 5), "市工作专班")
    assert (meta["editor"], meta["reviewer"], meta["approver"]) == ("王晓燕", "李建国", "张明")
    assert after_heading(body, "节前安全检查") == ["各区县开展节前安全检查。"]
    assert body.lstrip().startswith("> 编者按：岁末年初，安全生产不放松。\n")
    assert "![" not in body and not list((importer.site.root / "issues/2024").glob("*.png"))
    assert_reported(
        out, path, "已识别：期号 第12期（总第40期）", "未识别：刊头中的 1 个图形（徽标、红线等，未导入）",
        "警告: 刊头为 2023 年第12期，日期 2024-01-05 却在 2024 年，已放入 2024 年目录；请核对，或用 --date、--number 指定",
    )  # fmt: skip


MASTHEADS = [
    (
        [NAME, "第3期（总第15期）", f"{OFFICE}　　2023年7月25日"],
        (NAME, 3, 15, date(2023, 7, 25), OFFICE, ""),
    ),
    (
        ["安全生产专刊", "第十二期", "市工作专班编　二〇二三年十二月三十一日"],
        ("安全生产专刊", 12, None, date(2023, 12, 31), "市工作专班", ""),
    ),
    (
        ["内部资料　注意保存", "工作信息", "2024年第1期", "市应急局　2024-01-03"],
        ("工作信息", 1, None, date(2024, 1, 3), "市应急局", ""),
    ),
    (
        ["工作简报·第 7 期", "发布日期：2023.8.1　信息来源：县工作专班　浏览次数：3"],
        ("工作简报", 7, None, date(2023, 8, 1), "", "县工作专班"),  # 信息来源, not 编发单位
    ),
]


@pytest.mark.parametrize(("lines", "expected"), MASTHEADS)
def test_masthead_forms(lines: list[str], expected: tuple[object, ...]) -> None:
    from bulletin.core.importing.masthead import read_masthead

    masthead = read_masthead([*lines, "编者按：正文开始。"])
    assert (
        masthead.name,
        masthead.number,
        masthead.total,
        masthead.date,
        masthead.office,
        masthead.source,
    ) == expected
    assert masthead.lines == len(lines)


# ---------------------------------------------------------------- old column pages


def test_reference_page_of_the_old_column(importer: Importer) -> None:
    code, out, err = importer.run(str(FIXTURES / "000_abde1949c4ae55af.txt"))
    assert code == 0, err
    meta, body = importer.issue("issues/2023/03.md")
    assert (meta["number"], meta["date"], meta["source"]) == (
        3,
        date(2023, 7, 25),
        "济南市应急管理局",
    )
    assert body.lstrip().startswith("> 编者按：根据国务院安委办督导帮扶组、省工作专班要求")
    assert headings(body) == [
        "国务院安委办督导帮扶第六工作组在济帮扶指导一月简述",
        "国务院安委办督导帮扶第六工作组汇报济南工作获孙广宇部长高度评价",
        "市化工行业安全生产整治提升专项行动专题辅导报告会举行",
        "工作动态",
    ]
    for chrome in ("打印本页", "关闭窗口", "无障碍浏览", "浏览次数", "Produced By"):
        assert chrome not in body
    assert_reported(
        out, "issues/2023/03.md", "已识别：刊名「市化工行业安全生产整治提升专项行动专刊」",
        "警告: 刊名「市化工行业安全生产整治提升专项行动专刊」与栏目设置的刊名「工作信息」不同，"
        "页面标题将是「工作信息·第N期」；需要保留原刊名时请填写 title",
    )  # fmt: skip


GOV_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">
<meta name="ArticleTitle" content="化工行业安全整治行动工作信息·第5期">
<meta name="PubDate" content="2023-09-01 09:30">
<meta name="ContentSource" content="市化工行业安全生产整治提升专项行动工作专班">
<title>第5期</title><script>var x = "打印本页";</script></head>
<body><div class="top">欢迎访问济南市应急管理局！ <a href="#">无障碍浏览</a></div>
<div class="position">当前位置：首页 &gt; 专项行动专栏</div>
<ul class="menu"><li><a href="/">首页</a></li><li><a href="/a">专栏介绍</a></li><li><a href="/b">工作动态</a></li></ul>
<h1>化工行业安全整治行动工作信息·第5期</h1>
<div class="info">发布日期：2023-08-31 信息来源：网站编辑部 浏览次数：12</div>
<div class="content">
<p>编者按：本期聚焦园区整治。</p>
<p style="text-align:center"><strong>化工园区整治提升有序推进</strong></p>
<p>各园区对照标准逐项整改，已完成整改任务85项。</p>
<p><strong>经验做法交流会召开</strong></p>
<p>8月30日召开经验做法交流会。</p>
<p>（市工作专班供稿）</p>
</div>
<div class="related"><a href="/c">市应急局召开安全生产会议</a></div>
<div class="tools">【打印本页】 【关闭窗口】</div>
<div class="footer">主办单位：济南市应急管理局 版权所有 网站标识码3701000000</div>
</body></html>"""


def test_government_page_meta_tags_win_over_its_text(importer: Importer) -> None:
    page = importer.folder / "art_5.html"
    page.write_bytes(GOV_PAGE.encode("gbk"))  # old CMS pages are usually GBK
    code, _out, err = importer.run(str(page))
    assert code == 0, err
    meta, body = importer.issue("issues/2023/05.md")
    assert (meta["number"], meta["date"], meta["source"]) == (5, date(2023, 9, 1), OFFICE)
    assert body.lstrip().startswith("> 编者按：本期聚焦园区整治。\n")
    assert headings(body) == ["化工园区整治提升有序推进", "经验做法交流会召开"]
    assert after_heading(body, "经验做法交流会召开") == [
        "来源：市工作专班",
        "8月30日召开经验做法交流会。",
    ]
    for chrome in (
        "欢迎访问",
        "当前位置",
        "专栏介绍",
        "安全生产会议",
        "打印本页",
        "版权所有",
        "var x",
    ):
        assert chrome not in body


def test_folder_of_pages_imports_in_date_order_as_a_series(importer: Importer) -> None:
    folder = importer.folder / "old"
    folder.mkdir()
    for name, number, day in (
        ("a.txt", 4, "2023-08-01"),
        ("b.txt", 1, "2023-07-01"),
        ("c.txt", 2, "2023-07-15"),
    ):
        text = f"工作信息·第{number}期\n发布日期:{day} 信息来源:市工作专班\n\n第{number}期要闻\n\n正文。\n"
        (folder / name).write_text(text, encoding="utf-8")
    code, out, err = importer.run(str(folder))
    assert code == 0, err
    paths = [line for line in out.splitlines() if ":" not in line]
    assert paths == ["issues/2023/01.md", "issues/2023/02.md", "issues/2023/04.md"]
    # The same number twice in one folder: the later page is refused, the earlier one kept.
    (folder / "d.txt").write_text(
        "工作信息·第4期\n发布日期:2023-08-02\n\n要闻\n\n另一期。\n", encoding="utf-8"
    )
    code, out, err = importer.run(str(folder), "--force")
    assert code == 1
    assert f"{folder / 'd.txt'}: 与同时导入的 {folder / 'a.txt'} 都是 issues/2023/04.md" in err
    assert "另一期" not in (importer.site.root / "issues/2023/04.md").read_text(encoding="utf-8")
    assert_reported(out, "issues/2023/04.md", "警告: 期号不连续：第2期（02.md）之后是第4期")


# ---------------------------------------------------------------- bad input


def corrupt_docx(path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    path.write_bytes(buffer.getvalue())


BAD_FILES = [
    ("renamed.docx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "这是 PDF 文件，不是 Word 文档"),
    (
        "old.doc",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504,
        "设置了打开密码的 Word 文档，或旧版 .doc 格式",
    ),
    (
        "locked.docx",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504,
        "请在 Word 或 WPS 中取消密码后",
    ),
    ("broken.docx", b"PK\x03\x04 truncated", "不是有效的 .docx 文件"),
    ("zero.docx", b"", "文件是空的"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_FILES)
def test_unreadable_files_get_a_chinese_reason_and_write_nothing(
    importer: Importer,
    name: str,
    data: bytes,
    message: str,
) -> None:
    bad = importer.folder / name
    bad.write_bytes(data)
    code, out, err = importer.run(str(bad))
    assert code == 1 and out == ""
    assert err.startswith(f"{bad}: ") and message in err
    assert importer.tree() == []


def test_damaged_package_and_empty_document_write_nothing(importer: Importer) -> None:
    damaged = importer.folder / "damaged.docx"
    corrupt_docx(damaged)
    empty = Word().save(importer.folder / "empty.docx")
    code, out, err = importer.run(str(damaged), str(empty))
    assert code == 1 and out == ""
    assert f"{damaged}: 文档已损坏，无法打开" in err
    assert f"{empty}: 文档是空的，没有可导入的文字、表格或图片" in err
    assert importer.tree() == []


def test_document_without_masthead_is_imported_with_what_was_found(importer: Importer) -> None:
    word = Word()
    word.line("园区完成“五室”搬迁", bold=True, centered=True)
    word.line("截至7月底，园区内企业全部完成搬迁。")
    code, out, err = importer.run(str(word.save(importer.folder / "无刊头.docx")))
    assert code == 0, err
    year = date.today().year
    path = f"issues/{year}/01.md"
    assert out.splitlines()[0] == path
    for missing in ("期号（刊头中的「第N期」）", "日期", "编发单位"):
        assert f"{path}: 未识别：{missing}" in out
    meta, body = importer.issue(path)
    assert meta["number"] == 1 and meta["source"] == "市工作专班"  # the column's publisher
    assert headings(body) == ["园区完成“五室”搬迁"]


def test_existing_issue_is_kept_unless_forced_and_numbers_can_be_overridden(
    importer: Importer,
) -> None:
    source = heading_styles_doc(importer.folder / "3.docx")
    existing = importer.site.write("issues/2023/03.md", "编辑写好的第3期\n")
    code, out, err = importer.run(str(source))
    assert code == 1 and out == ""
    assert f"{source}: issues/2023/03.md 已存在，未覆盖；确认要替换时加 --force" in err
    assert existing.read_text(encoding="utf-8") == "编辑写好的第3期\n"
    code, out, _err = importer.run(str(source), "--number", "7", "--date", "2023-07-20")
    assert code == 0 and out.splitlines()[0] == "issues/2023/07.md"
    assert importer.issue("issues/2023/07.md")[0]["date"] == date(2023, 7, 20)
    code, out, _err = importer.run(str(source), "--force")
    assert code == 0 and out.splitlines()[0] == "issues/2023/03.md"
    assert_reported(
        out, "issues/2023/03.md", "警告: 日期 2023-07-25 晚于第7期（issues/2023/07.md，2023-07-20）"
    )


def test_number_taken_in_a_continuous_series_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site(tmp_path / "site", plugin={"numbering": "continuous"})
    importer = Importer(site, capsys, tmp_path)
    site.write("issues/2022/03.md", issue_text(3, "2022-12-01"))
    source = heading_styles_doc(tmp_path / "3.docx")
    code, _out, err = importer.run(str(source))
    assert code == 1
    assert f"{source}: 期号 3 已被 issues/2022/03.md 使用；请用 --number 指定其他期号" in err
    assert not (site.root / "issues/2023").exists()


def test_core_importing_does_not_import_mkdocs_markdown_or_jinja() -> None:
    for module in (PROJECT / "scripts/bulletin/core/importing").glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        names = [
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        ]
        names += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        assert not [n for n in names if n.split(".")[0] in ("mkdocs", "markdown", "jinja2")], module


# ---------------------------------------------------------------- reviewers, captions, 版记 kept


def styled(word: Word, text: str, *, font: str | None = None, size: float | None = None,
           centered: bool = False) -> Any:  # fmt: skip
    """A paragraph in the East Asian font and size given (as offices set captions by hand)."""
    paragraph = word.line("", centered=centered)
    run = paragraph.add_run(text)
    if size is not None:
        run.font.size = Pt(size)
    if font is not None:
        run._r.get_or_add_rPr().append(
            parse_xml(f'<w:rFonts {W} w:ascii="{font}" w:eastAsia="{font}" w:hAnsi="{font}"/>')
        )
    return paragraph


def body_in_16pt(word: Word) -> None:
    """Body text in 三号 (16 pt), as 公文 are set."""
    word.doc.styles["Normal"].font.size = Pt(16)


@pytest.mark.parametrize(
    "chain",
    [
        "(编辑:王晓燕 ; 责任编辑:李建国 ; 终审:张明)",
        "（终审：张明；编辑：王晓燕；责任编辑：李建国）",
        "(责任编辑：李建国，终审:张明，编辑：王晓燕)",
        "（编辑:王晓燕　责任编辑:李建国　终审:张明）",
        "(编辑: 王晓燕 、 责任编辑: 李建国 、 终审: 张明)",
        "(初审:王晓燕 复审:李建国 签发:张明)",
    ],
)
def test_parenthesised_reviewers_line_at_the_end(importer: Importer, chain: str) -> None:
    word = Word.with_masthead(NAME, "第4期", f"{OFFICE}　2023年8月1日", title="园区整治有序推进")
    word.line("各园区对照标准逐项整改。")
    word.line(chain)
    meta, body, out = importer.word(word, "4.docx", "issues/2023/04.md")
    assert (meta["editor"], meta["reviewer"], meta["approver"]) == ("王晓燕", "李建国", "张明")
    assert "distribution" not in meta
    assert after_heading(body, "园区整治有序推进") == ["各园区对照标准逐项整改。"]
    for name in ("王晓燕", "李建国", "张明", "编辑"):
        assert name not in body
    assert_reported(out, "issues/2023/04.md", "已识别：版记 责任编辑「李建国」→ reviewer")


def test_reviewers_line_before_the_distribution_lines(importer: Importer) -> None:
    word = Word.with_masthead(NAME, "第4期", f"{OFFICE}　2023年8月1日", title="园区整治有序推进")
    word.line("各园区对照标准逐项整改。")
    word.line("（编辑：王晓燕；责任编辑：李建国；终审：张明）")
    word.line("报送：市委办公厅，市政府办公厅")
    word.line("印发：市工作专班各成员单位")
    meta, body, _out = importer.word(word, "4.docx", "issues/2023/04.md")
    assert (meta["editor"], meta["reviewer"], meta["approver"]) == ("王晓燕", "李建国", "张明")
    assert meta["distribution"] == ["报送：市委办公厅，市政府办公厅", "印发：市工作专班各成员单位"]
    assert "报送" not in body and "王晓燕" not in body


@pytest.mark.parametrize(
    "line",
    ["（摄影：王晓燕）", "(记者：王晓燕)", "编辑部将继续跟踪报道。"],
)
def test_a_line_that_only_looks_like_reviewers_stays_in_the_body(
    importer: Importer, line: str
) -> None:
    word = Word.with_masthead(NAME, "第4期", f"{OFFICE}　2023年8月1日", title="园区整治有序推进")
    word.line("各园区对照标准逐项整改。")
    word.line(line)
    meta, body, _out = importer.word(word, "4.docx", "issues/2023/04.md")
    assert meta["editor"] is None and line in body


CAPTIONS = {
    "centred 楷体, smaller, a full sentence": (
        dict(font="楷体_GB2312", size=14, centered=True), "图为督导组在企业中控室检查。"),
    "楷体 at the left": (dict(font="KaiTi"), "督导组查看应急物资储备情况"),
    "smaller, at the left": (dict(size=12), "园区消防演练现场，参演人员进行疏散。"),
    "starting （图）": ({}, "（图）市应急局召开专题会议"),
    "centred, body type": (dict(centered=True), "专题辅导报告会现场"),
}  # fmt: skip


@pytest.mark.parametrize("variant", list(CAPTIONS))
def test_caption_under_a_picture_becomes_its_alt_text(importer: Importer, variant: str) -> None:
    setting, caption = CAPTIONS[variant]
    word = Word.with_masthead(NAME, "第5期", f"{OFFICE}　2023年8月8日", title="专项检查现场")
    body_in_16pt(word)
    word.line("检查组深入企业一线。")
    word.picture(png(30))
    styled(word, caption, **setting)
    word.line("检查共发现隐患12项，已全部交办。")
    _meta, body, _out = importer.word(word, "5.docx", "issues/2023/05.md")
    expected_alt = caption.replace("*", "\\*")
    assert after_heading(body, "专项检查现场")[-3:] == [
        "检查组深入企业一线。",
        f"![{expected_alt}](05-1.png)",
        "检查共发现隐患12项，已全部交办。",
    ]


def test_caption_after_a_line_break_in_the_picture_paragraph(importer: Importer) -> None:
    word = Word.with_masthead(NAME, "第5期", f"{OFFICE}　2023年8月8日", title="专项检查现场")
    word.line("检查组深入企业一线。")
    word.picture(png(30))
    paragraph = word.doc.paragraphs[-1]
    paragraph.add_run().add_break()
    paragraph.add_run("图为检查组在中控室检查")
    _meta, body, _out = importer.word(word, "5.docx", "issues/2023/05.md")
    assert "![图为检查组在中控室检查](05-1.png)" in body.splitlines()


@pytest.mark.parametrize(
    "following",
    [
        dict(text="下一篇文章的标题", bold=True, centered=True),  # the next title, not a caption
        dict(text="检查组随后召开反馈会，通报检查发现的问题。", centered=False),
    ],
)
def test_paragraph_under_a_picture_that_is_no_caption(
    importer: Importer, following: dict[str, Any]
) -> None:
    word = Word.with_masthead(NAME, "第5期", f"{OFFICE}　2023年8月8日", title="专项检查现场")
    body_in_16pt(word)
    word.line("检查组深入企业一线。")
    word.picture(png(30))
    word.line(following["text"], bold=following.get("bold", False),
              centered=following["centered"])  # fmt: skip
    _meta, body, _out = importer.word(word, "5.docx", "issues/2023/05.md")
    assert "![](05-1.png)" in body.splitlines()


def test_news_release_layout_round_trip_passes_check_and_builds(importer: Importer) -> None:
    """Captions in 楷体 under pictures, the reviewers in brackets, a 版记 with 报送/印发: with
    only `draft: true` removed, the issue passes a strict check and builds; the 报送/印发 lines
    stay in the front matter and are not on the page."""
    word = Word.with_masthead(NAME, "第6期", f"{OFFICE}　2023年8月15日")
    body_in_16pt(word)
    word.line("编者按：本期刊登汛期安全检查情况。")
    word.line("汛期安全检查全面展开", bold=True, centered=True)
    word.line("8月10日起，各区县对重点企业开展汛期安全检查。（市应急管理局供稿）")
    word.picture(png(60))
    styled(word, "图为检查组查看排水设施。", font="楷体", size=14, centered=True)
    word.line("园区应急演练举行", bold=True, centered=True)
    word.line("8月12日，化工园区举行防汛应急演练。")
    word.picture(png(90))
    styled(word, "（图）演练现场", size=12)
    word.line("(编辑:王晓燕 ; 责任编辑:李建国 ; 终审:张明)")
    word.line("报：市委、市政府")
    word.line(f"{OFFICE}　2023年8月15日印发")
    code, _out, err = importer.run(str(word.save(importer.folder / "6.docx")))
    assert code == 0, err
    path = importer.site.root / "issues/2023/06.md"
    text = path.read_text(encoding="utf-8")
    assert "distribution:\n- 报：市委、市政府\n" in text
    path.write_text(text.replace("draft: true\n", ""), encoding="utf-8")
    code, checked = importer.check("--strict")
    assert code == 0, checked
    result = importer.site.build("--strict")
    assert result.returncode == 0, result.stderr
    html = importer.site.html("issues/2023/6/index.html")
    assert 'alt="图为检查组查看排水设施。"' in html and 'alt="（图）演练现场"' in html
    assert "报：市委" not in html and "印发" not in html
    assert "王晓燕" in html  # the reviewers are shown where the page shows them


def test_the_masthead_office_is_the_publisher_and_source_follows_the_last_issue(
    importer: Importer,
) -> None:
    """编发单位 is the column's; the issue's 信息来源 comes from a labelled line, else the
    previous issue, and the report says which (the guide's term for each)."""
    importer.site.write("issues/2023/02.md", issue_text(2, "2023-07-18"))  # source 市应急管理局
    word = Word.with_masthead(NAME, "第3期", f"{OFFICE}　2023年7月25日", title="专项检查")
    word.line("检查组深入企业一线。")
    meta, _body, out = importer.word(word, "3.docx", "issues/2023/03.md")
    assert meta["source"] == "市应急管理局"
    assert_reported(
        out, "issues/2023/03.md",
        f"已识别：编发单位「{OFFICE}」",
        "未识别：信息来源暂用上一期专刊的信息来源「市应急管理局」，请核对 source",
        f"警告: 刊头的编发单位「{OFFICE}」与栏目设置的编发单位「市工作专班」不同；"
        "页面显示「市工作专班」（mkdocs.yml 的 publisher）",
    )  # fmt: skip
