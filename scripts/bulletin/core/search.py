"""Exact Chinese search: a sharded, positional character-bigram index written as static files.

Why not a word index: word segmenters (jieba, the browser's Intl.Segmenter) cut the same phrase
differently in a document and in a query, so a reader who types a phrase that is in an article may
not find it. Indexing every pair of adjacent characters with its position, and matching a query's
pairs at consecutive positions, finds exactly the articles that contain the phrase (the method of
Lucene's CJK analyser and pg_bigm). Text and queries are folded the same way first: NFKC,
lower case, traditional characters to simplified (OpenCC's character table).

Files, under `search/` in the built site:
- `meta.json`: shard count and, per record, its year, category, source and kind (`a` an
  article, `p` a policy document), for filters;
- `t2s.json`: the traditional-to-simplified table, cut to characters the corpus uses;
- `index/<n>.json`: for each bigram hashed to shard n, its postings
  `[doc delta, count, position deltas...]...`; a query fetches only its bigrams' shards;
- `docs/<n>.json`: title, link, issue, date, attribution and plain text of articles
  4n … 4n+3, fetched only for the ten results shown.
Article ids run newest first, so date order is id order.
"""

from __future__ import annotations

import gc
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from .model import Article, Column
from .policies import Policy

# Files are few and mid-sized on purpose: creating a file costs about 0.5 ms on the disks
# measured here, so thousands of tiny files cost more build time than their bytes save readers.
SHARD_TARGET = 10_000  # positions per shard: a shard stays under about 10 KB gzipped
MIN_SHARDS = 16
DOCS_PER_FILE = 4  # article records per file in docs/; a result page fetches at most 10 files


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
_SEEN: set[str] = set()


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
    for char in set(text).difference(_SEEN):  # each character is folded once per process
        _FOLDED[ord(char)] = fold_char(char)
        _SEEN.add(char)
    return text.translate(_FOLDED)


# Runs of letters and digits of any script (str.isalnum, as \p{L}\p{N} in search.js);
# everything else separates, so 重大。大事 never matches 重大事.
_WORD_RUN = re.compile(r"[^\W_]+")


def bigrams(folded: str) -> Iterator[tuple[str, int]]:
    """Each pair of adjacent word characters with its position; never single characters."""
    for match in _WORD_RUN.finditer(folded):
        run, start = match.group(), match.start()
        for i in range(len(run) - 1):
            yield run[i : i + 2], start + i


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


ARTICLE, POLICY = "a", "p"


@dataclass
class SearchDoc:
    title: str
    url: str
    label: str
    date: str
    source: str
    category: str | None
    text: str  # what readers see in excerpts; searched as title + attribution + text
    kind: str = ARTICLE  # ARTICLE (专刊文章) or POLICY (政策文件: label is its 发文字号)

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


def with_policies(docs: list[SearchDoc], policies: list[Policy]) -> list[SearchDoc]:
    """Article records and one record per policy document (its 发文字号 as the label, its
    publisher as the source), merged newest first so ids still run in date order."""
    extra = [
        SearchDoc(policy.title, policy.url, policy.doc_no, policy.date.isoformat(),
                  policy.publisher, None, plain_text(policy.text), POLICY)
        for policy in policies
    ]  # fmt: skip
    return sorted([*docs, *extra], key=lambda doc: doc.date, reverse=True)  # stable


def build_postings(docs: list[SearchDoc]) -> dict[str, list[int]]:
    """bigram → encoded postings `[doc delta, count, position deltas...]...`, docs ascending.

    Vectorised with NumPy: a Python loop over every character pair cost about 2.5 s at
    2,500 articles, most of the search index's build time.
    """
    texts = [fold(doc.searchable) for doc in docs]
    if not texts:
        return {}
    # One array of code points for the whole corpus; NUL between articles is not a word char.
    points = np.frombuffer("\0".join(texts).encode("utf-32-le"), dtype=np.uint32)
    lengths = np.array([len(t) + 1 for t in texts], dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    doc_of = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)[: len(points)]
    position = np.arange(len(points), dtype=np.int64) - starts[doc_of]
    distinct = np.unique(points)
    word = np.array([chr(c).isalnum() for c in distinct.tolist()], dtype=bool)
    is_word = word[np.searchsorted(distinct, points)]
    pair = is_word[:-1] & is_word[1:]
    keys = (points[:-1][pair].astype(np.uint64) << np.uint64(21)) | points[1:][pair].astype(
        np.uint64
    )
    # Pairs arrive in (article, position) order, so a stable sort on the bigram alone keeps it.
    order = np.argsort(keys, kind="stable")
    keys, doc, pos = keys[order], doc_of[:-1][pair][order], position[:-1][pair][order]
    return _encode(keys, doc, pos)


