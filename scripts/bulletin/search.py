"""Exact Chinese search: a sharded, positional character-bigram index written as static files.

Why not a word index: word segmenters (jieba, the browser's Intl.Segmenter) cut the same phrase
differently in a document and in a query, so a reader who types a phrase that is in an article may
not find it. Indexing every pair of adjacent characters with its position, and matching a query's
pairs at consecutive positions, finds exactly the articles that contain the phrase (the method of
Lucene's CJK analyser and pg_bigm). Text and queries are folded the same way first: NFKC,
lower case, traditional characters to simplified (OpenCC's character table).

Files, under `search/` in the built site:
- `meta.json`: shard count and, per article, its year, category and source (for filters);
- `t2s.json`: the traditional-to-simplified table, cut to characters the corpus uses;
- `index/<n>.json`: for each bigram hashed to shard n, its postings
  `[doc delta, count, position deltas...]...`; a query fetches only its bigrams' shards;
- `docs/<id>.json`: one article's title, link, issue, date, attribution and plain text, fetched
  only for the results shown.
Article ids run newest first, so date order is id order.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from .model import Article, Column

SHARD_TARGET = 4000  # positions per shard, so one shard stays a few KB gzipped
MIN_SHARDS = 16


@cache
def t2s_table() -> dict[str, str]:
    """Traditional → simplified, one character each, from OpenCC's TSCharacters table."""
    text = resources.files("opencc").joinpath("dictionary/TSCharacters.txt").read_text("utf-8")
    table = {}
    for line in text.splitlines():
        source, _, targets = line.partition("\t")
        target = targets.split(" ")[0] if targets else ""
        if len(source) == 1 and len(target) == 1 and source != target:
            table[source] = target
    return table


_FOLDED: dict[int, str] = {}


def fold_char(char: str) -> str:
    """NFKC, lower case, traditional → simplified; a character whose form would change length
    keeps its own, so positions in folded text are positions in the original."""
    folded = unicodedata.normalize("NFKC", char)
    folded = folded if len(folded) == 1 else char
    lower = folded.lower()
    folded = lower if len(lower) == 1 else folded
    return t2s_table().get(folded, folded)


def fold(text: str) -> str:
    """The form both articles and queries are indexed in; one character in, one out."""
    for char in set(text):  # each distinct character is folded once per process
        if ord(char) not in _FOLDED:
            _FOLDED[ord(char)] = fold_char(char)
    return text.translate(_FOLDED)


def is_word(char: str) -> bool:
    """Letters and digits of any script join into bigrams; everything else separates."""
    return char.isalnum()


def bigrams(folded: str) -> Iterator[tuple[str, int]]:
    """Each pair of adjacent word characters with its position; never single characters."""
    for i in range(len(folded) - 1):
        if is_word(folded[i]) and is_word(folded[i + 1]):
            yield folded[i : i + 2], i


def shard_of(gram: str, shards: int) -> int:
    """FNV-1a over UTF-16 code units, the same function as search.js."""
    h = 0x811C9DC5
    data = gram.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h ^= data[i] | (data[i + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h % shards


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
    title: str
    url: str
    label: str
    date: str
    source: str
    category: str | None
    text: str  # what readers see in excerpts; searched as title + attribution + text

    @property
    def searchable(self) -> str:
        category = f" 类别 {self.category}" if self.category else ""
        return f"{self.title}\n来源 {self.source}{category}\n{self.text}"


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


def build_postings(docs: list[SearchDoc]) -> dict[str, list[tuple[int, list[int]]]]:
    """bigram → [(doc id, positions)], doc ids ascending."""
    postings: dict[str, dict[int, list[int]]] = defaultdict(dict)
    for doc_id, doc in enumerate(docs):
        for gram, position in bigrams(fold(doc.searchable)):
            postings[gram].setdefault(doc_id, []).append(position)
    return {gram: sorted(by_doc.items()) for gram, by_doc in postings.items()}


def encode_postings(entries: list[tuple[int, list[int]]]) -> list[int]:
    """Delta-encode `[(doc, positions)]` as `[doc delta, count, position deltas...]...`."""
    flat: list[int] = []
    previous_doc = 0
    for doc_id, positions in entries:
        flat += [doc_id - previous_doc, len(positions)]
        previous = 0
        for position in positions:
            flat.append(position - previous)
            previous = position
        previous_doc = doc_id
    return flat


def shard_count(total_positions: int) -> int:
    """A power of two giving about SHARD_TARGET positions per shard."""
    shards = MIN_SHARDS
    while total_positions / shards > SHARD_TARGET:
        shards *= 2
    return shards


def write_search_index(site_dir: Path, docs: list[SearchDoc]) -> None:
    """Write meta, table, index shards and per-article records under site_dir/search/."""
    base = site_dir / "search"
    postings = build_postings(docs)
    shards = shard_count(sum(len(p) for entries in postings.values() for _, p in entries))
    buckets: list[dict[str, list[int]]] = [{} for _ in range(shards)]
    for gram in sorted(postings):
        buckets[shard_of(gram, shards)][gram] = encode_postings(postings[gram])
    _write(base / "meta.json", _meta(docs, shards))
    used = {char for gram in postings for char in gram}
    _write(base / "t2s.json", {t: s for t, s in sorted(t2s_table().items()) if s in used})
    for n, bucket in enumerate(buckets):
        _write(base / "index" / f"{n}.json", bucket)
    for doc_id, doc in enumerate(docs):
        record = {"t": doc.title, "u": doc.url, "l": doc.label, "d": doc.date, "s": doc.source}
        record |= {"c": doc.category or "", "x": doc.text}
        _write(base / "docs" / f"{doc_id}.json", record)


def _meta(docs: list[SearchDoc], shards: int) -> dict[str, object]:
    categories = sorted({d.category for d in docs if d.category})
    sources = sorted({d.source for d in docs})
    category_ids = {name: i for i, name in enumerate(categories)}
    source_ids = {name: i for i, name in enumerate(sources)}
    return {
        "shards": shards,
        "count": len(docs),
        "years": [int(d.date[:4]) for d in docs],
        "categories": categories,
        "category": [category_ids[d.category] if d.category else -1 for d in docs],
        "sources": sources,
        "source": [source_ids[d.source] for d in docs],
    }


def _write(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    path.write_text(text, encoding="utf-8")
