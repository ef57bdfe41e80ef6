"""The editors' files as MkDocs files: each issue file is its page's source with the destination
remapped to the contract's URL (as Material's blog plugin remaps posts), and each image or
attachment an issue refers to is an ordinary media file beside it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel

from ..core.model import Issue


def issue_files(config: MkDocsConfig, root: Path, issues: list[Issue]) -> Iterator[File]:
    """`issues/2023/02.md` published at `issues/2023/2/index.html`, out of the navigation."""
    for issue in issues:
        file = _project_file(config, root, issue.path)
        file.inclusion = InclusionLevel.NOT_IN_NAV
        file.dest_uri = f"{issue.url}index.html"
        yield file


def asset_files(config: MkDocsConfig, root: Path, issues: list[Issue]) -> Iterator[File]:
    """Every image and attachment of the published issues, once, at its own path."""
    seen: set[str] = set()
    for issue in issues:
        for asset in issue.assets:
            if asset.source_uri not in seen:
                seen.add(asset.source_uri)
                yield _project_file(config, root, asset.source_uri)


def _project_file(config: MkDocsConfig, root: Path, uri: str) -> File:
    return File(uri, str(root), config.site_dir, config.use_directory_urls)
