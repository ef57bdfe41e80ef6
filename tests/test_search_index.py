"""The search index as a library: folding, bigrams, the vectorised postings and the files."""

from __future__ import annotations

import json
import random
from collections import defaultdict
from pathlib import Path

from bulletin.core.search import (
    SHARD_TARGET,
    SearchDoc,
    bigrams,
    build_postings,
    encode_postings,
    fold,
    shard_count,
    shard_of,
    write_search_index,
)


def doc(text: str, title: str = "标题") -> SearchDoc:
    return SearchDoc(title, "issues/2023/1/#a", "第1期", "2023-01-01", "市工作专班", None, text)


def reference_postings(docs: list[SearchDoc]) -> dict[str, list[int]]:
    """The plain-Python definition the vectorised build must equal."""
    by_gram: dict[str, list[tuple[int, list[int]]]] = defaultdict(list)
    for doc_id, d in enumerate(docs):
        local: dict[str, list[int]] = defaultdict(list)
        for gram, position in bigrams(fold(d.searchable)):
            local[gram].append(position)
        for gram, positions in local.items():
            by_gram[gram].append((doc_id, positions))
    return {gram: encode_postings(entries) for gram, entries in by_gram.items()}


def test_fold_keeps_length_and_unifies_scripts_and_case() -> None:
    assert fold("重大事故隱患") == "重大事故隐患"
    assert fold("ＰＭ２.５") == "pm2.5"
    for text in ("㈠整改", "ﬁ檢查", "𠀋安全"):
        assert len(fold(text)) == len(text)


def test_bigrams_never_cross_punctuation_or_stand_alone() -> None:
    assert [g for g, _ in bigrams("重大。大事")] == ["重大", "大事"]
    assert list(bigrams("重大。大事")) == [("重大", 0), ("大事", 3)]
    assert list(bigrams("查")) == []


def test_vectorised_postings_equal_the_reference() -> None:
    rng = random.Random(3)
    alphabet = list("排查整改城镇燃气重大事故隐患隱，。 ABab12𠀋")
    docs = [
        doc("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))) for _ in range(60)
    ]
    assert build_postings(docs) == reference_postings(docs)


def test_shards_follow_the_size_of_the_corpus() -> None:
    assert shard_count(10) == 16
    assert shard_count(1_000_000) >= 1_000_000 / SHARD_TARGET
    assert shard_of("排查", 64) == shard_of("排查", 64) < 64


def test_written_files_hold_every_bigram_in_its_shard(tmp_path: Path) -> None:
    docs = [doc("开展隐患排查。"), doc("城镇燃气整改", title="燃气")]
    write_search_index(tmp_path, docs)
    meta = json.loads((tmp_path / "search/meta.json").read_text(encoding="utf-8"))
    assert meta["count"] == 2 and meta["years"] == [2023, 2023]
    shard = json.loads(
        (tmp_path / f"search/index/{shard_of('排查', meta['shards'])}.json").read_text()
    )
    assert shard["排查"] == [0, 1, 16]  # doc 0, once, at position 16 of title + attribution + text
    record = json.loads((tmp_path / "search/docs/0.json").read_text(encoding="utf-8"))[1]
    assert record["t"] == "燃气" and record["x"] == "城镇燃气整改"
    assert json.loads((tmp_path / "search/t2s.json").read_text(encoding="utf-8")).get("隱") == "隐"
