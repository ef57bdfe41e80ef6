"""The search index as a library, in-process: folding, the varint layout, and the files it
writes, decoded and compared with a plain-Python reading of the same texts."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
from collections import defaultdict

import numpy as np
import pytest

from bulletin.core.search import SearchDoc, fold, index_files
from bulletin.core.search import index as index_module
from bulletin.core.search.fold import fold_points
from bulletin.core.search.layout import (
    _Reader,
    gram_hash,
    interleave,
    ranges,
    read_directory,
    read_lists,
    read_postings,
    varints,
)
from conftest import PROJECT

# Already in folded form (simplified, lower case, half-width), so the reference below needs
# no folding of its own; one stray traditional character is checked separately.
ALPHABET = [*"排查整改城镇燃气重大事故隐患、。,.ab12𠀋", " ", "\n"]


def doc(text: str, date: str = "2023-01-01", title: str = "标题") -> SearchDoc:
    return SearchDoc(title, "issues/2023/1/#a", "第1期", date, "市工作专班", None, text)


def random_docs(count: int, seed: int = 3) -> list[SearchDoc]:
    rng = random.Random(seed)
    docs = [
        doc("".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 60))),
            date=f"{2030 - i // 40}-01-01")
        for i in range(count)
    ]  # fmt: skip
    for d in docs:
        d.category = rng.choice([None, "典型案例", "工作动态"])
        d.source = rng.choice(["市工作专班", "市应急管理局"])
        d.kind = rng.choice(["a", "a", "p"])  # policy documents are records too
    return docs


def reference(docs: list[SearchDoc]) -> dict[str, dict[int, list[int]]]:
    """bigram → article → positions: every pair of characters without whitespace, in the
    searchable text followed by the filter pairs: U+FDD2 (kind: + 0 an article, + 1 a policy),
    U+FDD1 (source, articles only) and U+FDD0 (category), then U+F0000 + the value's number in
    sorted order."""
    categories = sorted({d.category for d in docs if d.category})
    sources = sorted({d.source for d in docs if d.kind == "a"})
    out: dict[str, dict[int, list[int]]] = defaultdict(dict)
    for n, d in enumerate(docs):
        text = d.searchable + f" \ufdd2{chr(0xF0000 + (d.kind == 'p'))}"
        if d.kind == "a":
            text += f" \ufdd1{chr(0xF0000 + sources.index(d.source))}"
        if d.category:
            text += f" \ufdd0{chr(0xF0000 + categories.index(d.category))}"
        for i in range(len(text) - 1):
            pair = text[i : i + 2]
            if not any(c.isspace() for c in pair):
                out[pair].setdefault(n, []).append(i)
    return out


def shard(gram: str, count: int) -> int:
    """The shard hash written out with Python integers, as search.js computes it."""
    a, b = ord(gram[0]), ord(gram[1])
    h = ((a * 0x9E3779B1) & 0xFFFFFFFF) ^ b
    h = ((h ^ (h >> 16)) * 0x85EBCA6B) & 0xFFFFFFFF
    return (h ^ (h >> 13)) % count


def test_fold_keeps_length_and_unifies_scripts_width_and_case() -> None:
    assert fold("重大事故隱患") == "重大事故隐患"
    assert fold("ＰＭ２．５") == "pm2.5"
    assert fold("隐患，排查") == "隐患,排查"
    for text in ("㈠整改", "ﬁ檢查", "𠀋安全"):
        assert len(fold(text)) == len(text)
    text = "ＰＭ２．５隱患㈠𠀋"
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    assert "".join(map(chr, fold_points(points).tolist())) == "pm2.5隐患㈠𠀋"


def test_varints_round_trip_and_records_interleave() -> None:
    values = np.array([0, 1, 127, 128, 300, 16_383, 16_384, 2**35 + 5], dtype=np.int64)
    data, ends = varints(values)
    assert ends.tolist() == [1, 2, 3, 5, 7, 9, 12, 18]
    reader = _Reader(data.tobytes())
    assert [reader.next() for _ in values] == values.tolist()
    flat = interleave([np.array([7, 8]), np.array([70, 80])], np.array([1, 2, 3]), np.array([1, 2]))
    assert flat.tolist() == [7, 70, 1, 8, 80, 2, 3]
    assert ranges(np.array([5, 0]), np.array([2, 3])).tolist() == [5, 6, 0, 1, 2]


# Bigrams where 32-bit arithmetic goes wrong if either side gets it wrong: characters past
# U+FFFF (two UTF-16 units in JavaScript), the highest code point, the category marker pair the
# index writes (U+FDD0 and a private-use plane character), ASCII, and products past 2**53.
HARD_GRAMS = [
    "排查", "隐患", "pm", "2.", "𠀋安", "安𠀋", "𠀋𠀋", "\U0010ffff\U0010ffff", "a\U0010ffff",
    f"\ufdd0{chr(0xF0000)}", f"\ufdd0{chr(0xF0000 + 37)}", "\x00\x01", "\uffff\uffff", "ab", "、。",
]  # fmt: skip
SEARCH_JS = PROJECT / "overrides/assets/bulletin/search.js"


def js_function(source: str, name: str) -> str:
    """The text of `function name(...) { ... }` in `source`, braces balanced."""
    start = source.index(f"function {name}(")
    depth = 0
    for at in range(source.index("{", start), len(source)):
        depth += {"{": 1, "}": -1}.get(source[at], 0)
        if depth == 0:
            return source[start : at + 1]
    raise AssertionError(f"{name} is not closed in search.js")


def js_pair_hashes(grams: list[str]) -> list[int]:
    """search.js's own pairHash (and the chars() it calls), run by Node on each bigram."""
    source = SEARCH_JS.read_text(encoding="utf-8")
    script = "\n".join([
        js_function(source, "chars"), js_function(source, "pairHash"),
        "const grams = JSON.parse(require('fs').readFileSync(0, 'utf8'));",
        "process.stdout.write(JSON.stringify(grams.map(pairHash)));",
    ])  # fmt: skip
    result = subprocess.run(
        ["node", "-e", script], input=json.dumps(grams), capture_output=True, text=True, check=True
    )
    return [int(h) for h in json.loads(result.stdout)]


