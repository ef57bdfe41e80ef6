"""Building the search index: every pair of adjacent characters with its position, laid out
in segments of articles in date order, so a query reads the newest segments first and stops
when a page of results is full (devdocs/search-index.md describes the files and the reasons).

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
from .layout import AnyInts, Ints, interleave, pair_hash, previous, ranges, varints
from .records import ARTICLE, POLICY, SearchDoc

# Creating a file costs 0.15-0.5 ms of CPU on the machines measured here (more under load):
# files are a few kilobytes, not hundreds of bytes, so that 25,000 articles build in seconds.
SEGMENT = 64  # articles a segment: most first pages are found in the newest one or two
FILE_BYTES = 12_000  # aimed size of a postings file: a query reads one per bigram and segment
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


@dataclass
class Segment:
    """One segment's postings files, and what the directory needs from it."""

    files: dict[int, bytes]  # shard → file
    ids: Ints  # pairs present
    articles: Ints  # articles holding each


def sort_order(keys: Ints) -> Ints:
    """A stable argsort of non-negative keys: the index is packed below the key, so a plain
    (faster) sort of one integer array gives the same order."""
    bits = max(1, (len(keys) - 1).bit_length())
    if not len(keys) or int(keys.max()).bit_length() + bits > 63:
        return np.argsort(keys, kind="stable")
    packed = (keys << bits) | np.arange(len(keys), dtype=np.int64)
    packed.sort()
    return packed & ((1 << bits) - 1)


def encode_segment(pairs: Pairs, lo: int, hi: int, first_doc: int, shards: int) -> Segment:
    """The postings files of one segment (articles numbered from its first), per layout.py."""
    ids = pairs.ids[lo:hi].astype(np.int64)
    docs = pairs.docs[lo:hi].astype(np.int64) - first_doc
    pos = pairs.positions[lo:hi].astype(np.int64)
    space = len(pairs.codes) ** 2
    composite = pairs.shard(ids, shards) * space + ids
    # Pairs arrive in (article, position) order; a stable sort on (shard, bigram) keeps it.
    order = sort_order(composite)
    composite, docs, pos = composite[order], docs[order], pos[order]
    total = len(composite)
    opens_block = np.ones(total, dtype=bool)
    opens_block[1:] = composite[1:] != composite[:-1]
    opens_group = opens_block.copy()  # a group is one bigram in one article
    opens_group[1:] |= docs[1:] != docs[:-1]
    group_start = np.flatnonzero(opens_group)
    counts = np.diff(np.append(group_start, total))
    group_opens_block = opens_block[group_start]
    doc_delta = previous(docs[group_start], group_opens_block)
    pos_delta = previous(pos, opens_group)
    flat = interleave([doc_delta, counts], pos_delta, counts)
    body, ends = varints(flat)
    byte_start = np.concatenate(([0], ends))
    group_value = group_start + 2 * np.arange(len(group_start))
    block_group = np.flatnonzero(group_opens_block)
    block_bytes_from = byte_start[group_value[block_group]]
    block_bytes_to = np.append(block_bytes_from[1:], len(body))
    block_key = composite[group_start[block_group]]
    block_shard, block_id = block_key // space, block_key % space
    first = pairs.first(block_id).astype(np.int64)
    opens_file = np.ones(len(block_key), dtype=bool)
    opens_file[1:] = block_shard[1:] != block_shard[:-1]
    file_block = np.flatnonzero(opens_file)
    per_file = np.diff(np.append(file_block, len(block_key)))
    triples = np.stack(
        [previous(first, opens_file), pairs.second(block_id).astype(np.int64),
         block_bytes_to - block_bytes_from], axis=1,
    ).ravel()  # fmt: skip
    header, header_ends = varints(interleave([per_file], triples, 3 * per_file))
    header_start = np.concatenate(([0], header_ends))
    header_value = np.cumsum(1 + 3 * per_file)
    files = {}
    bounds = zip(
        block_shard[file_block].tolist(),
        header_start[header_value - 1 - 3 * per_file].tolist(),
        header_start[header_value].tolist(),
        block_bytes_from[file_block].tolist(),
        np.append(block_bytes_from[file_block[1:]], len(body)).tolist(),
        strict=True,
    )
    for shard_no, h0, h1, b0, b1 in bounds:
        files[shard_no] = header[h0:h1].tobytes() + body[b0:b1].tobytes()
    articles = np.diff(np.append(block_group, len(group_start)))
    return Segment(files, block_id, articles)


