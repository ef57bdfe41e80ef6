"""Reading an editor's file: encoding, line endings, and the YAML front matter with line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

_FENCE = "---"


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
    raw = abs_path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(shown_path, line, None, _encoding_message(raw))]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return split_front_matter(text, shown_path)


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
    try:
        root = yaml.compose(header, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        slips = _full_width_colons(header, shown_path, first_line)
        if slips:  # the usual cause, said plainly instead of the YAML reader's words
            return None, slips
        mark = getattr(exc, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        reason = getattr(exc, "problem", None) or str(exc)
        return None, [Problem(shown_path, line, None, f"前置信息不是有效的 YAML：{reason}")]
    if root is None:
        return {}, []
    if not isinstance(root, yaml.MappingNode):
        return None, [Problem(shown_path, first_line, None, "前置信息应为“键: 值”的形式")]
    fields: dict[str, Field] = {}
    problems: list[Problem] = []
    constructor = yaml.SafeLoader("")
    for key_node, value_node in root.value:
        key = str(key_node.value)
        line = first_line + key_node.start_mark.line
        if key in fields:
            problems.append(Problem(shown_path, line, key, "重复的键"))
            continue
        try:
            value = constructor.construct_object(value_node, deep=True)
        except (ValueError, yaml.YAMLError) as exc:
            # PyYAML raises a bare ValueError for impossible dates such as 2023-13-01.
            problems.append(Problem(shown_path, line, key, _value_message(value_node, exc)))
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


def _value_message(node: yaml.Node, exc: Exception) -> str:
    if node.tag == "tag:yaml.org,2002:timestamp":
        return f"「{node.value}」不是真实存在的日期，应为 YYYY-MM-DD"
    return f"值「{node.value}」无法识别（{exc}）"