@pytest.mark.skipif(
    shutil.which("node") is None and not os.environ.get("CI"), reason="Node.js runs search.js"
)
def test_shard_hash_is_the_one_search_js_computes() -> None:
    rng = random.Random(5)
    grams = HARD_GRAMS + [
        chr(rng.choice([rng.randrange(0x20, 0xD800), rng.randrange(0x10000, 0x110000)]))
        + chr(rng.randrange(0x20, 0xD800))
        for _ in range(500)
    ]
    in_js = js_pair_hashes(grams)
    assert in_js == [gram_hash(g) for g in grams]
    assert [h % 64 for h in in_js] == [shard(g, 64) for g in grams]
    assert len(set(in_js)) > 490  # not a constant: distinct bigrams, distinct hashes
    spread = {shard(a + b, 16) for a in "排查整改城镇燃气" for b in "重大事故隐患安全"}
    assert spread == set(range(16))  # 64 bigrams reach every one of 16 shards


@pytest.mark.parametrize("file_bytes", [40, 300, 8_000])
def test_files_decode_to_every_pair_of_every_article(
    monkeypatch: pytest.MonkeyPatch, file_bytes: int
) -> None:
    monkeypatch.setattr(index_module, "FILE_BYTES", file_bytes)
    monkeypatch.setattr(index_module, "LIST_BYTES", file_bytes // 2 + 10)
    if file_bytes == 300:  # encoded a few bigrams and a few files at a time
        monkeypatch.setattr(index_module, "CHUNK_PAIRS", 500)
        monkeypatch.setattr(index_module, "CHUNK_VALUES", 300)
    docs = random_docs(90)
    files = index_files(docs)
    meta = files["meta.json"]
    assert isinstance(meta, dict) and meta["count"] == 90
    positions = {int(n[2:-4]): read_postings(d) for n, d in files.items() if n.startswith("p/")}  # type: ignore[arg-type]
    lists = {int(n[2:-4]): read_lists(d) for n, d in files.items() if n.startswith("a/")}  # type: ignore[arg-type]
    assert sorted(positions) == list(range(len(positions)))
    assert sorted(lists) == list(range(len(lists)))
    found: dict[str, dict[int, list[int]]] = defaultdict(dict)
    counted: dict[str, dict[int, int]] = defaultdict(dict)
    for by_gram in positions.values():
        for gram, entries in by_gram.items():
            for article, at in entries:
                assert article not in found[gram]  # each article's postings in one file
                found[gram][article] = at
    for by_count in lists.values():
        for gram, counts in by_count.items():
            for article, count in counts:
                assert article not in counted[gram]
                counted[gram][article] = count
    expected = reference(docs)
    assert found == expected
    assert counted == {g: {a: len(p) for a, p in by_doc.items()} for g, by_doc in expected.items()}
    directory: dict[str, tuple[int, tuple[int, list[int]], tuple[int, list[int]]]] = {}
    for name, data in files.items():
        if name.startswith("dir/"):
            assert isinstance(data, bytes)
            entries = read_directory(data)
            assert all(shard(g, meta["directory"]) == int(name[4:-4]) for g in entries)
            directory |= entries
    assert set(directory) == set(expected)
    for gram, (articles, (a_first, a_starts), (p_first, p_starts)) in directory.items():
        assert articles == len(expected[gram])
        assert a_starts == sorted(a_starts) and p_starts == sorted(p_starts)
        for article in expected[gram]:  # where search.js will look for it: fileOf()
            later = sum(start <= article for start in a_starts)
            assert article in dict(lists[a_first + later][gram])
            later = sum(start <= article for start in p_starts)
            assert article in dict(positions[p_first + later][gram])
    spans = [len(p_starts) for _, _, (_, p_starts) in directory.values()]
    if file_bytes in (40, 8_000):  # tiny files: common bigrams span several; normal: one
        assert (max(spans) > 0) == (file_bytes == 40)


def test_a_large_bigram_starts_its_own_file(monkeypatch: pytest.MonkeyPatch) -> None:
    # Its first file holds its newest articles in full: a first page reads one file of it.
    monkeypatch.setattr(index_module, "FILE_BYTES", 200)
    files = index_files(random_docs(300))
    directory: dict[str, tuple[int, tuple[int, list[int]], tuple[int, list[int]]]] = {}
    for name, data in files.items():
        if name.startswith("dir/"):
            directory |= read_directory(data)  # type: ignore[arg-type]
    large = [(p_first, g) for g, (_, _, (p_first, starts)) in directory.items() if starts]
    assert large
    for p_first, gram in large:
        data = files[f"p/{p_first}.bin"]
        assert list(read_postings(data)) == [gram]  # type: ignore[arg-type]
        assert len(data) >= 100  # type: ignore[arg-type]


def test_meta_lists_year_runs_and_filter_values() -> None:
    docs = [doc("隐患", "2024-03-01"), doc("隐患", "2024-01-01"), doc("排查", "2023-12-01")]
    docs[2].category = "典型案例"
    files = index_files(docs)
    meta = files["meta.json"]
    assert isinstance(meta, dict)
    assert meta["years"] == [[2024, 0, 2], [2023, 2, 3]]
    assert meta["categories"] == ["典型案例"] and meta["sources"] == ["市工作专班"]
    marks = {g for n, d in files.items() if n.startswith("dir/") for g in read_directory(d)}  # type: ignore[arg-type]
    assert {"\ufdd0\U000f0000", "\ufdd1\U000f0000"} <= marks  # filter values as pairs
    assert files["docs/0.json"] == [d.record() for d in docs]  # up to DOCS_PER_FILE a file


def test_traditional_text_is_indexed_folded() -> None:
    files = index_files([doc("排查重大事故隱患。")])
    grams = {g for n, d in files.items() if n.startswith("dir/") for g in read_directory(d)}  # type: ignore[arg-type]
    assert "隐患" in grams and "隱患" not in grams


def test_file_sizes_do_not_grow_with_the_column() -> None:
    large = index_files(random_docs(3000))

    def biggest(files: dict[str, object], prefix: str) -> int:
        return max(len(d) for n, d in files.items() if n.startswith(prefix))  # type: ignore[arg-type]

    assert biggest(large, "p/") < 1.5 * index_module.FILE_BYTES
    assert len([n for n in large if n.startswith("p/")]) > 5  # the large column's are cut
    assert biggest(large, "dir/") < 2 * index_module.DIRECTORY_BYTES


def test_every_directory_file_exists_even_when_empty() -> None:
    for docs in ([], [doc("")], [doc("ab")]):
        files = index_files(docs)
        meta = files["meta.json"]
        assert isinstance(meta, dict)
        names = [n for n in files if n.startswith("dir/")]
        assert sorted(names) == sorted(f"dir/{n}.bin" for n in range(meta["directory"]))
        for name in names:
            read_directory(files[name])  # type: ignore[arg-type]
