"""Everything editors wrote, read and validated in one pass: issues, policy documents, 错敏词.

The build and `bulletin check` both call `check_site`, so they report the same problems.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .campaign import campaign_problems
from .column import IssueCache, LoadedColumn, issue_files, load_column
from .errata import ERRATA_FILE, load_errata
from .forking import in_two
from .hub import Site, find_site
from .metadata import setting_problems
from .model import Column, Issue
from .perimeter import perimeter_problems
from .policies import Policy, hold_policies, load_policies
from .problems import Problem
from .proofing import column_problems, prepare, proofread_files
from .safety import shorten


@dataclass
class CheckedSite:
    columns: list[LoadedColumn]  # one, or each of `columns/<slug>/` (contract section 8)
    policies: list[Policy]
    problems: list[Problem]
    site: Site
    # Hand-written pages held back until their date (hold_future), by project-relative path:
    # the build leaves them out of the site.
    withheld: list[str] = field(default_factory=list)

    @property
    def loaded(self) -> LoadedColumn:
        """The first column: a site of one column's only one."""
        return self.columns[0]

    @property
    def issues(self) -> list[Issue]:
        """Every column's published issues."""
        return [issue for loaded in self.columns for issue in loaded.issues]


def check_site(
    root: Path,
    column: Column,
    docs: Path,
    include_drafts: bool,
    cache: IssueCache | None = None,
) -> CheckedSite:
    """Load the column and the policy documents, scan them and the pages for 错敏词 and the
    proofing checks (core/proofing); `cache`
    keeps unchanged issue files' results across the rebuilds of a preview."""
    docs_folder = docs.resolve().relative_to(root.resolve()).as_posix()
    site, problems = find_site(root, column)
    columns = [load_column(root, c, include_drafts, docs_folder, cache) for c in site.columns]
    policies, policy_problems = load_policies(root, docs, column.index_no_pattern)
    problems += policy_problems
    policies, held, notices = hold_policies(policies, column, include_drafts)
    problems += notices
    errata, errata_problems = load_errata(root / ERRATA_FILE, ERRATA_FILE)
    # Every issue file, drafts too (check and build see the same), and every hand-written page.
    issues = [path for c in site.columns for path in issue_files(root, c)]
    texts = issues + sorted(docs.rglob("*.md"))
    if cache is None:
        prepare()
        read = in_two(partial(proofread_files, errata, root, docs), texts)
    else:  # only the files that changed since the last rebuild of the preview
        read = [
            result
            for path in texts
            for result in cache.remember(
                "errata", path, errata, partial(proofread_files, errata, root, docs, [path])
            )
        ]
    scanned = column_problems(errata, root, docs, texts, read)
    everything = [*problems, *errata_problems, *scanned]
    for loaded in columns:
        everything += loaded.problems + campaign_problems(loaded.issues, loaded.column)
        everything += perimeter_problems(root, loaded, docs)
    everything += setting_problems(column)
    # A file's problem found by two passes is listed once; long values are cut in messages.
    everything = list(dict.fromkeys(map(shorten, everything)))
    everything.sort(key=lambda p: (p.path, p.line or 0, p.column or 0))
    return CheckedSite(columns, policies, everything, site, [policy.path for policy in held])
