"""A Python-Markdown extension that lays out an issue page from the editor's own Markdown.

MkDocs converts the editor's file as it is; this extension then applies what the core
already read from it (`bulletin.core.body`), at the places the core recorded, never by looking for
the text again: the label 编者按： is marked up where the core found it and the blockquote becomes
the note; each 来源 line the core read is replaced, on its line, by the one the template
`bulletin/attribution.html` renders from the model (articles without one get it under their
heading); each article heading, paired with the core's articles one to one, gets its stable id;
each article is wrapped in a <section>; and links the core resolved (to other issues, articles
and hand-written pages) are pointed at their source files so MkDocs turns them into page URLs.

The core's places are lines of the issue file. Another plugin may change the Markdown before it
is converted: while the body the core read is still there whole, its lines are found by where it
starts; otherwise the page shows the editor's 来源 lines as written, with a warning.
"""

from __future__ import annotations

import logging
import posixpath
import xml.etree.ElementTree as etree
from collections.abc import Callable
from urllib.parse import urlsplit

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from ..core.model import Article, Issue, Span

ARTICLE_TITLE = "bulletin-article__title"
RenderAttribution = Callable[[Article], str]
NOTE_LABEL = "<strong>编者按：</strong>"
log = logging.getLogger("mkdocs.plugins.bulletin")


class IssuePageExtension(Extension):
    """Holds the issue being rendered; the plugin sets it before each page and clears it after."""

    def __init__(self, docs_prefix: str) -> None:
        super().__init__()
        self.docs_prefix = docs_prefix  # project-relative folder of hand-written pages, e.g. docs/
        self.issue: Issue | None = None
        self.render_attribution: RenderAttribution | None = None
        self.first_line: int | None = None  # of the issue file, on Markdown's line 0
        self.raw_lines: list[str] = []  # Markdown's lines as given, before tabs are expanded

    def extendMarkdown(self, md: Markdown) -> None:
        # Where the core's body is, on the Markdown as given (before normalize_whitespace (30)
        # expands tabs); the edits after it (which keeps lines where they are, and takes out
        # the placeholders' control characters) and before html_block (20) moves lines.
        md.preprocessors.register(_FindBody(md, self), "bulletin_issue_body", 35)
        md.preprocessors.register(_MarkLines(md, self), "bulletin_issue_lines", 25)
        # After attr_list (8) has applied `{#id}`, before toc (5) collects ids for the TOC and
        # MkDocs reads anchors (5) and rewrites .md links (0).
        md.treeprocessors.register(_IssueLayout(md, self), "bulletin_issue_page", 6)


class _FindBody(Preprocessor):
    """Which line of the issue file Markdown's first line is, while the core's body is whole."""

    def __init__(self, md: Markdown, extension: IssuePageExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        issue = self.extension.issue
        self.extension.first_line = None
        self.extension.raw_lines = lines[:]  # the core's columns count in these, before tabs expand
        if issue is not None:
            self.extension.first_line = first_line(lines, issue)
            if self.extension.first_line is None:
                log.warning("%s：正文在转换前被其他插件改动，来源行按原文显示", issue.path)
        return lines


def first_line(lines: list[str], issue: Issue) -> int | None:
    """The file line of `lines[0]`, when `lines` hold the issue's body unchanged at a line start
    (MkDocs drops the blank lines after the front matter; a hook may add lines around it)."""
    body = issue.body.lstrip("\n")
    dropped = len(issue.body) - len(body)
    text = "\n".join(lines)
    at = text.find(body.rstrip("\n")) if body.strip() else -1
    if at < 0 or (at > 0 and text[at - 1] != "\n"):
        return None
    return issue.body_line + dropped - text.count("\n", 0, at)


class _MarkLines(Preprocessor):
    """Puts the rendered 编者按 label and 来源 lines at the lines where the core read them."""

    def __init__(self, md: Markdown, extension: IssuePageExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        extension = self.extension
        issue, render, first = extension.issue, extension.render_attribution, extension.first_line
        if issue is None or render is None or first is None:
            return lines
        if issue.note_label is not None:
            self._replace(lines, first, issue.note_label, NOTE_LABEL)
        for article in issue.articles:
            if article.attribution_at is not None:
                self._replace(lines, first, article.attribution_at, render(article))
        return lines

    def _replace(self, lines: list[str], first: int, span: Span, html: str) -> None:
        index = span.line - first
        # Markdown has expanded tabs since the core counted columns (normalize_whitespace, 30):
        # the same columns, counted on the expanded line.
        raw = self.extension.raw_lines[index]
        start = len(raw[: span.start].expandtabs(self.md.tab_length))
        end = len(raw[: span.end].expandtabs(self.md.tab_length))
        placeholder = self.md.htmlStash.store(html)
        lines[index] = lines[index][:start] + placeholder + lines[index][end:]


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
        # The body's first block (another plugin may have put blocks before the body).
        quote = next((child for child in root if child.tag in ("blockquote", "h2")), None)
        if quote is None or quote.tag != "blockquote":
            return  # the core found the note where Markdown did not: leave it as written
        quote.tag = "aside"
        quote.set("class", "bulletin-note")
        quote.set("aria-label", "编者按")

    def _lay_out_articles(
        self, root: etree.Element, issue: Issue, render: RenderAttribution
    ) -> None:
        # The core's articles are the `## ` headings Markdown makes h2 (an underlined heading
        # is an error before the build converts anything): one each, in order.
        headings = [child for child in root if child.tag == "h2"]
        if len(headings) != len(issue.articles):  # e.g. a `## ` line inside an HTML block
            raise ValueError(
                f"{issue.path}：转换后有 {len(headings)} 个二级标题，正文读出 "
                f"{len(issue.articles)} 篇文章；请检查「## 」标题是否写在 HTML 标签之间"
            )
        for heading, article in zip(headings, issue.articles, strict=True):
            heading.set("id", article.anchor)
            heading.set("class", f"{heading.get('class', '')} {ARTICLE_TITLE}".strip())
            if article.attribution_at is not None:
                continue  # rendered at its 来源 line (_MarkLines), or shown as written
            credit = etree.Element("p")
            credit.text = self.md.htmlStash.store(render(article))
            root.insert(list(root).index(heading) + 1, credit)
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
