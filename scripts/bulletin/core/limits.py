"""Bounds on what an editor's file may ask of the program, checked before Markdown sees it.

Python-Markdown parses nested lists, emphasis and `markdown` HTML blocks recursively: a body
with 1,000 nested lists took minutes and then raised RecursionError, and the HTML sanitiser's
time grows with the square of the nesting. No bulletin needs more than a few levels, so a
body nested deeper than these limits is refused with the line where it happens.
"""

from __future__ import annotations

import re
from datetime import date

from .problems import Problem

MAX_BLOCK_DEPTH = 20  # lists and blockquotes inside each other
MAX_EMPHASIS_RUN = 50  # `*` and `_` in one run, e.g. `***…`
MAX_EMPHASIS_DEPTH = 20  # emphasis opened inside emphasis
MAX_HTML_DEPTH = 40  # HTML elements inside each other
MAX_LINE_CHARS = 100_000
# Python-Markdown rescans a paragraph from each `[` it cannot close, and slows with the square
# of inline tags: 300 stray `[` in a 100,000-character paragraph took 11 s, 5,000 `<a ` 3 s.
# A paragraph's `[` count times its length, and its inline tags, are bounded (a real paragraph
# of 3,000 characters with 30 links uses 5% of the first).
MAX_BRACKET_WORK = 2_000_000
MAX_INLINE_TAGS = 1_000
MAX_NAME_BYTES = 200  # one file or folder name in a link; file systems stop at 255
MAX_PATH_BYTES = 1_000  # a whole link target; the system refuses paths over 4,096 bytes

# The earliest and latest dates a bulletin or a policy document may carry. The upper bound
# keeps every date a valid gzip and ZIP timestamp (MkDocs stamps sitemap.xml.gz with it).
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2099, 12, 31)

# One container marker at the start of what is left of a line: a blockquote `>` or a list item.
_CONTAINER = re.compile(r"[ \t]*(?:>[ \t]?|(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$))")
# The name stops at any character that cannot be in one, so a line of `](](](` is one pass.
_TARGET = re.compile(
    r"(?:\]\(|\]:[ \t]*|\bsrc\s*=\s*[\"']?)<?([^()\[\]<>=\s\"'#?]+)"
)  # inline links and images, reference definitions `[r]: target`, and HTML src
_EMPHASIS_RUN = re.compile(r"[*_]+")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)\b[^<>]*?(/?)>")
# Elements that never hold others, and those whose end tag HTML lets a page leave out (a
# pasted table's cells, a list's items): neither deepens the nesting that is counted.
_FLAT = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr", "p", "li", "td", "th", "tr", "dt", "dd", "option", "optgroup", "thead",
    "tbody", "tfoot", "colgroup", "caption", "rt", "rp",
}  # fmt: skip


def date_problem(day: date, what: str) -> str | None:
    """Why a date cannot be published, or None."""
    if FIRST_DAY <= day <= LAST_DAY:
        return None
    return f"{what} {day.isoformat()} 超出合理范围（{FIRST_DAY.year}—{LAST_DAY.year} 年）"


def block_depth(line: str) -> int:
    """How many lists and blockquotes a line opens or continues: markers plus indentation."""
    expanded = line.expandtabs(4)
    indent = len(expanded) - len(expanded.lstrip(" "))
    depth, position = indent // 4, indent
    while True:
        match = _CONTAINER.match(expanded, position)
        if match is None or match.end() == position or depth > MAX_BLOCK_DEPTH:
            return depth
        depth += 1
        position = match.end()


def emphasis_depth(text: str) -> tuple[int, int]:
    """The longest run of emphasis markers in `text`, and how deep emphasis could nest in it.

    A run after a space opens, a run before a space closes; a run between two letters (as in
    Chinese text without spaces) closes an open one or else opens. That over-estimates the
    nesting Markdown would build, never under-estimates it.
    """
    longest = depth = deepest = 0
    for match in _EMPHASIS_RUN.finditer(text):
        run = match.group(0)
        longest = max(longest, len(run))
        before = text[match.start() - 1] if match.start() else " "
        after = text[match.end()] if match.end() < len(text) else " "
        if after.isspace() and not before.isspace():
            depth = max(depth - 1, 0)
        elif before.isspace() and not after.isspace():
            depth += 1
        elif not before.isspace() and not after.isspace():
            depth = depth - 1 if depth else 1
        deepest = max(deepest, depth)
    return longest, deepest