def _encode(
    keys: NDArray[np.uint64], doc: NDArray[np.int64], pos: NDArray[np.int64]
) -> dict[str, list[int]]:
    """Delta-encode sorted (bigram, doc, position) triples into one flat list per bigram."""
    total = len(keys)
    new_gram = np.ones(total, dtype=bool)
    new_gram[1:] = keys[1:] != keys[:-1]
    new_group = new_gram.copy()  # a group is one bigram in one article
    new_group[1:] |= doc[1:] != doc[:-1]
    group_start = np.flatnonzero(new_group)
    counts = np.diff(np.append(group_start, total))
    group_doc = doc[group_start]
    doc_delta = group_doc - np.concatenate(([0], group_doc[:-1]))
    group_opens_gram = new_gram[group_start]
    doc_delta[group_opens_gram] = group_doc[group_opens_gram]
    pos_delta = pos - np.concatenate(([0], pos[:-1]))
    pos_delta[group_start] = pos[group_start]
    groups = len(group_start)
    flat = np.empty(total + 2 * groups, dtype=np.int64)
    header = group_start + 2 * np.arange(groups)
    flat[header], flat[header + 1] = doc_delta, counts
    group_of = np.repeat(np.arange(groups), counts)
    flat[np.arange(total) + 2 * (group_of + 1)] = pos_delta
    gram_header = header[group_opens_gram]
    bounds = np.append(gram_header, len(flat)).tolist()
    gram_keys = keys[group_start[group_opens_gram]].tolist()
    values = flat.tolist()
    return {
        chr(key >> 21) + chr(key & 0x1FFFFF): values[bounds[i] : bounds[i + 1]]
        for i, key in enumerate(gram_keys)
    }


def encode_postings(entries: list[tuple[int, list[int]]]) -> list[int]:
    """Delta-encode `[(doc, positions)]` as `[doc delta, count, position deltas...]...`
    (the reference form of what `build_postings` produces, used by tests)."""
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
    # Millions of small ints are made here; inside a build, whose heap holds every page, each
    # garbage-collector pass walks that heap. Collection is paused: nothing here makes cycles.
    frozen = gc.isenabled()
    gc.disable()
    try:
        _write_index(site_dir / "search", docs)
    finally:
        if frozen:
            gc.enable()


def _write_index(base: Path, docs: list[SearchDoc]) -> None:
    postings = build_postings(docs)
    shards = shard_count(sum(len(p) for p in postings.values()))
    buckets: list[dict[str, list[int]]] = [{} for _ in range(shards)]
    for gram in sorted(postings):
        buckets[shard_of(gram, shards)][gram] = postings[gram]
    used = {char for gram in postings for char in gram}
    files: dict[Path, object] = {
        base / "meta.json": _meta(docs, shards),
        base / "t2s.json": {t: s for t, s in sorted(t2s_table().items()) if s in used},
    }
    files |= {base / "index" / f"{n}.json": bucket for n, bucket in enumerate(buckets)}
    for start in range(0, len(docs), DOCS_PER_FILE):
        chunk = [_record(doc) for doc in docs[start : start + DOCS_PER_FILE]]
        files[base / "docs" / f"{start // DOCS_PER_FILE}.json"] = chunk
    for folder in ("index", "docs"):
        (base / folder).mkdir(parents=True, exist_ok=True)
    for path, data in files.items():
        _write(path, data)


def _record(doc: SearchDoc) -> dict[str, str]:
    return {
        "t": doc.title, "u": doc.url, "l": doc.label, "d": doc.date,
        "s": doc.source, "c": doc.category or "", "x": doc.text, "k": doc.kind,
    }  # fmt: skip


def _meta(docs: list[SearchDoc], shards: int) -> dict[str, object]:
    categories = sorted({d.category for d in docs if d.category})
    sources = sorted({d.source for d in docs if d.kind == ARTICLE})  # units of 专刊文章 only
    category_ids = {name: i for i, name in enumerate(categories)}
    source_ids = {name: i for i, name in enumerate(sources)}
    return {
        "shards": shards,
        "docsPerFile": DOCS_PER_FILE,
        "count": len(docs),
        "years": [int(d.date[:4]) for d in docs],
        "categories": categories,
        "category": [category_ids[d.category] if d.category else -1 for d in docs],
        "sources": sources,
        "source": [source_ids.get(d.source, -1) if d.kind == ARTICLE else -1 for d in docs],
        "kind": [d.kind for d in docs],
    }


_HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def _write(path: Path, data: object) -> None:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # Editors' text stays inert even if the JSON is ever read as HTML.
    path.write_text(text.translate(_HTML_SAFE), encoding="utf-8")
