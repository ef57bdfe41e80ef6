"""ruff and mypy are part of the test command, so CI fails on lint or type errors."""

from __future__ import annotations

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
