"""A generated column of government prose that reuses a small vocabulary heavily: every pair of
characters in its stock phrases is in most articles, while a given phrase (a verb phrase and
an object) is in a few per cent of them. The density that makes exact phrase search expensive,
which the project's own bench corpus (tests/bench/corpus.py) does not reach."""

from __future__ import annotations

import random
from datetime import date, timedelta

from tests.bench.corpus import CATEGORIES, CLAUSES, PHRASES, SOURCES

from bulletin.core.search import SearchDoc

VERBS = [
    "压紧压实", "全面推进", "扎实推进", "深入开展", "持续深化", "切实加强", "进一步落实",
    "严格落实", "认真履行", "不断健全", "着力强化", "统筹推进", "加快推进", "全面落实",
    "层层压实", "坚决守牢", "持续推进", "全面加强", "扎实做好", "着力推进", "稳步推进",
    "积极推进", "深入推进", "切实抓好",
]  # fmt: skip
OBJECTS = [
    "安全生产责任", "安全生产分类分级精细化监管", "企业安全生产主体责任", "安全生产隐患排查整治",
    "安全生产风险分级管控", "重大事故隐患排查治理", "安全生产专项整治", "安全生产监管责任",
    "安全生产工作", "企业主体责任", "部门监管责任", "属地管理责任", "隐患排查整治工作",
    "安全生产责任制", "安全生产检查", "安全风险隐患排查", "安全生产管理工作", "企业安全管理",
    "生产安全事故防范", "安全生产宣传教育",
]  # fmt: skip
LAST_DAY = date(2025, 12, 31)


def clause(rng: random.Random) -> str:
    """A verb phrase on an object; objects early in the list are the commoner (as in real text)."""
    weights = [1 / (k + 1) ** 0.3 for k in range(len(OBJECTS))]
    return rng.choice(VERBS) + rng.choices(OBJECTS, weights)[0]


def dense_docs(count: int, seed: int = 11, per_issue: int = 5) -> list[SearchDoc]:
    """`count` articles, newest first, five an issue, one issue a day back from LAST_DAY."""
    rng = random.Random(seed)
    docs = []
    for i in range(count):
        issue, k = divmod(i, per_issue)
        day = LAST_DAY - timedelta(days=issue)
        source = rng.choice(SOURCES)
        paragraphs = []
        for _ in range(rng.randint(3, 4)):
            parts = [clause(rng) for _ in range(rng.randint(3, 4))]
            parts += rng.sample(CLAUSES, rng.randint(2, 3))
            parts += rng.sample(PHRASES, 1) if rng.random() < 0.1 else []
            rng.shuffle(parts)
            paragraphs.append(
                f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日，{source}{'，'.join(parts)}。"
            )
        docs.append(
            SearchDoc(
                title=f"{source}{clause(rng)}",
                url=f"issues/{day.year}/{issue + 1}/#a{k + 1}",
                label=f"第{issue + 1}期",
                date=day.isoformat(),
                source=source,
                category=rng.choice(CATEGORIES),
                text="\n".join(paragraphs),
            )
        )
    return docs
