"""The documentation names only files that exist: every project path the README and devdocs/
mention, in backticks or as a link, is checked (issue 22: the README still named modules that
had moved)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import PROJECT

DOCUMENTS = [PROJECT / "README.md", *sorted((PROJECT / "devdocs").glob("*.md"))]
# The package's layers are often named without their scripts/bulletin/ prefix.
PACKAGE = "scripts/bulletin/"
LAYERS = ("core/", "mkdocs/", "tools/")
_CODE = re.compile(r"`([^`\n]+)`")
_LINK = re.compile(r"\]\(([^)\s]+)\)")
# What is built or written by a command, not kept in the repository.
_MADE = ("site/", ".site.staging", "audit.json", "audit.md", ".venv", "node_modules")
_PAGE_URL = re.compile(r"issues/\d{4}/\d+/(?:index\.html)?")  # a built page's address


def top_level() -> set[str]:
    return {path.name for path in PROJECT.iterdir()} - {"site", ".venv", "node_modules"}


def named_paths(document: Path) -> list[tuple[int, str]]:
    """(line, path) for each project path the document names."""
    roots = top_level()
    found = []
    for number, line in enumerate(document.read_text(encoding="utf-8").splitlines(), start=1):
        for match in [*_CODE.finditer(line), *_LINK.finditer(line)]:
            for word in match.group(1).split():
                path = word.lstrip("('\"").rstrip(",.;:)'\"").split("#")[0]
                if not path or re.search(r"[<>*{}…|$]|://", path) or path.startswith(_MADE):
                    continue
                if _PAGE_URL.fullmatch(path):
                    continue
                if path.startswith(LAYERS):
                    path = PACKAGE + path
                if path.split("/")[0] in roots:
                    found.append((number, path))
    return found


def test_the_documents_name_paths() -> None:
    """The check below sees what it should: the README names many project paths."""
    readme = [path for _, path in named_paths(PROJECT / "README.md")]
    assert {"scripts/publish", ".ci/run", "scripts/bulletin/core/policies.py"} <= set(readme)


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.relative_to(PROJECT).as_posix())
def test_every_path_named_in_the_documentation_exists(document: Path) -> None:
    base = document.parent
    missing = [
        f"{document.relative_to(PROJECT).as_posix()}:{number}: {path}"
        for number, path in named_paths(document)
        if not (PROJECT / path).exists() and not (base / path).exists()
    ]
    assert missing == []


def test_ci_runs_the_one_set_up_script_which_installs_node() -> None:
    """check.yml runs `.ci/run` and nothing else; `.ci/run` installs what it then uses (on a
    bare Debian: Python's venv, Node and npm), after `apt-get update`."""
    workflow = yaml.safe_load((PROJECT / ".github/workflows/check.yml").read_text("utf-8"))
    (job,) = workflow["jobs"].values()
    assert job["container"].startswith("debian:")
    runs = [step["run"] for step in job["steps"] if "run" in step]
    assert runs == ["bash .ci/run"]
    script = (PROJECT / ".ci/run").read_text(encoding="utf-8")
    update = script.index("apt-get update")
    install = script.index("apt-get install", update)
    # The package list is built between the update and the install (Node and npm only where
    # the machine has no npm: Debian's conflicts with a Node.js that brings its own).
    packages = script[update : script.index("> /dev/null", install)].replace("(", " ").split()
    for needed in ("python3", "python3-venv", "nodejs", "npm", "chromium", "git"):
        assert needed in packages, needed
    assert "command -v npm" in script[update:install]
    for used in ("npm ci", "python3 -m venv", "bulletin check --strict", "mkdocs build --strict",
                 "python -m pytest"):  # fmt: skip
        assert script.index(used) > install, used
