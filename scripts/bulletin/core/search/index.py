"""Building the search index: every pair of adjacent characters with its position, each
bigram's postings in article (date) order and cut into files by article range, so a query reads
its rarest bigram first and, of the others, only the ranges its candidates fall in; it stops when
a page of results is full (devdocs/search-index.md describes the files and the reasons).

Article ids run newest first (the order of the records given), so date order is id order.
"""

from __future__ import annotations

import gc
import itertools
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from ..model import Article, Column
from ..policies import Policy
from ..urls import url_for
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
from .records import ARTICLE, POLICY, SearchDoc, site_docs, with_policies

# Creating a file costs 0.15-0.5 ms of CPU on the machines measured here (more under load):
# files are a few kilobytes, not hundreds of bytes, so that 25,000 articles build in seconds.
FILE_BYTES = 8_000  # aimed size of a positions file: a common bigram's span several
LIST_BYTES = 8_000  # aimed size of an article-list file
CHUNK_VALUES = 1 << 17  # numbers encoded at a time (a slice of the files)
CHUNK_PAIRS = 1 << 18  # pairs sorted at a time (a range of bigrams)
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
COLUMN_MARK = "\ufdd3"  # a site of several columns: the column, numbered as meta.json lists them


def index_texts(docs: list[SearchDoc]) -> list[str]:
    """What is indexed for each article: its searchable text, then its filter pairs."""
    categories, sources = _names(docs)
    category_ids = {name: i for i, name in enumerate(categories)}
    source_ids = {name: i for i, name in enumerate(sources)}
    column_ids = {slug: i for i, (slug, _) in enumerate(_columns(docs))}
    texts = []
    for doc in docs:
        marks = f" {KIND_MARK}{chr(VALUE_BASE + (doc.kind == POLICY))}"
        if doc.kind == ARTICLE:  # the source filter lists the units of 专刊文章
            marks += f" {SOURCE_MARK}{chr(VALUE_BASE + source_ids[doc.source])}"
        if doc.category:
            marks += f" {CATEGORY_MARK}{chr(VALUE_BASE + category_ids[doc.category])}"
        if doc.column:
            marks += f" {COLUMN_MARK}{chr(VALUE_BASE + column_ids[doc.column])}"
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
class Stream:
    """One kind of postings file: where each bigram's run of files starts, and the first
    article of each later file it runs into."""

    files: list[bytes]
    first_file: Ints  # per bigram
    file_starts: Ints  # flat, per bigram in order
    runs_on: Ints  # per bigram: how many later files


@dataclass
class Postings:
    """Every bigram present (ascending), the articles holding it, and its two streams: the
    article lists (article, occurrences) and the positions (article, occurrences, positions)."""

    ids: Ints
    articles: Ints
    lists: Stream  # a/<n>.bin: enough for a one-bigram term and for candidates
    positions: Stream  # p/<n>.bin: read only for a phrase's candidates


@dataclass
class _Groups:
    """The postings as groups (one bigram in one article), in bigram then article order."""

    ids: Ints  # the bigram of each group
    docs: Ints
    counts: Ints
    opens_gram: NDArray[np.bool_]
    pos_delta: AnyInts  # every position, as deltas within its group


def _groups(pairs: Pairs, chosen: Ints) -> _Groups:
    """The groups of the pairs at `chosen` (in corpus order, all of their bigrams' pairs)."""
    # 32-bit where it is enough: these arrays have a slot per pair.
    order = chosen[sort_order(pairs.ids[chosen].astype(np.int64))]  # (bigram, article, position)
    ids, docs, pos = pairs.ids[order], pairs.docs[order], pairs.positions[order]
    del order
    total = len(ids)
    opens_gram = np.ones(total, dtype=bool)
    opens_gram[1:] = ids[1:] != ids[:-1]
    opens_group = opens_gram.copy()
    opens_group[1:] |= docs[1:] != docs[:-1]
    group_start = np.flatnonzero(opens_group)
    counts = np.diff(np.append(group_start, total))
    return _Groups(
        ids[group_start].astype(np.int64), docs[group_start].astype(np.int64), counts,
        opens_gram[group_start], previous(pos, opens_group),
    )  # fmt: skip


