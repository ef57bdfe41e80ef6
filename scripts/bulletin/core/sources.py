"""Reading an editor's file: encoding, line endings, and the YAML front matter with line numbers.

Every file is hostile until read: it may be a folder or a dangling symlink, hold control
characters, or carry a YAML alias bomb. Each of these is a `Problem`; nothing here raises.

YAML is read with libyaml (`CSafeLoader`) where it is installed: composing 5,000 front matters
takes a tenth of the pure-Python time. Before composing, the event stream is checked for
anchors and aliases (an alias bomb expands to gigabytes when constructed or printed), for
nesting (libyaml's composer recurses in C and crashes on very deep nesting) and for size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .limits import nesting_problems
from .problems import Problem
from .safety import control_message, control_problems, find_control, read_file_bytes

_FENCE = "---"
Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_LINES = 20_000  # an issue has a few hundred lines; every line is read several times
MAX_HEADER_CHARS = 64_000  # front matter of a real issue is under 1 KB
MAX_VALUE_CHARS = 10_000  # one value: a summary is a line, a title a few dozen characters
MAX_YAML_DEPTH = 8  # lists inside mappings inside lists…; tags are one level
MAX_YAML_NODES = 2_000
MAX_FILE_NODES = 200_000  # a whole YAML file such as errata.yml: thousands of entries


class Invalid:
    """A value already reported as unreadable, so checks do not report it again as missing."""


INVALID = Invalid()


@dataclass
class Field:
    """A front-matter value and the line it stands on (1-based, in the whole file)."""

    value: Any
    line: int


@dataclass
class SourceFile:
    """A decoded file split into its front matter and its Markdown body."""

    path: str
    fields: dict[str, Field]
    body: str
    body_line: int  # line number of the body's first line
    header_line: int = 1


def read_source(abs_path: Path, shown_path: str) -> tuple[SourceFile | None, list[Problem]]:
    """Decode a file and parse its front matter; return problems instead of raising."""
    text = read_clean_text(abs_path, shown_path)
    if isinstance(text, list):
        return None, text
    source, problems = split_front_matter(text, shown_path)
    # Checked even when the front matter is wrong, so an editor sees every problem at once.
    limits = body_limits(text, shown_path)
    if limits:  # the body is not read further: its line-by-line reading would be slow too
        return None, problems + limits
    return source, problems


def body_limits(text: str, shown_path: str) -> list[Problem]:
    """The nesting and size limits of the Markdown after the front matter."""
    lines = text.split("\n")
    start = 0
    if lines[0].strip() == _FENCE:  # front matter is read by YAML, not Markdown
        end = (i for i in range(1, len(lines)) if lines[i].strip() in (_FENCE, "..."))
        start = next(end, -1) + 1
    return nesting_problems("\n".join(lines[start:]), start + 1, shown_path)


def read_clean_text(abs_path: Path, shown_path: str) -> str | list[Problem]:
    """The text of a regular file, decoded, with no control characters; or its problems."""
    raw = read_file_bytes(abs_path, shown_path)
    if isinstance(raw, Problem):
        return [raw]
    text, problem = decode(raw, shown_path)
    if problem is not None:
        return [problem]
    if text.count("\n") >= MAX_LINES:
        return [Problem(shown_path, MAX_LINES, None, f"文件超过 {MAX_LINES} 行，过长，请拆分")]
    return control_problems(text, shown_path) or text


def decode(raw: bytes, shown_path: str) -> tuple[str, Problem | None]:
    """UTF-8 (with or without a byte-order mark) with line endings made `\\n`."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return "", Problem(shown_path, line, None, _encoding_message(raw))
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def _encoding_message(raw: bytes) -> str:
    try:
        raw.decode("gb18030")
        guess = "看起来是 GBK/GB18030 编码"
    except UnicodeDecodeError:
        guess = "不是 UTF-8 编码"
    return f"文件{guess}，无法读取。请用编辑器（如记事本、VS Code）把文件另存为“UTF-8”编码后再提交"


