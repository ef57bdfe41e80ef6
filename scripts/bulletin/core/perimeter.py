"""What the whole project may not contain, checked once per build and per `bulletin check`:
symlinks under the editors' folders, hand-written pages MkDocs cannot render safely, and
published files that resolve outside the project."""

from __future__ import annotations

from pathlib import Path

from .column import LoadedColumn, shown_path
from .pagemeta import page_meta_problems, template_dirs
from .problems import Problem
from .safety import outside_problems, symlink_problems
from .sources import body_limits, read_clean_text


def perimeter_problems(root: Path, loaded: LoadedColumn, docs: Path) -> list[Problem]:
    """Problems of the project as a whole, beyond each issue's own."""
    problems = symlink_problems(root, [root / loaded.column.issues_dir, docs])
    dirs = template_dirs(root)
    for page in sorted(docs.rglob("*.md")):
        problems += _page_problems(page, shown_path(root, page), dirs)
    published = [
        (issue.path, str(root / asset.source_uri), None)
        for issue in loaded.issues
        for asset in issue.assets
    ]
    return problems + outside_problems(root, published)


def _page_problems(page: Path, shown: str, dirs: list[Path]) -> list[Problem]:
    """A hand-written page MkDocs will render: readable, no control characters, a body nested
    no deeper than an issue's may be, and front matter that cannot break the build. Folders
    named like pages are MkDocs' concern."""
    if page.is_dir() and not page.is_symlink():
        return []
    text = read_clean_text(page, shown)
    if isinstance(text, list):
        return text
    return body_limits(text, shown) + page_meta_problems(text, shown, dirs)
