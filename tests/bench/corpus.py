"""A generated column for benchmarks and scale tests: N issues of five Chinese articles, weekly
while that fits before LAST_DAY, closer together (down to one a day) for larger columns, so no
issue is dated in the future."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from pathlib import Path

SOURCES = [
    "市工作专班", "市应急管理局", "商河县应急管理局", "章丘区应急管理局", "济阳区应急管理局",
    "历城区应急管理局", "莱芜区应急管理局", "长清区应急管理局", "平阴县应急管理局",
    "市住房城乡建设局", "市市场监管局", "市消防救援支队",
]  # fmt: skip
CATEGORIES = ["督导帮扶", "工作动态", "会议活动", "区县动态", "典型案例", "隐患排查"]
PHRASES = [
    "开展危险化学品企业安全风险隐患排查", "对排查出的问题隐患逐项建立台账", "限期整改并跟踪销号",
    "压紧压实安全生产责任", "推进化工园区安全整治提升", "落实“四个联合”工作机制",
    "完成“五室”搬迁", "加强城镇燃气安全管理", "对重大事故隐患实行挂牌督办",
    "组织应急处置能力训练", "采取“四不两直”方式检查企业", "强化特殊作业安全管理",
    "健全安全生产责任体系", "推动智能化监管平台建设", "召开专题会议研究部署",
    "督促企业落实主体责任", "开展警示教育和全员培训", "建立问题隐患和整改措施两个清单",
    "落实安全风险分级管控", "部署安排37项工作",
]  # fmt: skip


# Clauses of the two reference pages (public government text), for a realistic vocabulary.
CLAUSES = (Path(__file__).parent / "clauses.txt").read_text(encoding="utf-8").split()


def article(rng: random.Random, n: int, k: int) -> str:
    source = rng.choice(SOURCES)
    category = rng.choice(CATEGORIES)
    paragraphs = []
    # About 700 characters an article, as in the reference issue.
    for _ in range(rng.randint(3, 4)):
        clauses = rng.sample(PHRASES, 2) + rng.sample(CLAUSES, 7)
        rng.shuffle(clauses)
        paragraphs.append(
            f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日，{source}{'，'.join(clauses)}。"
        )
    title = f"{source}{rng.choice(PHRASES)}（第{n}期之{k}）"
    return f"## {title}\n\n来源:{source} | 类别:{category}\n\n" + "\n\n".join(paragraphs) + "\n"


# Weekly from FIRST_DAY while that ends by LAST_DAY (up to about 520 issues; tests plant issues
# after the generated ones in 2016); larger columns are spread over WINDOW_DAYS ending on
# LAST_DAY. Fixed days, so the corpus is the same on any day, and none in the future.
FIRST_DAY = date(2016, 1, 4)
LAST_DAY = date(2025, 12, 31)
WINDOW_DAYS = 5_113  # 2012-01-02 to LAST_DAY: room for 5,000 issues one a day


def issue_days(issues: int) -> list[date]:
    """Issue dates, oldest first: a week apart from FIRST_DAY when that fits, else spread
    evenly to end on LAST_DAY (5,000 issues are about one a day)."""
    weekly = [FIRST_DAY + timedelta(weeks=k) for k in range(issues)]
    if not weekly or weekly[-1] <= LAST_DAY:
        return weekly
    step = WINDOW_DAYS / issues
    return [LAST_DAY - timedelta(days=int((issues - 1 - k) * step)) for k in range(issues)]


def write_corpus(root: Path, issues: int, seed: int = 7) -> None:
    """Write `issues` issues into root/issues (dates from `issue_days`)."""
    rng = random.Random(seed)
    yearly: dict[int, int] = {}
    for n, day in enumerate(issue_days(issues), start=1):
        number = yearly[day.year] = yearly.get(day.year, 0) + 1
        articles = "\n".join(article(rng, n, k) for k in range(1, 6))
        text = (
            f"---\nnumber: {number}\ndate: {day.isoformat()}\nsource: 市应急管理局\n"
            f"editor: 王编辑\nreviewer: 李责编\napprover: 张终审\n---\n\n"
            f"> 编者按：本期刊登各区县专项行动工作动态。\n\n{articles}"
        )
        path = root / "issues" / str(day.year) / f"{number:02d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def first_day(issues: int) -> date:
    """The date of the corpus's first issue."""
    return issue_days(issues)[0]


def raw_articles(root: Path) -> list[tuple[str, str, str]]:
    """(issue URL, heading, raw Markdown with the issue's date first) of every article under
    root/issues, newest issue first: ground truth for search, read without the project's code."""
    issues = []
    for path in (root / "issues").glob("*/*.md"):
        text = path.read_text(encoding="utf-8")
        day = re.search(r"^date: (\S+)$", text, re.M)
        number = re.search(r"^number: (\d+)$", text, re.M)
        assert day and number
        url = f"issues/{path.parent.name}/{int(number.group(1))}/"
        body = text.split("\n---\n", 1)[1]
        sections = re.split(r"^## ", body, flags=re.M)[1:]
        found = [(url, s.split("\n", 1)[0], f"date:{day.group(1)}\n{s}") for s in sections]
        issues.append((day.group(1), found))
    return [a for _, found in sorted(issues, reverse=True) for a in found]
