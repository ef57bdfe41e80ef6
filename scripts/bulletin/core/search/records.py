"""What is searched and shown for each article: its record, in the column's order."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Article, Column

_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_HTML_TAG = re.compile(r"<[^>]+>")
_MD_MARKS = re.compile(r"(^|\n)\s*(#+|>|[-*+]|\d+\.)\s+|[*_`~]{1,3}|\{:?[^}]*\}")


def plain_text(markdown: str) -> str:
    """Readable text of an article body: no markup, images reduced to their alt text."""
    text = _MD_IMAGE.sub(r"\1", markdown)
    text = _MD_LINK.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    text = _MD_MARKS.sub(r"\1", text)
    return re.sub(r"\n{2,}", "\n", text).strip()


@dataclass
class SearchDoc:
    """One article as search sees it."""

    title: str
    url: str
    label: str
    date: str
    source: str
    category: str | None
    text: str  # what readers see in excerpts; searched as title + attribution + text

    @property
    def searchable(self) -> str:
        """The text a query is matched against (search.js rebuilds it the same way)."""
        category = f" 类别 {self.category}" if self.category else ""
        return f"{self.title}\n来源 {self.source}{category}\n{self.text}"

    def record(self) -> dict[str, str]:
        """The short-keyed JSON record search.js shows a result from."""
        return {
            "t": self.title, "u": self.url, "l": self.label, "d": self.date,
            "s": self.source, "c": self.category or "", "x": self.text,
        }  # fmt: skip


def search_docs(articles: list[Article], column: Column) -> list[SearchDoc]:
    """One record per article, in the order given (newest first)."""
    docs = []
    for article in articles:
        issue = article.issue
        assert issue is not None
        docs.append(
            SearchDoc(
                title=article.title,
                url=article.url,
                label=issue.label(column),
                date=issue.date.isoformat(),
                source=article.attribution.source,
                category=article.attribution.category,
                text=plain_text(article.body),
            )
        )
    return docs
