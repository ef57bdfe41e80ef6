"""Reading an issue's Markdown body: the 编者按, the articles and their attribution lines, images.

The body is read line by line rather than through a full Markdown parse: the structure the
contract fixes (a leading blockquote, `## ` headings, a first paragraph) is line-shaped, and this
keeps line numbers exact for editors' messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .images import hidden_images, html_image, html_img_tags, is_blank
from .model import Asset, Attribution
from .problems import Problem, Severity
from .safety import is_regular_file
from .slugs import split_explicit_id, unique_anchor

_NOTE_LABEL = re.compile(r"^编者按\s*[:：]\s*")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src><[^>]*>|[^)\s]*)(?:\s+[\"'][^)]*)?\)")
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\((?P<src><[^>]*>|[^)\s]+)(?:\s+[\"'][^)]*)?\)")


@dataclass
class ArticleDraft:
    """An article as read from the body, before the issue it belongs to is known."""

    title: str
    anchor: str
    attribution: Attribution | None
    body: str
    line: int


@dataclass
class ParsedBody:
    editor_note: str | None = None
    preamble: str = ""
    articles: list[ArticleDraft] = field(default_factory=list)
    assets: list[Asset] = field(default_factory=list)
    links: list[tuple[str, int]] = field(default_factory=list)  # (target, line) of page links
    problems: list[Problem] = field(default_factory=list)


@dataclass
class _Line:
    text: str
    number: int
    in_code: bool


def parse_body(body: str, first_line: int, path: str, folder: Path) -> ParsedBody:
    """Split a body into 编者按, preamble and articles, checking images and attribution lines."""
    lines = _number_lines(body, first_line)
    parsed = ParsedBody()
    start = _read_editor_note(lines, parsed)
    sections = _split_sections(lines[start:])
    parsed.preamble = _join(sections[0])
    taken: set[str] = set()
    for position, section in enumerate(sections[1:], start=1):
        parsed.articles.append(_read_article(section, position, taken, path, parsed.problems))
    for line in lines:
        if not line.in_code:
            _check_line(line, path, folder, parsed)
    for alt, src, number in hidden_images(lines):  # reference-style, or split over lines
        _check_image(alt, src, number, path, folder, parsed)
    return parsed


def _number_lines(body: str, first_line: int) -> list[_Line]:
    numbered, in_code = [], False
    for offset, text in enumerate(body.split("\n")):
        fence = bool(_FENCE.match(text))
        numbered.append(_Line(text, first_line + offset, in_code or fence))
        if fence:
            in_code = not in_code
    return numbered


def _join(lines: list[_Line]) -> str:
    return "\n".join(line.text for line in lines).strip("\n")


def _read_editor_note(lines: list[_Line], parsed: ParsedBody) -> int:
    """Take a leading blockquote that starts with 编者按; return the index after it."""
    i = 0
    while i < len(lines) and not lines[i].text.strip():
        i += 1
    quote: list[str] = []
    j = i
    while j < len(lines) and lines[j].text.lstrip().startswith(">") and not lines[j].in_code:
        quote.append(re.sub(r"^\s*>\s?", "", lines[j].text))
        j += 1
    text = "\n".join(quote).strip()
    if not _NOTE_LABEL.match(text):
        return 0
    parsed.editor_note = _NOTE_LABEL.sub("", text, count=1)
    return j


def _split_sections(lines: list[_Line]) -> list[list[_Line]]:
    sections: list[list[_Line]] = [[]]
    for line in lines:
        if not line.in_code and re.match(r"^##(?!#)\s", line.text):
            sections.append([])
        sections[-1].append(line)
    return sections


def _read_article(
    section: list[_Line], position: int, taken: set[str], path: str, problems: list[Problem]
) -> ArticleDraft:
    heading = section[0]
    raw_title = re.sub(r"^##\s+", "", heading.text).rstrip().rstrip("#").rstrip()
    title, explicit_id = split_explicit_id(raw_title)
    if not title:
        problems.append(Problem(path, heading.number, "标题", "文章标题为空"))
    if explicit_id:
        if explicit_id in taken:
            problems.append(Problem(path, heading.number, "标题", f"锚点「{explicit_id}」重复"))
        taken.add(explicit_id)
        anchor = explicit_id
    else:
        anchor = unique_anchor(title, taken, fallback=f"article-{position}")
    rest = section[1:]
    attribution, rest = _read_attribution(rest, path, problems)
    return ArticleDraft(title, anchor, attribution, _join(rest), heading.number)


def _read_attribution(
    lines: list[_Line], path: str, problems: list[Problem]
) -> tuple[Attribution | None, list[_Line]]:
    """Take the first paragraph if it is an attribution line (来源:单位 | 类别:类别)."""
    i = 0
    while i < len(lines) and not lines[i].text.strip():
        i += 1
    if i == len(lines) or lines[i].in_code or not lines[i].text.strip().startswith("来源"):
        return None, lines
    first = lines[i]
    continued = i + 1 < len(lines) and lines[i + 1].text.strip()
    fields, problem = parse_attribution(first.text.strip())
    if continued and problem is None:
        problem = "来源行应独占一段，后面空一行"
    if problem is not None:
        problems.append(Problem(path, first.number, "来源", problem))
        return None, lines[i + 1 :]
    return Attribution(explicit=True, **fields), lines[i + 1 :]


_ATTRIBUTION_KEYS = {"类别": "category", "原文": "original_url", "作者": "author"}
_ATTRIBUTION_FORM = (
    "来源行格式应为「来源:单位」，可再加「 | 类别:类别」「 | 原文:网址」「 | 作者:姓名」"
)


def parse_attribution(line: str) -> tuple[dict[str, str], str | None]:
    """Read `来源:单位 | 类别:… | 原文:… | 作者:…` into fields, or say what is wrong."""
    parts = re.split(r"\s*[|｜]\s*", line)
    head = re.match(r"^来源\s*[:：]\s*(.+)$", parts[0])
    if head is None:
        return {}, _ATTRIBUTION_FORM
    fields = {"source": head.group(1).strip()}
    for part in parts[1:]:
        pair = re.match(r"^(\S+?)\s*[:：]\s*(.*)$", part)
        key = _ATTRIBUTION_KEYS.get(pair.group(1)) if pair else None
        if pair is None or key is None:
            return {}, f"无法识别「{part}」；{_ATTRIBUTION_FORM}"
        if not pair.group(2).strip():
            return {}, f"「{pair.group(1)}:」后面没有内容"
        fields[key] = pair.group(2).strip()
    url = fields.get("original_url")
    if url is not None and not re.match(r"^https?://\S+$", url):
        return {}, f"原文网址「{url}」应以 http:// 或 https:// 开头"
    return fields, None


def _check_line(line: _Line, path: str, folder: Path, parsed: ParsedBody) -> None:
    if re.match(r"^#(?!#)\s", line.text):
        parsed.problems.append(
            Problem(
                path,
                line.number,
                "标题",
                "正文不应使用一级标题（#），文章标题请用 ##",
                Severity.WARNING,
            )
        )
    for match in _IMAGE.finditer(line.text):
        _check_image(match.group("alt"), match.group("src"), line.number, path, folder, parsed)
    for _, tag in html_img_tags(line.text):
        _check_image(*html_image(tag), line.number, path, folder, parsed)
    for match in _LINK.finditer(line.text):
        _collect_attachment(match.group("src"), line.number, path, folder, parsed)


def _check_image(
    alt: str, src: str, number: int, path: str, folder: Path, parsed: ParsedBody
) -> None:
    if is_blank(alt):  # as readers get it: "&#32;" or a zero-width space is no text
        parsed.problems.append(
            Problem(
                path, number, "图片", f"图片「{src}」缺少替代文字，请写成 ![图片内容说明]({src})"
            )
        )
    src = src.strip("<>")
    if urlsplit(src).scheme or src.startswith("//"):
        parsed.problems.append(
            Problem(
                path, number, "图片", f"图片「{src}」引用了外部网址，请把图片文件放在本期文件旁"
            )
        )
        return
    _add_asset(src, number, path, folder, parsed, kind="图片")


def _collect_attachment(src: str, number: int, path: str, folder: Path, parsed: ParsedBody) -> None:
    src = src.strip("<>")
    target = urlsplit(src)
    if src.startswith("#"):
        parsed.links.append((src, number))
        return
    if target.scheme or src.startswith(("//", "/")) or not target.path:
        return
    if target.path.endswith(".md"):
        parsed.links.append((src, number))  # another issue or page, checked with the column
        return
    if target.path.endswith("/"):
        return  # a site URL
    _add_asset(src, number, path, folder, parsed, kind="附件")


def _add_asset(
    src: str, number: int, path: str, folder: Path, parsed: ParsedBody, kind: str
) -> None:
    reference = unquote(urlsplit(src).path)
    if not reference or reference.startswith("/") or ".." in Path(reference).parts:
        parsed.problems.append(
            Problem(path, number, kind, f"{kind}「{src}」应使用相对于本期文件、同一目录下的路径")
        )
        return
    file = folder / reference
    if not is_regular_file(file):  # False, not an error, for a name too long to exist
        parsed.problems.append(Problem(path, number, kind, f"{kind}文件「{reference}」不存在"))
        return
    if all(asset.reference != reference for asset in parsed.assets):
        parsed.assets.append(Asset(reference, str(file)))