def _stream(pairs: Pairs, groups: _Groups, with_positions: bool, target: int) -> Stream:
    """Each group as (article delta, count[, position deltas]), laid end to end in bigram
    order and cut into files of about `target` bytes at article boundaries; a bigram smaller
    than half a file stays in one. Each file's first article of a bigram is absolute."""
    counts, opens_gram = groups.counts, groups.opens_gram
    tails = counts if with_positions else np.zeros(len(counts), dtype=np.int64)
    tail = groups.pos_delta if with_positions else np.zeros(0, dtype=np.int64)
    tail_bytes = np.zeros(len(counts), dtype=np.int64)
    if len(tail):
        tail_bytes = np.add.reduceat(varint_sizes(tail), np.cumsum(tails) - tails)
    group_bytes = varint_sizes(previous(groups.docs, opens_gram)) + varint_sizes(counts)
    group_bytes += tail_bytes
    # A bigram of half a file or more starts a file, so its first file holds its newest
    # articles in full; smaller ones are packed, each kept whole, between the large ones.
    gram_group = np.flatnonzero(opens_gram)
    gram_groups = np.diff(np.append(gram_group, len(counts)))
    gram_bytes = np.add.reduceat(group_bytes, gram_group)
    large = gram_bytes >= target // 2
    opens_section = large.copy()
    opens_section[0] = True
    opens_section[1:] |= large[:-1]
    section = np.repeat(np.cumsum(opens_section), gram_groups)
    offset = np.cumsum(group_bytes) - group_bytes
    section_start = np.repeat(
        (offset[gram_group])[opens_section],
        np.diff(np.append(np.flatnonzero(opens_section), len(gram_group))),
    )
    within = (offset - np.repeat(section_start, gram_groups)) // target
    within = np.where(
        np.repeat(large, gram_groups), within, np.repeat(within[gram_group], gram_groups)
    )
    opens_file = np.ones(len(counts), dtype=bool)
    opens_file[1:] = (section[1:] != section[:-1]) | (within[1:] != within[:-1])
    file_of = np.cumsum(opens_file) - 1
    opens_block = opens_gram | opens_file  # a block is one bigram in one file
    doc_delta = previous(groups.docs, opens_block)
    # Encoded a slice of files at a time: the arrays of a whole column's positions would
    # cost more in page faults than the encoding itself.
    file_group = np.append(np.flatnonzero(opens_file), len(counts))
    tail_start = np.append(np.cumsum(tails) - tails, len(tail))
    files: list[bytes] = []
    per_slice = max(1, len(file_group) * CHUNK_VALUES // max(1, 2 * len(counts) + len(tail)))
    for f0 in range(0, len(file_group) - 1, per_slice):
        g0, g1 = file_group[f0], file_group[min(f0 + per_slice, len(file_group) - 1)]
        files += _encode_files(
            pairs, groups.ids[g0:g1], doc_delta[g0:g1], counts[g0:g1],
            tail[tail_start[g0] : tail_start[g1]], tails[g0:g1], opens_block[g0:g1],
            opens_file[g0:g1],
        )  # fmt: skip
    block_group = np.flatnonzero(opens_block)
    block_opens_gram = opens_gram[block_group]
    gram_block = np.flatnonzero(block_opens_gram)
    return Stream(
        files=files,
        first_file=file_of[block_group[gram_block]],
        file_starts=groups.docs[block_group[~block_opens_gram]],
        runs_on=np.diff(np.append(gram_block, len(block_group))) - 1,
    )


def _encode_files(
    pairs: Pairs, ids: Ints, doc_delta: Ints, counts: Ints, tail: Ints, tails: Ints,
    opens_block: NDArray[np.bool_], opens_file: NDArray[np.bool_],
) -> list[bytes]:  # fmt: skip
    """The files of a run of groups that starts a file (layout.py)."""
    body, ends = varints(interleave([doc_delta, counts], tail, tails))
    byte_start = np.concatenate(([0], ends))
    group_value = np.cumsum(2 + tails) - 2 - tails
    block_group = np.flatnonzero(opens_block)
    block_from = byte_start[group_value[block_group]]
    block_to = np.append(block_from[1:], len(body))
    block_id = ids[block_group]
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
    return [header[h0:h1].tobytes() + body[b0:b1].tobytes() for h0, h1, b0, b1 in bounds]


def encode_postings(pairs: Pairs) -> Postings:
    """Every bigram's postings, in bigram then article order, cut into files by article range
    (layout.py): a common bigram's span several files, so a query reads only the ranges its
    candidate articles fall in, and positions only where a phrase needs them."""
    # A range of bigrams at a time (a file ends at each range's end): the arrays of every
    # pair of a large column at once cost more in page faults than the work. The pairs are
    # grouped by range with one stable sort of a small integer (a radix sort), keeping each
    # range's pairs in corpus order.
    sample = np.sort(pairs.ids[:: max(1, len(pairs.ids) // 4096)].astype(np.int64))
    count = max(1, -(-len(pairs.ids) // CHUNK_PAIRS))
    cuts = np.unique(sample[len(sample) * np.arange(1, count) // count])
    range_of = np.searchsorted(cuts, pairs.ids, side="right")
    range_of = range_of.astype(np.int16 if len(cuts) < 2**15 else np.int32)
    by_range = np.argsort(range_of, kind="stable")
    ends = np.cumsum(np.bincount(range_of, minlength=len(cuts) + 1)).tolist()
    del range_of
    ids, articles, lists, positions = [], [], [], []
    for start, end in itertools.pairwise([0, *ends]):
        if start == end:
            continue
        groups = _groups(pairs, by_range[start:end])
        gram_group = np.flatnonzero(groups.opens_gram)
        ids.append(groups.ids[gram_group])
        articles.append(np.diff(np.append(gram_group, len(groups.ids))))
        lists.append(_stream(pairs, groups, False, LIST_BYTES))
        positions.append(_stream(pairs, groups, True, FILE_BYTES))
    return Postings(
        np.concatenate(ids), np.concatenate(articles), _joined(lists), _joined(positions)
    )


def _joined(parts: list[Stream]) -> Stream:
    """Streams of consecutive bigram ranges as one: later files numbered on."""
    offsets = np.cumsum([0] + [len(p.files) for p in parts[:-1]])
    return Stream(
        files=[f for p in parts for f in p.files],
        first_file=np.concatenate([p.first_file + o for p, o in zip(parts, offsets, strict=True)]),
        file_starts=np.concatenate([p.file_starts for p in parts]),
        runs_on=np.concatenate([p.runs_on for p in parts]),
    )


def _runs(stream: Stream, order: Ints) -> tuple[Ints, Ints, Ints]:
    """Per bigram in `order`: first file, how many later files, and (flat) the deltas of
    those files' first articles."""
    runs_on = stream.runs_on[order]
    starts = stream.file_starts[
        ranges((np.cumsum(stream.runs_on) - stream.runs_on)[order], runs_on)
    ]
    opens = np.zeros(len(starts), dtype=bool)
    opens[(np.cumsum(runs_on) - runs_on)[runs_on > 0]] = True
    return stream.first_file[order], runs_on, previous(starts, opens)


def encode_directory(pairs: Pairs, postings: Postings, files: int) -> dict[int, bytes]:
    """Directory files: each bigram's article count and where its postings are (layout.py)."""
    file_of = pairs.shard(postings.ids, files)
    by_file = np.lexsort((postings.ids, file_of))
    ids, file_of = postings.ids[by_file], file_of[by_file]
    a_first, a_runs, a_starts = _runs(postings.lists, by_file)
    p_first, p_runs, p_starts = _runs(postings.positions, by_file)
    p_part = interleave([p_first, p_runs], p_starts, p_runs)
    tails = a_runs + 2 + p_runs
    tail = np.empty(int(tails.sum()), dtype=np.int64)
    begin = np.cumsum(tails) - tails
    tail[ranges(begin, a_runs)] = a_starts
    tail[ranges(begin + a_runs, 2 + p_runs)] = p_part
    opens_file = np.ones(len(ids), dtype=bool)
    opens_file[1:] = file_of[1:] != file_of[:-1]
    entries = interleave(
        [previous(pairs.first(ids).astype(np.int64), opens_file),
         pairs.second(ids).astype(np.int64), postings.articles[by_file], a_first, a_runs],
        tail, tails,
    )  # fmt: skip
    entry_size = 5 + tails
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
    files: dict[str, bytes | object] = {}
    directory = 1
    if len(pairs.ids):
        postings = encode_postings(pairs)
        files |= {f"a/{n}.bin": d for n, d in enumerate(postings.lists.files)}
        files |= {f"p/{n}.bin": d for n, d in enumerate(postings.positions.files)}
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


def _columns(docs: list[SearchDoc]) -> list[tuple[str, str]]:
    """(slug, name) of each column the records come from, by slug; none in a one-column site."""
    return sorted({(d.column, d.column_name or d.column) for d in docs if d.column})


def _meta(docs: list[SearchDoc], directory: int) -> dict[str, object]:
    categories, sources = _names(docs)
    years: list[list[int]] = []  # [year, first article, end]: runs, newest first
    for i, doc in enumerate(docs):
        year = int(doc.date[:4])
        if years and years[-1][0] == year:
            years[-1][2] = i + 1
        else:
            years.append([year, i, i + 1])
    meta: dict[str, object] = {
        "count": len(docs),
        "directory": directory,
        "docsPerFile": DOCS_PER_FILE,
        "years": years,
        "categories": categories,
        "sources": sources,
    }
    columns = _columns(docs)
    if columns:  # the 栏目 filter of a site of several columns
        meta["columns"] = [list(column) for column in columns]
    return meta


def write_site_search(
    site_dir: Path, columns: list[tuple[list[Article], Column]], policies: list[Policy]
) -> None:
    """The site's index (every column's articles and the policy documents) and, in a site of
    several columns, each column's own."""
    docs = with_policies(site_docs(columns), policies)
    write_search_index(site_dir, docs)
    write_column_indexes(site_dir, docs)


def write_column_indexes(site_dir: Path, docs: list[SearchDoc]) -> None:
    """Where the records span several columns, each column's own index (search/c/<slug>/): a
    search kept within one column reads only that column's postings, which the site's index
    interleaves by date with every other column's (a first page 3.7 × the size at 20 columns,
    measured)."""
    by_column: dict[str, list[SearchDoc]] = {}
    for doc in docs:
        if doc.column:
            by_column.setdefault(doc.column, []).append(doc)
    if len(by_column) > 1:
        for slug, own in by_column.items():  # newest first, as in the site's index
            write_search_index(site_dir, own, url_for("search_column", slug=slug))


def write_search_index(
    site_dir: Path, docs: list[SearchDoc], folder: str = url_for("search")
) -> None:
    """Write the index under site_dir/`folder` (search/)."""
    # Many small objects are made here; inside a build, whose heap holds every page, each
    # garbage-collector pass walks that heap. Collection is paused: nothing here makes cycles.
    enabled = gc.isenabled()
    gc.disable()
    try:
        base = site_dir / folder
        files = index_files(docs)
        for inner in {Path(name).parent for name in files}:
            (base / inner).mkdir(parents=True, exist_ok=True)
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
