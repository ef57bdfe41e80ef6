"""The binary layout of the index files: variable-length integers, interleaved records, the
shard hash, and readers for both file kinds (the reference for search.js, used by tests).

Every number is an unsigned LEB128 varint (7 bits a byte, high bit set on all but the last).
The postings of every bigram, in bigram order and then article order, are laid end to end and
cut into files by bytes, twice: article lists (`a/<n>.bin`: which articles hold the bigram, and
how often) and positions (`p/<n>.bin`), each numbered in that order. A rare bigram sits in one
file with its neighbours; a common one runs over several files, each holding a range of its
articles. Both kinds of file hold

    m, then m × (first char − previous first char, second char, block bytes), then m blocks;
    a block is per article: (article − previous article, count[, count position deltas])

(position deltas in `p/` files only), with articles numbered from 0 (the newest), the first
of each block absolute, and positions counted in characters from the start of the article's
searchable text. A directory file (`dir/<n>.bin`) holds, for the bigrams hashed to it:

    m, then m × (first char − previous first char, second char, articles,
    then for the article lists and then for the positions: first file, k,
    k × (first article in the next file − the previous such article))

so a query knows, before reading any postings, how common each bigram is and which file holds
its postings for any article: first file + (the number of those k articles ≤ it).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

Ints = NDArray[np.int64]
AnyInts = NDArray[np.signedinteger[Any]]  # 32-bit where the values allow, to save memory

_MIX1 = np.uint32(0x9E3779B1)
_MIX2 = np.uint32(0x85EBCA6B)


def pair_hash(first: NDArray[np.uint32], second: NDArray[np.uint32]) -> NDArray[np.uint32]:
    """A 32-bit hash of a bigram's two code points (search.js: pairHash, with Math.imul)."""
    with np.errstate(over="ignore"):
        h = (first * _MIX1) ^ second
        h = (h ^ (h >> np.uint32(16))) * _MIX2
        return h ^ (h >> np.uint32(13))


def gram_hash(gram: str) -> int:
    """pair_hash of one two-character string."""
    first = np.array([ord(gram[0])], dtype=np.uint32)
    second = np.array([ord(gram[1])], dtype=np.uint32)
    return int(pair_hash(first, second)[0])


def varint_sizes(values: Ints) -> Ints:
    """Bytes each non-negative value takes as an LEB128 varint."""
    size = np.ones(len(values), dtype=np.int64)
    top = int(values.max()) if len(values) else 0
    for bits in range(7, 63, 7):
        if top < (1 << bits):
            break
        size += values >= (1 << bits)
    return size


def varints(values: Ints) -> tuple[NDArray[np.uint8], Ints]:
    """LEB128-encode non-negative integers; return the bytes and each value's end offset."""
    values = values.astype(np.int64, copy=False)
    if len(values) and int(values.min()) < 0:
        raise ValueError("varints encode non-negative integers only")
    size = varint_sizes(values)
    ends = np.cumsum(size)
    out = np.zeros(int(ends[-1]) if len(ends) else 0, dtype=np.uint8)
    # Most values take one byte: the first byte of every value is written in one pass, the
    # later bytes only for the values that need them.
    at, rest, longer = ends - size, values, size > 1
    while len(rest):
        out[at] = ((rest & 0x7F) | (longer.astype(np.int64) << 7)).astype(np.uint8)
        keep = np.flatnonzero(longer)
        at, rest, size = at[keep] + 1, rest[keep] >> 7, size[keep] - 1
        longer = size > 1
    return out, ends


def interleave(fixed: list[Ints], tail: Ints, tail_counts: Ints) -> Ints:
    """Records laid end to end: record r is fixed[0][r], fixed[1][r], … then its
    tail_counts[r] values taken in order from tail."""
    records = len(tail_counts)
    width = len(fixed)
    sizes = width + tail_counts
    starts = np.cumsum(sizes) - sizes
    flat = np.empty(int(sizes.sum()), dtype=np.int64)
    for j, column in enumerate(fixed):
        flat[starts + j] = column
    owner = np.repeat(np.arange(records), tail_counts)
    within = np.arange(len(tail)) - np.repeat(np.cumsum(tail_counts) - tail_counts, tail_counts)
    flat[starts[owner] + width + within] = tail
    return flat


def previous(values: Ints, opens: NDArray[np.bool_]) -> Ints:
    """Each value minus the one before it, except where a new list opens (kept as is)."""
    delta = values - np.concatenate(([0], values[:-1])).astype(values.dtype)
    delta[opens] = values[opens]
    return delta


def ranges(starts: Ints, lengths: Ints) -> Ints:
    """The concatenation of range(starts[i], starts[i] + lengths[i])."""
    offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    return offsets + np.arange(int(lengths.sum()), dtype=np.int64)


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def next(self) -> int:
        value, shift = 0, 0
        while True:
            byte = self.data[self.at]
            self.at += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return value


def _grams(reader: _Reader, extra: int) -> list[tuple[str, list[int]]]:
    first = 0
    entries = []
    for _ in range(reader.next()):
        first += reader.next()
        second = reader.next()
        entries.append((chr(first) + chr(second), [reader.next() for _ in range(extra)]))
    return entries


def _blocks(data: bytes, positions: bool) -> dict[str, list[tuple[int, list[int]]]]:
    reader = _Reader(data)
    heads = _grams(reader, 1)
    out = {}
    for gram, (length,) in heads:
        end = reader.at + length
        entries, article = [], 0
        while reader.at < end:
            article += reader.next()
            count = reader.next()
            if not positions:
                entries.append((article, [count]))
                continue
            position, found = 0, []
            for _ in range(count):
                position += reader.next()
                found.append(position)
            entries.append((article, found))
        out[gram] = entries
    return out


def read_postings(data: bytes) -> dict[str, list[tuple[int, list[int]]]]:
    """A positions file as {bigram: [(article, [positions])]}."""
    return _blocks(data, positions=True)


def read_lists(data: bytes) -> dict[str, list[tuple[int, int]]]:
    """An article-list file as {bigram: [(article, occurrences)]}."""
    return {g: [(a, c[0]) for a, c in e] for g, e in _blocks(data, positions=False).items()}


Run = tuple[int, list[int]]  # a first file, and the first article of each later file


def read_directory(data: bytes) -> dict[str, tuple[int, Run, Run]]:
    """A directory file as {bigram: (articles holding it, where its article lists are, where
    its positions are)}."""
    reader = _Reader(data)
    first = 0
    out = {}

    def run() -> Run:
        file, starts, at = reader.next(), [], 0
        for _ in range(reader.next()):
            at += reader.next()
            starts.append(at)
        return file, starts

    for _ in range(reader.next()):
        first += reader.next()
        gram = chr(first) + chr(reader.next())
        articles = reader.next()
        lists = run()
        out[gram] = (articles, lists, run())
    return out
