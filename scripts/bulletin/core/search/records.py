"""What is searched and shown for each article: its record, in the column's order."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..linebreaks import join_soft_breaks
from ..model import Article, Column
from ..policies import Policy

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
    # A wrapped line is one sentence on the page, so a phrase across the break is found.
    return re.sub(r"\n{2,}", "\n", join_soft_breaks(text)).strip()


ARTICLE, POLICY = "a", "p"  # a 专刊文章, a 政策文件


@dataclass
class SearchDoc:
    """One article (or policy document) as search sees it."""

    title: str
    url: str
    label: str
    date: str
    source: str
    category: str | None
    text: str  # what readers see in excerpts; searched as title + attribution + text
    kind: str = ARTICLE  # ARTICLE, or POLICY: its label is its 发文字号, its source its publisher
    # In a site of several columns: the article's column (its slug, and its name for results).
    column: str | None = None
    column_name: str | None = None

    @property
    def searchable(self) -> str:
        """The text a query is matched against (search.js rebuilds it the same way)."""
        category = f" 类别 {self.category}" if self.category else ""
        return f"{self.title}\n来源 {self.source}{category}\n{self.text}"

    def record(self) -> dict[str, str]:
        """The short-keyed JSON record search.js shows a result from."""
        found = {
            "t": self.title, "u": self.url, "l": self.label, "d": self.date,
            "s": self.source, "c": self.category or "", "x": self.text, "k": self.kind,
        }  # fmt: skip
        if self.column_name:  # the column a result comes from (a site of several)
            found["m"] = self.column_name
        return found


def search_docs(articles: list[Article], column: Column) -> list[SearchDoc]:
    """One record per article, in the order given (newest first)."""
    docs = []
    slug, name = (column.slug, column.name) if column.slug else (None, None)
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
                column=slug,
                column_name=name,
            )
        )
    return docs


def site_docs(columns: list[tuple[list[Article], Column]]) -> list[SearchDoc]:
    """Every column's records, newest first across columns (record ids run in date order)."""
    docs = [doc for articles, column in columns for doc in search_docs(articles, column)]
    if len(columns) == 1:
        return docs  # a column's own order, as it always was
    return sorted(docs, key=lambda doc: doc.date, reverse=True)  # stable


def with_policies(docs: list[SearchDoc], policies: list[Policy]) -> list[SearchDoc]:
    """Article records and one record per policy document, merged newest first so record ids
    still run in date order (the layout's segments depend on it)."""
    extra = [
        SearchDoc(policy.title, policy.url, policy.doc_no, policy.date.isoformat(),
                  policy.publisher, None, plain_text(policy.text), POLICY)
        for policy in policies
    ]  # fmt: skip
    return sorted([*docs, *extra], key=lambda doc: doc.date, reverse=True)  # stable