def split_front_matter(text: str, shown_path: str) -> tuple[SourceFile | None, list[Problem]]:
    """Split `---` YAML front matter from the body and read each key with its line."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != _FENCE:
        return None, [Problem(shown_path, 1, None, "文件开头缺少 YAML 前置信息（第一行应为 ---）")]
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in (_FENCE, "..."))
    except StopIteration:
        return None, [Problem(shown_path, 1, None, "前置信息没有结束行 ---")]
    header = "\n".join(lines[1:end])
    fields, problems = parse_fields(header, shown_path, first_line=2)
    if fields is None:
        return None, problems
    body = "\n".join(lines[end + 1 :])
    return SourceFile(shown_path, fields, body, body_line=end + 2), problems


def parse_fields(
    header: str, shown_path: str, first_line: int
) -> tuple[dict[str, Field] | None, list[Problem]]:
    """Parse a YAML mapping, constructing each value alone so one bad value names its own line."""
    if len(header) > MAX_HEADER_CHARS:
        too_long = f"前置信息超过 {MAX_HEADER_CHARS} 个字符，过长"
        return None, [Problem(shown_path, first_line, None, too_long)]
    try:
        refused = _refused_structure(header, shown_path, first_line)
        if refused is not None:
            return None, [refused]
        root = yaml.compose(header, Loader=Loader)
    except yaml.YAMLError as exc:
        slips = _full_width_colons(header, shown_path, first_line)
        if slips:  # the usual cause, said plainly instead of the YAML reader's words
            return None, slips
        return None, [_syntax_problem(exc, header, shown_path, first_line)]
    except (RecursionError, MemoryError):
        return None, [Problem(shown_path, first_line, None, "前置信息结构过于复杂，无法读取")]
    if root is None:
        return {}, []
    if not isinstance(root, yaml.MappingNode):
        return None, [Problem(shown_path, first_line, None, "前置信息应为“键: 值”的形式")]
    fields: dict[str, Field] = {}
    problems: list[Problem] = []
    constructor = yaml.SafeLoader("")
    for key_node, value_node in root.value:
        line = first_line + key_node.start_mark.line
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(Problem(shown_path, line, None, "键应为文字，例如 title"))
            continue
        key = str(key_node.value)
        if key in fields:
            problems.append(Problem(shown_path, line, key, "重复的键"))
            continue
        try:
            value = constructor.construct_object(value_node, deep=True)
            message = _value_problem(value)
        except (ValueError, OverflowError, TypeError, yaml.YAMLError) as exc:
            # PyYAML raises a bare ValueError for impossible dates such as 2023-13-01.
            message = _value_message(value_node, exc)
        if message is not None:
            problems.append(Problem(shown_path, line, key, message))
            value = INVALID
        fields[key] = Field(value, line)
    return fields, problems


_FULL_WIDTH_KEY = re.compile(r"^(\s*)([A-Za-z_][\w-]*)\s*：\s*(.*)$")


def _full_width_colons(header: str, shown_path: str, first_line: int) -> list[Problem]:
    """`reviewer：李建国`: a key followed by the Chinese colon an input method types."""
    problems = []
    for offset, line in enumerate(header.split("\n")):
        slip = _FULL_WIDTH_KEY.match(line)
        if slip:
            fixed = f"{slip.group(2)}: {slip.group(3)}"
            message = (
                f"「{line.strip()}」中用了中文冒号「：」，键和值之间应使用英文冒号，写成「{fixed}」"
            )
            problems.append(Problem(shown_path, first_line + offset, slip.group(2), message))
    return problems


_COLLECTION_START = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_COLLECTION_END = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _refused_structure(
    header: str, shown_path: str, first_line: int, max_nodes: int = MAX_YAML_NODES
) -> Problem | None:
    """Anchors, aliases, deep nesting or too many values, found in the event stream (flat,
    so nothing here recurses) before anything is composed or constructed."""
    depth = nodes = 0
    key: str | None = None
    expect_key = False  # whether the next node at depth 1 is a key of the root mapping
    for event in yaml.parse(header, Loader=Loader):
        if not isinstance(event, yaml.NodeEvent):
            if isinstance(event, _COLLECTION_END):
                depth -= 1
                expect_key = depth == 1
            continue
        line = first_line + (event.start_mark.line if event.start_mark else 0)
        if depth == 1:
            if expect_key and isinstance(event, yaml.ScalarEvent):
                key = str(event.value)
            expect_key = not expect_key
        if isinstance(event, yaml.AliasEvent) or event.anchor is not None:
            message = "不能使用 YAML 锚点（&）或别名（*）；如需这些符号，请给整个值加引号"
            return Problem(shown_path, line, key, message)
        nodes += 1
        if isinstance(event, _COLLECTION_START):
            depth += 1
            expect_key = depth == 1
            if depth > MAX_YAML_DEPTH:
                return Problem(shown_path, line, key, f"YAML 嵌套超过 {MAX_YAML_DEPTH} 层")
        if nodes > max_nodes:
            return Problem(shown_path, line, key, f"YAML 中的值超过 {max_nodes} 个")
    return None


def _value_problem(value: Any, depth: int = 0) -> str | None:
    """Why a constructed value cannot be published: too long, or a control character that an
    escape such as "\\x01" or "\\ud800" put there."""
    if isinstance(value, str):
        if len(value) > MAX_VALUE_CHARS:
            return f"值过长（{len(value)} 个字符，最多 {MAX_VALUE_CHARS} 个）"
        char = find_control(value)
        return None if char is None else control_message(char)
    if isinstance(value, bytes):
        return "不支持二进制值（!!binary）"
    items: list[Any] = []
    if isinstance(value, dict):
        items = [*value.keys(), *value.values()]
    elif isinstance(value, (list, tuple, set)):
        items = list(value)
    for item in items:
        message = _value_problem(item, depth + 1)
        if message is not None:
            return message
    return None


SYNTAX_PREFIX = "前置信息不是有效的 YAML："
# libyaml and PyYAML explain syntax errors in English; editors read these instead.
_SYNTAX = {
    "found character that cannot start any token": "值不能以 @ 或 ` 开头，请给整个值加引号",
    "mapping values are not allowed": "此处不能有冒号；值中含有“: ”时请给整个值加引号",
    "could not find expected ':'": "缺少冒号，每行应为“键: 值”",
    "did not find expected key": "缩进不一致，或缺少“键: 值”中的键",
    "did not find expected ',' or ']'": "方括号列表缺少逗号或右方括号 ]",
    "did not find expected ',' or '}'": "花括号缺少逗号或右花括号 }",
    "found unexpected end of stream": "意外结束，可能缺少右括号或右引号",
    "found invalid Unicode character escape code": "引号内的 \\u 或 \\x 转义不是有效字符",
    "found unknown escape character": "双引号内有无法识别的转义（\\），请改用单引号",
    "found a tab character": "缩进中不能使用制表符（Tab），请改用空格",
    "found undefined tag handle": "含有无法识别的标签（!），请给整个值加引号",
    "block sequence entries are not allowed": "此处不能使用“- ”列表项，请检查缩进",
    "expected <block end>": "缩进不一致，请检查本行与上一行的缩进",
    "found unexpected ':'": "冒号位置不对，请给整个值加引号",
    "expected the node content": "缺少值，或使用了不能出现在此处的符号",
    "found unexpected document end": "前置信息中不能出现 ... 或 --- 行",
}


def _syntax_problem(exc: yaml.YAMLError, header: str, shown_path: str, first_line: int) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    last = header.rstrip("\n").count("\n")
    context = str(getattr(exc, "context", None) or "")
    if mark is None or mark.line > last or context.startswith(_UNCLOSED):
        # An unclosed bracket or quote is found where something else begins (or at the end):
        # name the line where the unclosed thing starts.
        mark = getattr(exc, "context_mark", None) or mark
    line = first_line + min(mark.line, last) if mark is not None else first_line
    reason = str(getattr(exc, "problem", None) or exc)
    words = next((text for english, text in _SYNTAX.items() if english in reason), None)
    if words is None:
        words = f"无法解析（{clip(reason, 80)}）"
    key = _key_at(header, min(mark.line, last)) if mark is not None else None
    return Problem(shown_path, line, key, f"{SYNTAX_PREFIX}{words}")


_UNCLOSED = ("while parsing a flow", "while scanning a quoted", "while scanning a double-quoted")


def _key_at(header: str, index: int) -> str | None:
    """The top-level key whose value holds line `index` (0-based) of the front matter."""
    for text in reversed(header.split("\n")[: index + 1]):
        match = _TOP_KEY.match(text)
        if match:
            return match.group(1)
    return None


_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


def clip(text: str, limit: int = 50) -> str:
    """`text` cut to `limit` characters for a message, marked when cut."""
    return text if len(text) <= limit else text[:limit] + "…"


def _value_message(node: yaml.Node, exc: Exception) -> str:
    shown = clip(str(node.value)) if isinstance(node, yaml.ScalarNode) else "（列表或映射）"
    if node.tag == "tag:yaml.org,2002:timestamp":
        return f"「{shown}」不是真实存在的日期，应为 YYYY-MM-DD"
    if isinstance(exc, yaml.constructor.ConstructorError):
        return f"值「{shown}」使用了不支持的 YAML 标签 {clip(str(node.tag), 40)}"
    return f"值「{shown}」无法识别"


def load_yaml(abs_path: Path, shown_path: str) -> tuple[Any, list[Problem]]:
    """A whole YAML file (such as errata.yml) read with the front matter's safeguards."""
    text = read_clean_text(abs_path, shown_path)
    if isinstance(text, list):
        return None, text
    try:
        refused = _refused_structure(text, shown_path, first_line=1, max_nodes=MAX_FILE_NODES)
        if refused is not None:
            return None, [refused]
        return yaml.load(text, Loader=Loader), []
    except yaml.YAMLError as exc:
        return None, [_syntax_problem(exc, text, shown_path, first_line=1)]
    except (ValueError, OverflowError, TypeError, RecursionError):
        return None, [Problem(shown_path, None, None, "YAML 内容无法识别")]


def read_text(abs_path: Path, shown_path: str) -> str | None:
    """The decoded text of a readable file, or None (its problem is reported by its reader)."""
    raw = read_file_bytes(abs_path, shown_path)
    if isinstance(raw, Problem):
        return None
    text, problem = decode(raw, shown_path)
    return None if problem is not None else text
