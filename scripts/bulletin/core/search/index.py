"""Building the search index: every pair of adjacent characters with its position, each
bigram's postings in article (date) order and cut into files by article range, so a query reads
its rarest bigram first and, of the others, only the ranges its candidates fall in; it stops when
a page of results is full (devdocs/search-index.md describes the files and the reasons).

Article ids run newest first (the order of the records given), so date order is id order.
"""

from __future__ import annotations

import gc
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from .fold import fold_points, indexable, t2s_table
from .layout import (
    AnyInts,
    Ints,
    interleave,
    pair_hash,
    previous,
    ranges,
    varint_sizes,
    varints,
)
from .records import ARTICLE, POLICY, SearchDoc

# Creating a file costs 0.15-0.5 ms of CPU on the machines measured here (more under load):
# files are a few kilobytes, not hundreds of bytes, so that 25,000 articles build in seconds.
FILE_BYTES = 12_000  # aimed size of a postings file: a common bigram's spans several
DIRECTORY_BYTES = 1_000  # aimed size of a directory file: a query reads one per bigram
DOCS_PER_FILE = 8  # article records a file: a page of ten results fetches at most ten


@dataclass
class Pairs:
    """Every indexed pair of the corpus, in (article, position) order.

    Characters are numbered densely in code-point order (codes[i] is character i's code
    point), and a pair is first × len(codes) + second: small integers that sort in the
    order of the bigrams' code points."""

    codes: NDArray[np.uint32]
    ids: AnyInts
    docs: AnyInts
    positions: AnyInts

    def first(self, ids: AnyInts) -> NDArray[np.uint32]:
        """The first character's code point of each pair id."""
        return self.codes[ids // len(self.codes)]

    def second(self, ids: AnyInts) -> NDArray[np.uint32]:
        """The second character's code point of each pair id."""
        return self.codes[ids % len(self.codes)]

    def shard(self, ids: AnyInts, shards: int) -> Ints:
        """The file a pair id hashes to, out of `shards` (search.js: pairHash % shards)."""
        return (pair_hash(self.first(ids), self.second(ids)) % np.uint32(shards)).astype(np.int64)


# Filters are indexed as pairs no text holds: a noncharacter (never in interchange text) and a
# private-use character numbering the value. A category or source filter is then one more
# term, and the directory tells which segments hold that value at all.
CATEGORY_MARK, SOURCE_MARK, VALUE_BASE = "\ufdd0", "\ufdd1", 0xF0000
KIND_MARK = "\ufdd2"  # then VALUE_BASE + 0 for a 专刊文章, + 1 for a 政策文件 (search.js KINDS)


def index_texts(docs: list[SearchDoc]) -> list[str]:
    """What is indexed for each article: its searchable text, then its filter pairs."""
    categories, sources = _names(docs)
    category_ids = {name: i for i, name in enumerate(categories)}
    source_ids = {name: i for i, name in enumerate(sources)}
    texts = []
    for doc in docs:
        marks = f" {KIND_MARK}{chr(VALUE_BASE + (doc.kind == POLICY))}"
        if doc.kind == ARTICLE:  # the source filter lists the units of 专刊文章
            marks += f" {SOURCE_MARK}{chr(VALUE_BASE + source_ids[doc.source])}"
        if doc.category:
            marks += f" {CATEGORY_MARK}{chr(VALUE_BASE + category_ids[doc.category])}"
        texts.append(doc.searchable + marks)
    return texts


def corpus_pairs(texts: list[str]) -> Pairs:
    """Fold the corpus as one array of code points and list every pair of adjacent characters
    that a query term can hold (no whitespace; NUL separates the articles)."""
    points = fold_points(np.frombuffer("\0".join(texts).encode("utf-32-le"), dtype=np.uint32))
    lengths = np.array([len(t) + 1 for t in texts], dtype=np.int64)
    starts = np.cumsum(lengths) - lengths
    codes = np.flatnonzero(np.bincount(points)).astype(np.uint32) if len(points) else points
    # 32-bit where it is enough: these arrays have a slot per character of the corpus, and
    # their memory (page faults) costs as much system time as it saves.
    number = np.zeros(int(codes[-1]) + 1 if len(codes) else 1, dtype=np.int32)
    number[codes] = np.arange(len(codes), dtype=np.int32)
    dense = number[points]
    del points, number
    usable = indexable(codes)[dense]
    at = np.flatnonzero(usable[:-1] & usable[1:])
    del usable
    doc = np.repeat(np.arange(len(texts), dtype=np.int32), lengths)[at]
    wide = np.dtype(np.int64 if len(codes) ** 2 >= 2**31 else np.int32)
    ids: AnyInts = dense[at].astype(wide) * len(codes) + dense[at + 1]
    positions = (at - starts[doc]).astype(np.int32)  # an article of over 2**31 characters: no
    return Pairs(codes, ids, doc, positions)


def sort_order(keys: Ints) -> Ints:
    """A stable argsort of non-negative keys: the index is packed below the key, so a plain
    (faster) sort of one integer array gives the same order."""
    bits = max(1, (len(keys) - 1).bit_length())
    if not len(keys) or int(keys.max()).bit_length() + bits > 63:
        return np.argsort(keys, kind="stable")
    packed = (keys << bits) | np.arange(len(keys), dtype=np.int64)
    packed.sort()
    return packed & ((1 << bits) - 1)


@dataclass
class Postings:
    """The postings files, and what the directory needs to find a bigram's articles in them."""

    files: list[bytes]  # p/<n>.bin
    ids: Ints  # each bigram present, ascending
    articles: Ints  # articles holding it
    first_file: Ints  # the file its postings start in (they run on in the following files)
    file_starts: Ints  # for each later file it runs into: the first article there
    runs_on: Ints  # how many later files each bigram runs into


def encode_postings(pairs: Pairs) -> Postings:
    """Every bigram's postings, in bigram then article order, cut into files of about
    FILE_BYTES (layout.py): a common bigram's postings span several files, each a range of
    articles, so a query reads only the ranges its candidate articles fall in."""
    order = sort_order(pairs.ids.astype(np.int64))  # stable: (bigram, article, position)
    ids = pairs.ids[order].astype(np.int64)
    docs = pairs.docs[order].astype(np.int64)
    pos = pairs.positions[order].astype(np.int64)
    del order
    total = len(ids)
    if not total:
        none = np.zeros(0, dtype=np.int64)
        return Postings([], none, none, none, none, none)
    opens_gram = np.ones(total, dtype=bool)
    opens_gram[1:] = ids[1:] != ids[:-1]
    opens_group = opens_gram.copy()  # a group is one bigram in one article
    opens_group[1:] |= docs[1:] != docs[:-1]
    group_start = np.flatnonzero(opens_group)
    counts = np.diff(np.append(group_start, total))
    group_doc, group_gram_opens = docs[group_start], opens_gram[group_start]
    pos_delta = previous(pos, opens_group)
    del docs, pos
    # Files are cut by the stream's bytes; a small bigram stays in one file (one request).
    pos_bytes = np.add.reduceat(varint_sizes(pos_delta), group_start) if total else counts
    group_bytes = varint_sizes(previous(group_doc, group_gram_opens)) + 1 + pos_bytes
    group_bytes += counts >= 128
    file_of = (np.cumsum(group_bytes) - group_bytes) // FILE_BYTES
    gram_group = np.flatnonzero(group_gram_opens)
    gram_groups = np.diff(np.append(gram_group, len(group_start)))
    gram_bytes = np.add.reduceat(group_bytes, gram_group) if total else group_bytes
    small = np.repeat(gram_bytes < FILE_BYTES // 2, gram_groups)
    file_of = np.where(small, np.repeat(file_of[gram_group], gram_groups), file_of)
    opens_file = np.ones(len(file_of), dtype=bool)
    opens_file[1:] = file_of[1:] != file_of[:-1]
    file_of = np.cumsum(opens_file) - 1  # numbered densely
    opens_block = group_gram_opens | opens_file  # a block is one bigram in one file
    doc_delta = previous(group_doc, opens_block)  # each file's first article is absolute
    flat = interleave([doc_delta, counts], pos_delta, counts)
    body, ends = varints(flat)
    del flat, pos_delta
    byte_start = np.concatenate(([0], ends))
    group_value = group_start + 2 * np.arange(len(group_start))
    block_group = np.flatnonzero(opens_block)
    block_from = byte_start[group_value[block_group]]
    block_to = np.append(block_from[1:], len(body))
    block_id = ids[group_start[block_group]]
    block_file = file_of[block_group]
    block_opens_file = opens_file[block_group]
    file_block = np.flatnonzero(block_opens_file)
    per_file = np.diff(np.append(file_block, len(block_id)))
    triples = np.stack(
        [previous(pairs.first(block_id).astype(np.int64), block_opens_file),
         pairs.second(block_id).astype(np.int64), block_to - block_from], axis=1,
    ).ravel()  # fmt: skip
    header, header_ends = varints(interleave([per_file], triples, 3 * per_file))
    header_start = np.concatenate(([0], header_ends))
    header_value = np.cumsum(1 + 3 * per_file)
    bounds = zip(
        header_start[header_value - 1 - 3 * per_file].tolist(),
        header_start[header_value].tolist(),
        block_from[file_block].tolist(),
        np.append(block_from[file_block[1:]], len(body)).tolist(),
        strict=True,
    )
    files = [header[h0:h1].tobytes() + body[b0:b1].tobytes() for h0, h1, b0, b1 in bounds]
    block_opens_gram = group_gram_opens[block_group]
    gram_block = np.flatnonzero(block_opens_gram)
    later = ~block_opens_gram
    return Postings(
        files=files,
        ids=ids[group_start[gram_group]],
        articles=gram_groups,
        first_file=block_file[gram_block],
        file_starts=group_doc[block_group[later]],
        runs_on=np.diff(np.append(gram_block, len(block_id))) - 1,
    )


def encode_directory(pairs: Pairs, postings: Postings, files: int) -> dict[int, bytes]:
    """Directory files: each bigram's article count and where its postings are (layout.py)."""
    ids, runs_on = postings.ids, postings.runs_on
    starts_at = np.cumsum(runs_on) - runs_on
    file_of = pairs.shard(ids, files)
    by_file = np.lexsort((ids, file_of))
    ids, file_of, runs_on = ids[by_file], file_of[by_file], runs_on[by_file]
    taken = ranges(starts_at[by_file], runs_on)
    starts = postings.file_starts[taken]
    opens_gram = np.zeros(len(starts), dtype=bool)
    opens_gram[np.cumsum(runs_on)[runs_on > 0] - runs_on[runs_on > 0]] = True
    opens_file = np.ones(len(ids), dtype=bool)
    opens_file[1:] = file_of[1:] != file_of[:-1]
    entries = interleave(
        [previous(pairs.first(ids).astype(np.int64), opens_file),
         pairs.second(ids).astype(np.int64), postings.articles[by_file],
         postings.first_file[by_file], runs_on],
        previous(starts, opens_gram), runs_on,
    )  # fmt: skip
    entry_size = 5 + runs_on
    file_entry = np.flatnonzero(opens_file)
    per_file = np.diff(np.append(file_entry, len(ids)))
    per_file_values = np.add.reduceat(entry_size, file_entry) if len(ids) else entry_size
    data, ends = varints(interleave([per_file], entries, per_file_values))
    start = np.concatenate(([0], ends))
    value_end = np.cumsum(1 + per_file_values)
    value_start = value_end - 1 - per_file_values
    return {
        n: data[start[a] : start[b]].tobytes()
        for n, a, b in zip(
            file_of[file_entry].tolist(), value_start.tolist(), value_end.tolist(), strict=True
        )
    }


def index_files(docs: list[SearchDoc]) -> dict[str, bytes | object]:
    """Every file of the index, by path under search/: bytes, or data written as JSON."""
    pairs = corpus_pairs(index_texts(docs))
    count = len(docs)
    postings = encode_postings(pairs)
    files: dict[str, bytes | object] = {f"p/{n}.bin": d for n, d in enumerate(postings.files)}
    directory = 1
    if len(postings.ids):
        # Sized by bytes, not bigrams: a bigram's entry grows with the files its postings
        # span, and each file must stay small whatever the size of the column.
        size = len(encode_directory(pairs, postings, 1)[0])
        directory = max(1, round(size / DIRECTORY_BYTES))
        found = encode_directory(pairs, postings, directory)
        files |= {f"dir/{n}.bin": data for n, data in found.items()}
    for n in range(directory):  # a query may hash to any of them: none may be missing
        files.setdefault(f"dir/{n}.bin", bytes([0]))
    used = {chr(c) for c in pairs.codes.tolist()}  # marks too: no table entry maps to them
    files["meta.json"] = _meta(docs, directory)
    files["t2s.json"] = {t: s for t, s in sorted(t2s_table().items()) if s in used}
    for start in range(0, count, DOCS_PER_FILE):
        chunk_records = [doc.record() for doc in docs[start : start + DOCS_PER_FILE]]
        files[f"docs/{start // DOCS_PER_FILE}.json"] = chunk_records
    return files


def _names(docs: list[SearchDoc]) -> tuple[list[str], list[str]]:
    categories = sorted({d.category for d in docs if d.category})
    sources = sorted({d.source for d in docs if d.kind == ARTICLE})
    return categories, sources


def _meta(docs: list[SearchDoc], directory: int) -> dict[str, object]:
    categories, sources = _names(docs)
    years: list[list[int]] = []  # [year, first article, end]: runs, newest first
    for i, doc in enumerate(docs):
        year = int(doc.date[:4])
        if years and years[-1][0] == year:
            years[-1][2] = i + 1
        else:
            years.append([year, i, i + 1])
    return {
        "count": len(docs),
        "directory": directory,
        "docsPerFile": DOCS_PER_FILE,
        "years": years,
        "categories": categories,
        "sources": sources,
    }


def write_search_index(site_dir: Path, docs: list[SearchDoc]) -> None:
    """Write the index under site_dir/search/."""
    # Many small objects are made here; inside a build, whose heap holds every page, each
    # garbage-collector pass walks that heap. Collection is paused: nothing here makes cycles.
    enabled = gc.isenabled()
    gc.disable()
    try:
        base = site_dir / "search"
        files = index_files(docs)
        for folder in {Path(name).parent for name in files}:
            (base / folder).mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            _write(base / name, data)
    finally:
        if enabled:
            gc.enable()


def _write(path: Path, data: bytes | object) -> None:
    if isinstance(data, bytes):
        path.write_bytes(data)
        return
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # Editors' text stays inert even if the JSON is ever read as HTML.
    # (str.replace, not str.translate: a dict lookup a character cost a second at 25,000.)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    path.write_text(text, encoding="utf-8")
