"""ruff and mypy are part of the test command, so CI fails on lint or type errors."""

from __future__ import annotations

import ast
import subprocess
import sys

from conftest import PROJECT


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=PROJECT, capture_output=True, text=True
    )


def test_ruff_lint_is_clean() -> None:
    result = run("ruff", "check", "scripts", "tests")
    assert result.returncode == 0, result.stdout


def test_ruff_format_is_clean() -> None:
    result = run("ruff", "format", "--check", "scripts", "tests")
    assert result.returncode == 0, result.stdout


def test_mypy_is_clean() -> None:
    result = run("mypy")
    assert result.returncode == 0, result.stdout


def core_imports() -> dict[str, set[str]]:
    """Each module of bulletin.core → the core modules it imports, `if TYPE_CHECKING:` included
    (a cycle only type checkers see is still two modules that cannot be read apart)."""
    core = PROJECT / "scripts" / "bulletin" / "core"
    names = {}
    for path in core.rglob("*.py"):
        parts = path.relative_to(core.parents[1]).with_suffix("").parts
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {}
    for name, path in names.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package
                for _ in range(node.level - 1):
                    base = base.rpartition(".")[0]
                target = f"{base}.{node.module}" if node.level and node.module else base
                target = target if node.level else (node.module or "")
                for alias in node.names:  # `from . import x` names a module, `from .m import f` not
                    found.add(
                        f"{target}.{alias.name}" if f"{target}.{alias.name}" in names else target
                    )
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
        graph[name] = {target for target in found if target in names and target != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import path that comes back to where it started, once per cycle (by its members)."""
    found: dict[frozenset[str], list[str]] = {}

    def walk(path: list[str]) -> None:
        for target in sorted(graph[path[-1]]):
            if target == path[0]:
                found.setdefault(frozenset(path), path)
            elif target not in path and target > path[0]:  # each cycle from its least member
                walk([*path, target])

    for start in sorted(graph):
        walk([start])
    return sorted(found.values())


def test_cycles_finds_an_import_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_the_core_has_no_import_cycles() -> None:
    graph = core_imports()
    assert {"bulletin.core.model", "bulletin.core.column", "bulletin.core.search"} <= set(graph)
    assert "bulletin.core.model" in graph["bulletin.core.campaign"]  # imports are seen
    assert cycles(graph) == []


def test_source_date_epoch_is_read_in_one_place() -> None:
    readers = sorted(
        path.relative_to(PROJECT).as_posix()
        for path in (PROJECT / "scripts").rglob("*.py")
        if "SOURCE_DATE_EPOCH" in path.read_text(encoding="utf-8")
    )
    assert readers == ["scripts/bulletin/core/dates.py"]
