"""A Python-Markdown extension that lays out an issue page from the editor's own Markdown.

MkDocs converts the editor's file as it is; this tree processor then applies what the core
already read from it (`bulletin.core.column`): the 编者按 blockquote becomes the note, each
article heading gets its stable id, its attribution line is replaced by the one the template
`bulletin/attribution.html` renders from the model, each article is wrapped in a <section>, and
links the core resolved (to other issues, articles and hand-written pages) are pointed at their
source files so MkDocs turns them into page URLs. No Markdown is rewritten as text.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as etree
from collections.abc import Callable
from urllib.parse import urlsplit

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from ..core.model import Article, Issue

ARTICLE_TITLE = "bulletin-article__title"
RenderAttribution = Callable[[Article], str]


class IssuePageExtension(Extension):
    """Holds the issue being rendered; the plugin sets it before each page and clears it after."""

    def __init__(self, docs_prefix: str) -> None:
        super().__init__()
        self.docs_prefix = docs_prefix  # project-relative folder of hand-written pages, e.g. docs/
        self.issue: Issue | None = None
        self.render_attribution: RenderAttribution | None = None

    def extendMarkdown(self, md: Markdown) -> None:
        # After attr_list (8) has applied `{#id}`, before toc (5) collects ids for the TOC and
        # MkDocs reads anchors (5) and rewrites .md links (0).
        md.treeprocessors.register(_IssueLayout(md, self), "bulletin_issue_page", 6)


class _IssueLayout(Treeprocessor):
    def __init__(self, md: Markdown, extension: IssuePageExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        issue, render = self.extension.issue, self.extension.render_attribution
        if issue is None or render is None:
            return  # not an issue page
        self._mark_note(root, issue)
        self._lay_out_articles(root, issue, render)
        self._point_links(root, issue)

    def _mark_note(self, root: etree.Element, issue: Issue) -> None:
        if issue.editor_note is None:
            return
        quote = root[0] if len(root) and root[0].tag == "blockquote" else None
        if quote is None:
            return  # the core found the note where Markdown did not: leave it as written
        quote.tag = "aside"
        quote.set("class", "bulletin-note")
        quote.set("aria-label", "编者按")
        first = quote.find("p")
        if first is not None and first.text:
            label = etree.Element("strong")
            label.text = "编者按："
            label.tail = first.text.split("按", 1)[1].lstrip(":： ")
            first.text = None
            first.insert(0, label)

    def _lay_out_articles(
        self, root: etree.Element, issue: Issue, render: RenderAttribution
    ) -> None:
        headings = [child for child in root if child.tag == "h2"]
        for heading, article in zip(headings, issue.articles, strict=False):
            heading.set("id", article.anchor)
            heading.set("class", f"{heading.get('class', '')} {ARTICLE_TITLE}".strip())
            credit = etree.Element("p")
            credit.text = self.md.htmlStash.store(render(article))
            children = list(root)
            after = children.index(heading) + 1
            if article.attribution_line is not None and _is_credit(children[after:]):
                root.remove(children[after])  # the editor's 来源 line, read by the core
            root.insert(after, credit)
        self._wrap_sections(root)

    def _wrap_sections(self, root: etree.Element) -> None:
        section: etree.Element | None = None
        for child in list(root):
            if child.tag == "h2" and ARTICLE_TITLE in child.get("class", ""):
                section = etree.Element("section", {"class": "bulletin-article"})
                section.set("aria-labelledby", child.get("id", ""))
                root.insert(list(root).index(child), section)
            if section is not None:
                root.remove(child)
                section.append(child)

    def _point_links(self, root: etree.Element, issue: Issue) -> None:
        targets = {link.written: link for link in issue.links if link.target}
        here = posixpath.dirname(issue.path)
        for element in root.iter("a"):
            link = targets.get(element.get("href", ""))
            if link is None or link.target is None:
                continue
            target = link.target.removeprefix(self.extension.docs_prefix)
            fragment = urlsplit(link.written).fragment
            href = posixpath.relpath(target, here) + (f"#{fragment}" if fragment else "")
            element.set("href", href)


def _is_credit(following: list[etree.Element]) -> bool:
    """Whether the element after a heading is the attribution line the core read."""
    return (
        bool(following) and following[0].tag == "p" and (following[0].text or "").startswith("来源")
    )
