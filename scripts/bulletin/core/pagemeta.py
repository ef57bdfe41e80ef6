"""The front matter of hand-written pages, read as MkDocs reads it, for what would stop a build
half-way: a `template` or `icon` that names none (or a path outside the template folders), a
`hide` that is not a list, and YAML that would expand without end (aliases) or carry control
characters.

MkDocs itself ignores front matter it cannot parse, so plain YAML mistakes are not reported
here; MkDocs then shows the lines as text, which the editor sees in the preview.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from .problems import Problem
from .sources import SYNTAX_PREFIX, parse_fields

# MkDocs' own patterns (mkdocs.utils.meta): YAML between `---` lines, or MultiMarkdown
# `key: value` lines at the top of the page.
_YAML = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_META = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_TEMPLATE = re.compile(r"^[\w-]+(?:[./][\w-]+)*\.html$")


def template_dirs(root: Path) -> list[Path]:
    """Where a page's template may come from: the project's overrides, then the theme's and
    MkDocs' own templates (found without importing either)."""
    dirs = [root / "overrides"]
    for package in ("material", "mkdocs"):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.origin:
            dirs.append(Path(spec.origin).parent / "templates")
    return dirs


def page_meta_problems(text: str, shown: str, dirs: list[Path]) -> list[Problem]:
    """Problems of a hand-written page's front matter that would break or hang the build."""
    meta: dict[str, tuple[object, int]] = {}
    problems: list[Problem] = []
    if match := _YAML.match(text):
        fields, found = parse_fields(match.group(1), shown, first_line=2)
        problems = [p for p in found if not p.message.startswith(SYNTAX_PREFIX)]
        meta = {key: (f.value, f.line) for key, f in (fields or {}).items()}
    else:
        for number, row in enumerate(text.split("\n"), start=1):
            pair = _META.match(row)
            if not row.strip() or pair is None:
                break
            meta[pair.group("key").lower()] = (pair.group("value").strip(), number)
    for key, check in _CHECKS.items():
        if key in meta:
            value, line = meta[key]
            message = check(value, dirs)
            if message is not None:
                problems.append(Problem(shown, line, key, message))
    return problems


def _template(value: object, dirs: list[Path]) -> str | None:
    if _found(value, _TEMPLATE, "{}", dirs):
        return None
    return f"模板「{value}」不存在；页面模板应为 overrides/ 或主题中的 .html 文件名"


def _icon(value: object, dirs: list[Path]) -> str | None:
    if _found(value, _ICON, ".icons/{}.svg", dirs):
        return None
    return f"图标「{value}」不存在；应为主题图标名，例如 material/home"


def _hide(value: object, dirs: list[Path]) -> str | None:
    items = value if isinstance(value, list) else [value]
    if all(isinstance(item, str) for item in items):
        return None
    return "hide 应为列表，例如 [navigation, toc]"


def _found(value: object, form: re.Pattern[str], path: str, dirs: list[Path]) -> bool:
    if not isinstance(value, str) or not form.match(value):
        return False  # also refuses `..`, absolute paths and backslashes
    return any((folder / path.format(value)).is_file() for folder in dirs)


_ICON = re.compile(r"^[\w-]+(?:/[\w-]+)*$")
# Material's page settings that reach a template as a path or are iterated.
_CHECKS = {"template": _template, "icon": _icon, "hide": _hide}
