"""Probes a search benchmark makes from the corpus itself, aimed at exact search's expensive
shapes: phrases whose every pair of characters is common while the phrase is rare, and
conjunctions of frequent words that rarely meet. The truth is a plain substring test over the
texts folded by `fold` (tested on its own in tests/test_search_index.py), sharing no other
code with the index or with search.js."""

from __future__ import annotations

import random
import re
from collections import Counter

from bulletin.core.search import fold

TYPICAL = ["安全", "安全生产", "隐患", "航天飞机"]


def pair_frequency(texts: list[str], rng: random.Random, sample: int = 2000) -> dict[str, float]:
    """Share of articles holding each pair of characters, estimated on a sample."""
    chosen = rng.sample(texts, min(sample, len(texts)))
    counts: Counter[str] = Counter()
    for text in chosen:
        counts.update({text[i : i + 2] for i in range(len(text) - 1)})
    return {pair: n / len(chosen) for pair, n in counts.items()}


def holding(texts: list[str], query: str) -> list[int]:
    """The articles (numbers) holding every term of a query, folded as search folds it."""
    terms = [fold(t) for t in query.split()]
    return [i for i, text in enumerate(texts) if all(t in text for t in terms)]


def share(texts: list[str], terms: list[str]) -> float:
    """Share of articles holding every term."""
    return sum(all(t in text for t in terms) for text in texts) / len(texts)


def phrase_probes(
    texts: list[str], rng: random.Random, want: int = 6, tries: int = 4000
) -> list[str]:
    """Phrases of 8–17 characters whose pairs are each in ≥ 50 % of articles while the phrase
    is in 1–5 %; the hardest first (commonest rarest pair against the phrase's share)."""
    pairs = pair_frequency(texts, rng)
    found: dict[str, float] = {}
    for _ in range(tries):
        clauses = [c for c in re.split(r"[，。、；：,.;:\s]", rng.choice(texts)) if len(c) >= 8]
        if not clauses:
            continue
        clause = rng.choice(clauses)
        length = rng.randint(8, min(17, len(clause)))
        start = rng.randint(0, len(clause) - length)
        phrase = clause[start : start + length]
        rarest = min(pairs.get(phrase[i : i + 2], 0) for i in range(length - 1))
        if phrase in found or rarest < 0.5:
            continue
        part = share(texts, [phrase])
        if 0.01 <= part <= 0.05:
            found[phrase] = rarest / part * len(phrase)
    return sorted(found, key=lambda p: -found[p])[:want]


def conjunction_probes(
    texts: list[str], words: list[str], rng: random.Random, want: int = 4, tries: int = 400
) -> list[str]:
    """Conjunctions of 5–10 frequent words (each in 20–95 % of articles) that co-occur in
    1–5 % of articles; the longest first."""
    holding = {w: {i for i, t in enumerate(texts) if w in t} for w in sorted(set(words))}
    common = [w for w in holding if 0.2 <= len(holding[w]) / len(texts) <= 0.95]
    found: dict[str, int] = {}
    for _ in range(tries):
        rng.shuffle(common)
        chosen: list[str] = []
        together = set(range(len(texts)))
        target = rng.randint(5, 10)
        for word in common:
            narrower = together & holding[word]
            if len(narrower) < 0.01 * len(texts):
                continue
            chosen, together = [*chosen, word], narrower
            if len(chosen) >= target and len(together) <= 0.05 * len(texts):
                break
        if 5 <= len(chosen) <= 10 and len(together) <= 0.05 * len(texts):
            found[" ".join(sorted(chosen))] = len(chosen)
    return sorted(found, key=lambda p: -found[p])[:want]


def stock_words(phrases: list[str]) -> list[str]:
    """Two-character words of the stock phrases (every other pair)."""
    return [p[i : i + 2] for p in phrases for i in range(0, len(p) - 1, 2)]
