"""Which generated pages a preview rebuild can serve as they were.

After an edit MkDocs renders every page again. A generated list page (a year of the archive,
a category's or a source unit's page, statistics) shows only its own data, so when a digest of
that data is unchanged its HTML from the previous rebuild is reused (`OutputCache`): at 500
issues that is about 130 pages, 0.66 s of a 2.45 s profiled rebuild for the group pages alone.
Pages whose templates read the column-wide `bulletin` globals (the archive, site map, policies
list, home) are always rendered: they are few.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..core.model import Article, Issue
from ..core.pages import ArchivePage, GeneratedPage, Group, PoliciesPage, SiteMapPage
from .preview import fingerprint

# Their templates read `bulletin.*` (every issue), not only the page's own fields.
READS_GLOBALS = (ArchivePage, SiteMapPage, PoliciesPage)


class IssueDigests:
    """One digest per issue and rebuild: its front matter, articles and place (`repr` leaves
    out the neighbour links, which list pages do not show)."""

    def __init__(self) -> None:
        self._digests: dict[int, str] = {}

    def of(self, issue: Issue) -> str:
        digest = self._digests.get(id(issue))
        if digest is None:
            digest = self._digests[id(issue)] = fingerprint(repr(issue))
        return digest


def generated_key(page: GeneratedPage, digests: IssueDigests, *context: object) -> str | None:
    """A digest of everything a generated page shows, or None if it cannot be told (the page
    reads the column-wide globals). `context` adds what every page depends on (settings,
    templates, the page's dates)."""
    if isinstance(page, READS_GLOBALS):
        return None
    return fingerprint(type(page).__name__, page.url, page.title, _data(page, digests), *context)


def _data(value: Any, digests: IssueDigests) -> Any:
    if isinstance(value, Group):
        # group.html and groups.html show a group's name, address and article count, never its
        # articles beyond the page's own: so an edit touches one page of a long group, not all.
        return (value.name, value.slug, value.url, len(value.articles))
    if isinstance(value, Issue):
        return digests.of(value)
    if isinstance(value, Article):
        assert value.issue is not None
        return (digests.of(value.issue), value.anchor)
    if isinstance(value, list | tuple):
        return [_data(item, digests) for item in value]
    if isinstance(value, dict):
        return [(key, _data(item, digests)) for key, item in value.items()]
    if is_dataclass(value) and not isinstance(value, type):
        return [(f.name, _data(getattr(value, f.name), digests)) for f in fields(value)]
    return repr(value)


class ReusedPage(Page):
    """An issue page that a preview rebuild serves from the previous rebuild's HTML.

    MkDocs' page loop still calls `render`; Page.render would build a Python-Markdown converter
    with every extension to convert nothing (28% of a 500-issue rebuild's CPU, profiled). Its
    anchors, for MkDocs' link checks, are the ones the core read from the issue file."""

    def __init__(self, file: File, config: MkDocsConfig, anchors: set[str]) -> None:
        super().__init__(None, file, config)
        self._anchors = anchors

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown:  # the plugin found it changed after all: convert it as usual
            super().render(config, files)
            return
        self.content = ""
        self.toc = get_toc([])
        self.present_anchor_ids = set(self._anchors)
