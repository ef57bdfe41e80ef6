"""Reading an issue's Markdown body: the 编者按, the articles and their attribution lines, images.

The body is read line by line rather than through a full Markdown parse: the structure the
contract fixes (a leading blockquote, `## ` headings, a first paragraph) is line-shaped, and this
keeps line numbers exact for editors' messages.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from .images import hidden_images, html_image, html_img_tags, is_blank
from .model import Article, Asset, Attribution, Link, Span
from .problems import Problem, Severity
from .safety import is_regular_file
from .slugs import split_explicit_id, unique_anchor

_NOTE_LABEL = re.compile(r"^编者按\s*[:：]\s*")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src><[^>]*>|[^)\s]*)(?:\s+[\"'][^)]*)?\)")
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\((?P<src><[^>]*>|[^)\s]+)(?:\s+[\"'(][^)]*)?\)")
# A reference definition, `[上期]: 02.md "title"`, which `[text][上期]` links use.
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(?P<src><[^>]*>|\S+)")
_HTML_HREF = re.compile(
    r"<a\b[^>]*?\bhref\s*=\s*(?P<src>\"[^\"]*\"|'[^']*'|[^\s>]+)", re.IGNORECASE
)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1")
_UNDERLINE = re.compile(r"^(-+|=+) *$")  # a setext heading's underline
_ANY_UNDERLINE = re.compile(r"^(-+|=+) *$", re.MULTILINE)
_ARTICLE_HEADING = re.compile(r"^##(?!#)\s")
_MARKUP = re.compile(r"[\[<#]")  # a line with none of these has no heading, image or link
_MINOR_HEADING = re.compile(r"^#{3,6}\s+(.+?)\s*#*\s*$")


@dataclass
class ParsedBody:
    editor_note: str | None = None
    note_label: Span | None = None  # the label 编者按： in the note's first line
    articles: list[Article] = field(default_factory=list)
    assets: list[Asset] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)  # to pages and articles, resolved later
    headings: list[str] = field(default_factory=list)  # texts of ### … headings, for their ids
    problems: list[Problem] = field(default_factory=list)


class _Line(NamedTuple):
    text: str
    number: int
    in_code: bool


def parse_body(body: str, first_line: int, path: str, root: Path) -> ParsedBody:
    """Split a body into 编者按 and articles, checking images, links and attribution lines.

    `path` is the file's project-relative path and `root` the project folder: images and
    attachments are looked up beside the file, and must stay inside the project."""
    lines = _number_lines(body, first_line)
    parsed = ParsedBody()
    start = _read_editor_note(lines, parsed)
    sections = _split_sections(lines[start:])
    taken: set[str] = set()
    for position, section in enumerate(sections[1:], start=1):
        parsed.articles.append(_read_article(section, position, taken, path, parsed.problems))
    for line in lines:
        if not line.in_code:
            _check_line(line, path, root, parsed)
    if _ANY_UNDERLINE.search(body):  # one scan of the body; pairs of lines only on a hit
        parsed.problems += _underlined_headings(lines, path)
    for alt, src, number in hidden_images(lines):  # reference-style, or split over lines
        _check_image(alt, src, number, path, root, parsed)
    return parsed


def _underlined_headings(lines: list[_Line], path: str) -> list[Problem]:
    """Markdown makes the first line of a paragraph a heading when the next line is only `-`
    (or `=`): an article the core would not see, or a stray 一级标题. Said before it happens."""
    problems = []
    for before, line, after in zip([None, *lines], lines, lines[1:], strict=False):
        starts_block = before is None or not before.text.strip()
        if line.in_code or after.in_code or not starts_block or not line.text.strip():
            continue
        if _UNDERLINE.match(after.text) and not line.text.lstrip().startswith(("#", ">", "-", "*")):
            kind = "二级" if "-" in after.text else "一级"
            message = (
                f"下一行的「{after.text.strip()}」会把「{line.text.strip()[:20]}」变成{kind}标题；"
                "文章标题请写成「## 标题」，分隔线前请空一行"
            )
            problems.append(Problem(path, after.number, "标题", message))
    return problems


def _number_lines(body: str, first_line: int) -> list[_Line]:
    numbered, in_code = [], False
    for offset, text in enumerate(body.split("\n")):
        fence = ("`" in text or "~" in text) and bool(_FENCE.match(text))
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
    parsed.note_label = _label_span(lines[i:j])
    return j


def _label_span(quote: list[_Line]) -> Span | None:
    """Where 编者按： is in the note's first non-blank line: after `>` and spaces, to the text."""
    for line in quote:
        marker = re.match(r"^\s*>\s*", line.text)
        assert marker is not None  # every line of the quote starts with >
        content = line.text[marker.end() :]
        if content.strip():
            label = _NOTE_LABEL.match(content)
            return Span(line.number, marker.end(), marker.end() + label.end()) if label else None
    return None


def _split_sections(lines: list[_Line]) -> list[list[_Line]]:
    sections: list[list[_Line]] = [[]]
    for line in lines:
        if line.text.startswith("##") and not line.in_code and _ARTICLE_HEADING.match(line.text):
            sections.append([])
        sections[-1].append(line)
    return sections