def nesting_problems(body: str, first_line: int, shown: str) -> list[Problem]:
    """Lines nested deeper than the limits, one problem for each kind (the first line it
    happens on): enough to find it, not thousands of lines of report."""
    todo = _candidates(body)
    if not todo:
        return []  # nearly every body: whole-text counts show no limit can be reached
    found: dict[str, Problem] = {}
    html_stack: list[str] = []
    paragraph: list[str] = []
    paragraph_line = first_line

    def report(kind: str, number: int, message: str) -> None:
        found[kind] = Problem(shown, number, "正文", message)
        todo.discard(kind)

    def close_paragraph() -> None:
        if not paragraph:
            return
        text = "\n".join(paragraph)
        if "inline" in todo and _inline_too_costly(text):
            report("inline", paragraph_line, _INLINE_MESSAGE)
        if "emphasis" not in todo:
            return
        longest, deepest = emphasis_depth(text)
        if longest > MAX_EMPHASIS_RUN or deepest > MAX_EMPHASIS_DEPTH:
            report("emphasis", paragraph_line, _EMPHASIS_MESSAGE)

    # Fenced code is checked too: the site's Markdown has no fenced-code extension, so a
    # ``` line is text to it, and what follows is parsed as Markdown.
    for offset, line in enumerate(body.split("\n")):
        number = first_line + offset
        if "line" in todo and len(line) > MAX_LINE_CHARS:
            report("line", number, f"一行超过 {MAX_LINE_CHARS} 个字符，过长，请分段")
        if "target" in todo and _long_target(line):
            report("target", number, _TARGET_MESSAGE)
        if "block" in todo and block_depth(line) > MAX_BLOCK_DEPTH:
            report("block", number, _BLOCK_MESSAGE)
        if "html" in todo and _html_too_deep(line, html_stack):
            report("html", number, f"HTML 元素嵌套超过 {MAX_HTML_DEPTH} 层，请简化")
        if line.strip() and (paragraph or "emphasis" in todo or "inline" in todo):
            if not paragraph:
                paragraph_line = number
            paragraph.append(line)
        else:
            close_paragraph()
            paragraph = []
    close_paragraph()
    return sorted(found.values(), key=lambda p: p.line or 0)


_EMPHASIS_MESSAGE = (
    f"强调标记（* 或 _）连用或嵌套过多（超过 {MAX_EMPHASIS_RUN} 个连用"
    f"或 {MAX_EMPHASIS_DEPTH} 层嵌套），请删除多余的标记"
)
_INLINE_MESSAGE = "本段过长且方括号 [ ] 或 HTML 标记过多，无法及时排版，请分段或删除多余符号"
_TARGET_MESSAGE = (
    f"链接或图片的路径过长（超过 {MAX_PATH_BYTES} 字节，"
    f"或其中有超过 {MAX_NAME_BYTES} 字节的名称），文件系统无法保存"
)
_BLOCK_MESSAGE = f"列表或引用嵌套超过 {MAX_BLOCK_DEPTH} 层（或缩进过深），请减少嵌套层数"
# Each level of nesting takes at least one character of a line's leading markers and spaces.
_DEEP_PREFIX = re.compile(rf"^[ \t>*+\-.)0-9]{{{MAX_BLOCK_DEPTH + 1}}}", re.MULTILINE)


def _candidates(body: str) -> set[str]:
    """The limits this body could exceed, from counts over the whole text (fast, in C)."""
    todo = set()
    if len(body) > MAX_LINE_CHARS:
        todo.add("line")
    if "](" in body or "]:" in body or "src" in body:
        todo.add("target")
    if _DEEP_PREFIX.search(body):
        todo.add("block")
    if body.count("<") > MAX_HTML_DEPTH:
        todo.add("html")
    if body.count("*") + body.count("_") > MAX_EMPHASIS_DEPTH:
        todo.add("emphasis")
    if body.count("[") * len(body) > MAX_BRACKET_WORK or body.count("<") > MAX_INLINE_TAGS:
        todo.add("inline")
    return todo


_INLINE_TAG = re.compile(r"<[A-Za-z/!?]")
# A paragraph that opens with a block-level tag is an HTML block: Markdown passes it through
# in linear time, so a long pasted table is fine.
_HTML_BLOCK = re.compile(
    r"\s{0,3}<(?:table|div|section|p|ul|ol|dl|blockquote|figure|details|pre|h[1-6])\b", re.I
)


def _inline_too_costly(text: str) -> bool:
    brackets = text.count("[")
    if brackets and brackets * len(text) > MAX_BRACKET_WORK:
        return True
    if text.count("<") <= MAX_INLINE_TAGS or _HTML_BLOCK.match(text):
        return False
    return len(_INLINE_TAG.findall(text)) > MAX_INLINE_TAGS


def _long_target(line: str) -> bool:
    if "](" not in line and "]:" not in line and "src" not in line:
        return False
    for match in _TARGET.finditer(line):
        target = match.group(1).encode()
        if len(target) > MAX_PATH_BYTES or any(len(p) > MAX_NAME_BYTES for p in target.split(b"/")):
            return True
    return False


def _html_too_deep(line: str, stack: list[str]) -> bool:
    if "<" not in line:
        return False
    for match in _TAG.finditer(line):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        # md_in_html nests any element marked `markdown`, whatever HTML says of its end tag.
        nests = "markdown" in match.group(0)[len(name) + 1 :].lower()
        if self_closing or (name in _FLAT and not nests):
            continue
        if not closing:
            stack.append(name)
            if len(stack) > MAX_HTML_DEPTH:
                return True
        elif name in stack:
            # Unclosed inner elements end with their parent, as an HTML parser ends them.
            del stack[len(stack) - 1 - stack[::-1].index(name) :]
    return False
