"""A Python-Markdown extension that wraps each article of an issue page in a <section>.

Raw `<section markdown>` wrappers made every issue page go through Python-Markdown's HTML
parser and cost a fifth of the build's Markdown time; moving the finished heading and what
follows it into a section is one pass over the top-level elements.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ARTICLE_TITLE = "bulletin-article__title"  # the class our issue template puts on article headings


class _SectionWrapper(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        children = list(root)
        if not any(_is_article_title(child) for child in children):
            return  # hand-written pages are left alone
        section: etree.Element | None = None
        for child in children:
            if _is_article_title(child):
                section = etree.Element("section", {"class": "bulletin-article"})
                if child.get("id"):
                    section.set("aria-labelledby", child.get("id", ""))
                root.insert(list(root).index(child), section)
            if section is not None:
                root.remove(child)
                section.append(child)


def _is_article_title(element: etree.Element) -> bool:
    return element.tag == "h2" and ARTICLE_TITLE in element.get("class", "").split()


class SectionsExtension(Extension):
    """Register the wrapper after attr_list and toc have given headings their ids."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_SectionWrapper(md), "bulletin_sections", 4)