def _read_article(
    section: list[_Line], position: int, taken: set[str], path: str, problems: list[Problem]
) -> Article:
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
    attribution, at, rest = _read_attribution(rest, path, problems)
    return Article(title, anchor, attribution, _join(rest), heading.number, position, at)


def _read_attribution(
    lines: list[_Line], path: str, problems: list[Problem]
) -> tuple[Attribution | None, Span | None, list[_Line]]:
    """Take the first paragraph if it is an attribution line (来源:单位 | 类别:类别), and where
    it was."""
    i = 0
    while i < len(lines) and not lines[i].text.strip():
        i += 1
    if i == len(lines) or lines[i].in_code:
        return None, None, lines
    first = lines[i]
    if _HEADLESS.match(first.text.strip()):  # 「类别：…」 left after 「来源：… |」 was deleted
        problems.append(Problem(path, first.number, "来源", _headless(first.text.strip())))
        return None, None, lines[i + 1 :]
    if not first.text.strip().startswith("来源"):
        return None, None, lines
    continued = i + 1 < len(lines) and lines[i + 1].text.strip()
    fields, problem = parse_attribution(first.text.strip())
    if continued and problem is None:
        problem = "来源行应独占一段，后面空一行"
    if problem is not None:
        problems.append(Problem(path, first.number, "来源", problem))
        return None, None, lines[i + 1 :]
    at = Span(first.number, 0, len(first.text))
    return Attribution(explicit=True, **fields), at, lines[i + 1 :]


_ATTRIBUTION_KEYS = {"类别": "category", "原文": "original_url", "作者": "author"}
_ATTRIBUTION_FORM = (
    "来源行格式应为「来源:单位」，可再加「 | 类别:类别」「 | 原文:网址」「 | 作者:姓名」"
)


# A first paragraph that starts like an attribution field other than 来源: an attribution line
# whose 「来源:…」 was deleted. Read as body text it would print the field on the page.
_HEADLESS = re.compile(r"^(?:类别|作者|原文)\s*[:：]")


def _headless(line: str) -> str:
    return (
        f"来源行缺少「来源：」：请写成「来源：单位 ｜ {line}」"
        "（来源与本期信息来源相同也要写出单位）；"
        "如果这一段是正文，请改写，不要以「类别：」「作者：」「原文：」开头"
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


def _check_line(line: _Line, path: str, root: Path, parsed: ParsedBody) -> None:
    if not _MARKUP.search(line.text):
        return  # most lines are plain paragraphs: one scan instead of seven
    text = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line.text)  # code is not markup
    if re.match(r"^#(?!#)\s", text):
        message = "正文不应使用一级标题（#），文章标题请用 ##"
        parsed.problems.append(Problem(path, line.number, "标题", message, Severity.WARNING))
    minor = _MINOR_HEADING.match(text)
    if minor:
        parsed.headings.append(minor.group(1))
    for match in _IMAGE.finditer(text):
        _check_image(match.group("alt"), match.group("src"), line.number, path, root, parsed)
    for _, tag in html_img_tags(text):
        _check_image(*html_image(tag), line.number, path, root, parsed)
    for pattern in (_LINK, _REFERENCE, _HTML_HREF):
        for match in pattern.finditer(text):
            _collect_target(match.group("src").strip("\"'"), line.number, path, root, parsed)


def _check_image(
    alt: str, src: str, number: int, path: str, root: Path, parsed: ParsedBody
) -> None:
    if is_blank(alt):  # as readers get it: "&#32;" or a zero-width space is no text
        message = f"图片「{src}」缺少替代文字，请写成 ![图片内容说明]({src})"
        parsed.problems.append(Problem(path, number, "图片", message))
    src = src.strip("<>")
    if urlsplit(src).scheme or src.startswith("//"):
        message = f"图片「{src}」引用了外部网址，请把图片文件放在本期文件旁"
        parsed.problems.append(Problem(path, number, "图片", message))
        return
    _add_asset(src, number, path, root, parsed, kind="图片")


def _collect_target(src: str, number: int, path: str, root: Path, parsed: ParsedBody) -> None:
    """A link: to a page or an article (resolved with the column), or an attachment."""
    src = src.strip("<>")
    target = urlsplit(src)
    if target.scheme or src.startswith(("//", "/")) or not src:
        return
    if not target.path or target.path.endswith(".md"):
        parsed.links.append(Link(src, number))
        return
    if target.path.endswith("/"):
        return  # a site URL
    _add_asset(src, number, path, root, parsed, kind="附件")


def _add_asset(src: str, number: int, path: str, root: Path, parsed: ParsedBody, kind: str) -> None:
    reference = unquote(urlsplit(src).path)
    if not reference or reference.startswith("/") or ".." in PurePosixPath(reference).parts:
        message = f"{kind}「{src}」应使用相对于本期文件、同一目录下的路径"
        parsed.problems.append(Problem(path, number, kind, message))
        return
    uri = posixpath.join(posixpath.dirname(path), reference)
    if not is_regular_file(root / uri):  # False, not an error, for a name too long to exist
        parsed.problems.append(Problem(path, number, kind, f"{kind}文件「{reference}」不存在"))
        return
    if all(asset.reference != reference for asset in parsed.assets):
        parsed.assets.append(Asset(reference, uri))
