"""`bulletin import FILE…`: Word documents and old column pages in, draft issue files out.

Reading and recognising live in `bulletin.core.importing`; this module finds the files, asks the
column which numbers are taken, writes what can be written and prints one line per finding.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from ..core.column import issue_files, load_column, shown_path
from ..core.errata import ERRATA_FILE, load_errata
from ..core.importing.document import SourceDocument, Unreadable
from ..core.importing.docx import read_docx
from ..core.importing.findings import describe
from ..core.importing.page import read_page
from ..core.importing.placement import Overrides, Placement, place_issues
from ..core.importing.structure import ImportedIssue, TitleRule, recognise_issue
from ..core.importing.writer import IssueFields, render_issue
from ..core.model import Column
from ..core.proofing import proofread_one
from .settings import chosen_column

_READERS: dict[str, tuple[Callable[[Path], SourceDocument | Unreadable], TitleRule | None]] = {
    ".docx": (read_docx, None),
    ".doc": (read_docx, None),  # refused with a clear reason by the reader
    ".html": (read_page, TitleRule.PLAIN),
    ".htm": (read_page, TitleRule.PLAIN),
    ".shtml": (read_page, TitleRule.PLAIN),
    ".txt": (read_page, TitleRule.PLAIN),
}


def run_import(
    config_file: Path,
    names: list[str],
    overrides: Overrides,
    today: date,
    slug: str | None = None,
) -> int:
    """Import every named file (folders: every page in them) into the column (`slug`'s in a
    site of several); 1 if any could not be imported, 2 if the column is not named."""
    column, errors, code = chosen_column(config_file, slug)
    if column is None:
        print("\n".join(errors), file=sys.stderr)
        return code
    root = config_file.parent
    files, failures = expand_inputs(names)
    if overrides.number is not None and len(files) > 1:
        failures.append("--number: 只能在导入单个文件时指定期号")
        files = []
    imported = _read_all(files, failures)
    for placement in _place(root, column, imported, overrides, today):
        failures += _write(root, placement)
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


def _read_all(
    files: list[tuple[str, Path]], failures: list[str]
) -> list[tuple[str, ImportedIssue]]:
    """Every file that can be read, recognised; a `name: reason` failure for each other."""
    imported = []
    for name, file in files:
        issue, problem = read_issue_file(file)
        if problem:
            failures.append(f"{name}: {problem}")
        elif issue is not None:
            imported.append((name, issue))
    return imported


def expand_inputs(names: list[str]) -> tuple[list[tuple[str, Path]], list[str]]:
    """Files as given, and a folder's importable files; problems for what is not there."""
    files: list[tuple[str, Path]] = []
    problems: list[str] = []
    for name in names:
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in _READERS)
            files += [(p.as_posix(), p) for p in found]
            if not found:
                problems.append(f"{name}: 文件夹中没有可导入的 .docx、.html 或 .txt 文件")
        elif not path.is_file():
            problems.append(f"{name}: 文件不存在")
        elif path.suffix.lower() not in _READERS:
            problems.append(f"{name}: 只能导入 .docx（Word）、.html 或 .txt（旧栏目网页）文件")
        else:
            files.append((name, path))
    return files, problems


def read_issue_file(path: Path) -> tuple[ImportedIssue | None, str | None]:
    """Read and recognise one file, or say in Chinese why it cannot be read."""
    reader, rule = _READERS[path.suffix.lower()]
    document = reader(path)
    if isinstance(document, Unreadable):
        return None, document.reason
    return recognise_issue(document, rule), None


def _place(
    root: Path,
    column: Column,
    imported: list[tuple[str, ImportedIssue]],
    overrides: Overrides,
    today: date,
) -> list[Placement]:
    loaded = load_column(root, column, include_drafts=True)
    existing_paths = {shown_path(root, path) for path in issue_files(root, column)}
    return place_issues(imported, column, loaded.issues, overrides, today, existing_paths)


def _write(root: Path, placement: Placement) -> list[str]:
    """Write one issue and its images, print its path and findings; or return why not."""
    if placement.conflicts:
        return [f"{placement.name}: {conflict}" for conflict in placement.conflicts]
    colophon = placement.issue.colophon
    fields = IssueFields(
        placement.number, placement.date, placement.source, colophon.roles, colophon.distribution
    )
    issue_file = render_issue(placement.issue, fields)
    target = root / placement.path
    target.parent.mkdir(parents=True, exist_ok=True)
    for image_name, data in issue_file.images.items():
        (target.parent / image_name).write_bytes(data)
    target.write_text(issue_file.text, encoding="utf-8")
    print(placement.path)
    print(f"{placement.path}: 导入自 {placement.name}")
    for finding in describe(placement, list(issue_file.images)):
        print(finding.format(placement.path))
    for warning in placement.warnings:
        print(f"{placement.path}: 警告: {warning}")
    errata, _ = load_errata(root / ERRATA_FILE, ERRATA_FILE)  # its problems: `bulletin check`
    for problem in proofread_one(errata, placement.path, issue_file.text):
        print(problem.format())
    return []