def encode_directory(
    pairs: Pairs, ids: Ints, segments: Ints, articles: Ints, files: int
) -> dict[int, bytes]:
    """Directory files from (pair id, segment, articles) rows in segment order."""
    order = np.argsort(ids, kind="stable")
    ids, segments, articles = ids[order], segments[order], articles[order]
    rows = len(ids)
    opens_key = np.ones(rows, dtype=bool)
    opens_key[1:] = ids[1:] != ids[:-1]
    opens_run = opens_key.copy()
    opens_run[1:] |= segments[1:] != segments[:-1] + 1
    key_row = np.flatnonzero(opens_key)
    run_row = np.flatnonzero(opens_run)
    run_start = segments[run_row]
    run_length = np.diff(np.append(run_row, rows))
    run_opens_key = opens_key[run_row]
    previous_end = np.concatenate(([0], run_start[:-1] + run_length[:-1]))
    gap = np.where(run_opens_key, run_start, run_start - previous_end)
    key_run = np.flatnonzero(run_opens_key)
    runs = np.diff(np.append(key_run, len(run_row)))
    totals = np.add.reduceat(articles, key_row) if rows else articles
    unique = ids[key_row]
    file_of = pairs.shard(unique, files)
    by_file = np.lexsort((unique, file_of))
    unique, file_of = unique[by_file], file_of[by_file]
    runs_taken = ranges(key_run[by_file], runs[by_file])
    gaps_and_lengths = np.stack([gap[runs_taken], run_length[runs_taken]], axis=1).ravel()
    opens_file = np.ones(len(unique), dtype=bool)
    opens_file[1:] = file_of[1:] != file_of[:-1]
    entries = interleave(
        [previous(pairs.first(unique).astype(np.int64), opens_file),
         pairs.second(unique).astype(np.int64), totals[by_file], runs[by_file]],
        gaps_and_lengths, 2 * runs[by_file],
    )  # fmt: skip
    entry_size = 4 + 2 * runs[by_file]
    file_entry = np.flatnonzero(opens_file)
    per_file = np.diff(np.append(file_entry, len(unique)))
    per_file_values = np.add.reduceat(entry_size, file_entry) if len(unique) else entry_size
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
    segments = max(1, -(-count // SEGMENT))
    # About 3.3 bytes a position once encoded: enough shards that each file stays near
    # FILE_BYTES whatever the size of the column, so a query's cost does not grow with it.
    shards = max(1, round(3.3 * len(pairs.ids) / segments / FILE_BYTES))
    files: dict[str, bytes | object] = {}
    bounds = np.searchsorted(pairs.docs, np.arange(segments + 1) * SEGMENT).tolist()
    ids, seg_ids, articles = [], [], []
    for s in range(segments):
        if bounds[s] == bounds[s + 1]:
            continue
        segment = encode_segment(pairs, bounds[s], bounds[s + 1], s * SEGMENT, shards)
        files |= {f"p/{s}-{n}.bin": data for n, data in segment.files.items()}
        ids.append(segment.ids)
        seg_ids.append(np.full(len(segment.ids), s, dtype=np.int64))
        articles.append(segment.articles)
    directory = 1
    if ids:
        rows = (np.concatenate(ids), np.concatenate(seg_ids), np.concatenate(articles))
        # Sized by bytes, not bigrams: a bigram's entry grows with the runs of segments
        # holding it, and each file must stay small whatever the size of the column.
        size = len(encode_directory(pairs, *rows, 1)[0])
        directory = max(1, round(size / DIRECTORY_BYTES))
        found = encode_directory(pairs, *rows, directory)
        files |= {f"dir/{n}.bin": data for n, data in found.items()}
    for n in range(directory):  # a query may hash to any of them: none may be missing
        files.setdefault(f"dir/{n}.bin", bytes([0]))
    used = {chr(c) for c in pairs.codes.tolist()}  # marks too: no table entry maps to them
    files["meta.json"] = _meta(docs, shards, directory)
    files["t2s.json"] = {t: s for t, s in sorted(t2s_table().items()) if s in used}
    for start in range(0, count, DOCS_PER_FILE):
        chunk_records = [doc.record() for doc in docs[start : start + DOCS_PER_FILE]]
        files[f"docs/{start // DOCS_PER_FILE}.json"] = chunk_records
    return files


def _names(docs: list[SearchDoc]) -> tuple[list[str], list[str]]:
    categories = sorted({d.category for d in docs if d.category})
    sources = sorted({d.source for d in docs if d.kind == ARTICLE})
    return categories, sources


def _meta(docs: list[SearchDoc], shards: int, directory: int) -> dict[str, object]:
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
        "segment": SEGMENT,
        "shards": shards,
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
