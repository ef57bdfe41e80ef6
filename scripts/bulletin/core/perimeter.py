"""What the whole project may not contain, checked once per build and per `bulletin check`:
symlinks under the editors' folders, hand-written pages Markdown cannot render safely, and
published files that resolve outside the project."""

from __future__ import annotations

from pathlib import Path

from .column import LoadedColumn, shown_path
from .problems import Problem
from .safety import outside_problems, symlink_problems
from .sources import scan_page


def perimeter_problems(root: Path, loaded: LoadedColumn, docs: Path) -> list[Problem]:
    """Problems of the project as a whole, beyond each issue's own."""
    problems = symlink_problems(root, [root / loaded.column.issues_dir, docs])
    for page in sorted(docs.rglob("*.md")):
        problems += scan_page(page, shown_path(root, page))
    published = [
        (issue.path, asset.source_path, None) for issue in loaded.issues for asset in issue.assets
    ]
    return problems + outside_problems(root, published)
