"""The core, in process and without MkDocs: front-matter rules, body parsing, numbering, links,
errata, statistics, feed data, URLs and settings. Each test writes the few files it needs and
asserts on the model or on the problems (file, line, field, message)."""

from __future__ import annotations

import ast
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest

from bulletin.core.checking import check_site
from bulletin.core.column import load_column
from bulletin.core.errata import load_errata
from bulletin.core.feed import feed_items
from bulletin.core.metadata import issue_page_name, page_meta, page_title
from bulletin.core.model import Campaign, Column, MetaSettings, Numbering, SiteIdentity
from bulletin.core.problems import Problem, Severity
from bulletin.core.slugs import heading_ids, slugify
from bulletin.core.statistics import monthly_csv, year_table
from bulletin.core.urls import ROUTES, url_for
from conftest import PROJECT, issue_text

CORE = PROJECT / "scripts/bulletin/core"


def write(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "docs").mkdir(exist_ok=True)
    return root


# A column whose settings are complete, so that only the files' problems are reported.
COLUMN = Column(metadata=MetaSettings("测试网站", "example.gov.cn", "工作动态", "安全生产", "测试"))


def problems(root: Path, column: Column = COLUMN) -> list[Problem]:
    return check_site(root, column, root / "docs", include_drafts=True).problems


def rows(found: list[Problem]) -> list[str]:
    return [p.format() for p in found]


# --- the import boundary -------------------------------------------------------------------


def test_core_imports_no_mkdocs_markdown_or_jinja() -> None:
    forbidden = {"mkdocs", "markdown", "jinja2", "markupsafe"}
    leaks = []
    for module in sorted(CORE.rglob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            leaks += [f"{module.name}: {n}" for n in names if n.split(".")[0] in forbidden]
    assert leaks == []


# --- front matter ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "line", "expected"),
    [
        ({"number": None}, 1, "number: 缺少必填项「number」（期号）"),
        ({"number": "一"}, 2, "number: 期号应为不小于 1 的整数，现在是「一」"),
        ({"number": 0}, 2, "number: 期号应为不小于 1 的整数，现在是「0」"),
        ({"date": "2023年6月16日"}, 3, "date: 发布日期应写成 YYYY-MM-DD"),
        ({"date": None}, 1, "date: 缺少必填项「date」（发布日期，格式 YYYY-MM-DD）"),
        ({"source": None}, 1, "source: 缺少必填项「source」（信息来源）"),
        ({"editor": None}, 1, "editor: 缺少必填项「editor」（编辑（初审））"),
        ({"reviewer": None}, 1, "reviewer: 缺少必填项「reviewer」（责任编辑（复审））"),
        ({"approver": None}, 1, "approver: 缺少必填项「approver」（终审）"),
        ({"draft": "是"}, 8, "draft: draft只能是 true 或 false，现在是「是」"),
        ({"tags": "{a: 1}"}, 8, "tags: tags应为文字列表"),
        ({"original_url": "example.com"}, 8, "original_url: 原文网址「example.com」应以 http://"),
    ],
)
def test_front_matter_rules(
    tmp_path: Path, overrides: dict[str, object], line: int, expected: str
) -> None:
    write(tmp_path, {"issues/2023/01.md": issue_text(1, "2023-06-16", **overrides)})
    found = rows(problems(tmp_path))
    assert any(row.startswith(f"issues/2023/01.md:{line}: {expected}") for row in found), found


def test_impossible_date_is_named_once_at_its_line(tmp_path: Path) -> None:
    write(tmp_path, {"issues/2023/01.md": issue_text(1, "2023-13-01")})
    found = rows(problems(tmp_path))
    assert found == ["issues/2023/01.md:3: date: 「2023-13-01」不是真实存在的日期，应为 YYYY-MM-DD"]


def test_missing_means_none_not_a_stand_in(tmp_path: Path) -> None:
    write(tmp_path, {"issues/2023/01.md": issue_text(1, "2023-06-16")})
    (issue,) = load_column(tmp_path, Column()).issues
    assert issue.summary is None and issue.tags is None and issue.author is None
    assert issue.title == "工作信息·第1期"  # the contract's default title, derived, not stored


def test_unknown_key_is_a_warning(tmp_path: Path) -> None:
    write(tmp_path, {"issues/2023/01.md": issue_text(1, "2023-06-16", sumary="x")})
    assert rows(problems(tmp_path)) == [
        "issues/2023/01.md:8: 警告: sumary: 未知的键「sumary」，请检查拼写"
    ]


def test_full_width_colon_is_explained_at_its_line(tmp_path: Path) -> None:
    text = issue_text(1, "2023-06-16").replace("reviewer: 李责编", "reviewer：李建国")
    write(tmp_path, {"issues/2023/01.md": text})
    found = rows(problems(tmp_path))
    assert any(
        row.startswith("issues/2023/01.md:6:") and "中文冒号" in row and "reviewer: 李建国" in row
        for row in found
    ), found


def test_copied_file_says_which_to_change(tmp_path: Path) -> None:
    write(tmp_path, {"issues/2023/01.md": issue_text(1, "2023-06-16")})
    write(tmp_path, {"issues/2023/02.md": issue_text(1, "2023-06-23")})
    found = rows(problems(tmp_path))
    assert (
        "issues/2023/02.md:2: number: 期号 1 与文件名 02.md 不一致：如果这是新的一期，请把 number 改为 2；"
        "如果期号 1 是对的，请把文件改名为 01.md"
    ) in found


def test_template_placeholders_block_publishing(tmp_path: Path) -> None:
    from bulletin.core.drafting import TEMPLATE

    text = TEMPLATE.format(number=1, date="2023-06-16", source="市应急管理局")
    text = text.replace("editor:\n", "editor: 王\n").replace("reviewer:\n", "reviewer: 李\n")
    text = text.replace("approver:\n", "approver: 张\n").replace("summary:\n", "")
    write(tmp_path, {"issues/2023/01.md": text})
    assert [p for p in problems(tmp_path) if p.is_error] == []  # still a draft: fine
    write(tmp_path, {"issues/2023/01.md": text.replace("draft: true\n", "")})
    # Lines: 1–8 front matter, 10 编者按, 12 heading, 14 attribution line, 16 body.
    assert rows(problems(tmp_path)) == [
        f"issues/2023/01.md:{line}: 模板中的占位文字「{text}…」尚未替换为正式内容"
        for line, text in [(10, "（在此填写编者按"), (12, "（第一篇文章的标题）"),
                           (14, "（来源单位名称）"), (16, "（正文。")]
    ]  # fmt: skip


# --- body -----------------------------------------------------------------------------------


def test_body_note_articles_attribution_and_anchors(tmp_path: Path) -> None:
    articles = [
        ("督导帮扶组在济调研", "来源：督导帮扶第六工作组 ｜ 类别：督导帮扶", "正文一。"),
        ("工作动态 {#dongtai}", None, "### 小标题\n\n正文二。"),
        ("督导帮扶组在济调研", "来源:市工作专班|作者:王五", "正文三。"),
    ]
    write(tmp_path, {"issues/2023/01.md": issue_text(1, "2023-06-16", articles)})
    (issue,) = load_column(tmp_path, Column()).issues
    assert issue.editor_note == "本期刊登工作动态。"
    assert [a.anchor for a in issue.articles] == [
        "督导帮扶组在济调研",
        "dongtai",
        "督导帮扶组在济调研-2",
    ]
    # issue_text: front matter on lines 1–8, 编者按 on 10, then heading, blank, line, blank, body.
    assert [a.line for a in issue.articles] == [12, 18, 24]
    first, second, third = issue.articles
    assert (first.attribution.source, first.attribution.category) == (
        "督导帮扶第六工作组",
        "督导帮扶",
    )
    assert second.attribution_line is None and second.attribution.source == "市应急管理局"
    assert (third.attribution.source, third.attribution.author) == ("市工作专班", "王五")
    assert issue.minor_heading_ids == ["小标题"]


def test_slugs_match_pymdownx_as_the_toc_uses_it() -> None:
    from pymdownx.slugs import slugify as pymdownx_slugify

    toc = pymdownx_slugify(case="lower")
    for heading in ["国务院安委办督导帮扶第六工作组", "Hello World 37项 PM2.5", "一、总体要求"]:
        assert slugify(heading) == toc(heading, "-")
    assert heading_ids(["动态", "动态", ""], {"动态"}) == ["动态_1", "动态_2", "_1"]


@pytest.mark.parametrize(
    ("body", "line", "expected"),
    [
        ("![](a.png)", 14, "图片「a.png」缺少替代文字"),
        ('<img src="a.png">', 14, "图片「a.png」缺少替代文字"),
        ("![现场](none.png)", 14, "图片文件「none.png」不存在"),
        ("![现场](https://cdn.example.com/a.png)", 14, "引用了外部网址"),
        ("![现场](../a.png)", 14, "应使用相对于本期文件、同一目录下的路径"),
        ("[附件](none.pdf)", 14, "附件文件「none.pdf」不存在"),
    ],
)
def test_images_and_attachments(tmp_path: Path, body: str, line: int, expected: str) -> None:
    write(tmp_path, {"issues/2023/01.md": issue_text(1, "2023-06-16", [("动态", None, body)])})
    (tmp_path / "issues/2023/a.png").write_bytes(b"\x89PNG")
    found = rows(problems(tmp_path))
    assert any(r.startswith(f"issues/2023/01.md:{line}: ") and expected in r for r in found), found


def test_bad_attribution_line(tmp_path: Path) -> None:
    text = issue_text(1, "2023-06-16", [("动态", "来源:市工作专班 | 栏目:动态", "正文")])
    write(tmp_path, {"issues/2023/01.md": text})
    assert rows(problems(tmp_path)) == [
        "issues/2023/01.md:14: 来源: 无法识别「栏目:动态」；来源行格式应为「来源:单位」，"
        "可再加「 | 类别:类别」「 | 原文:网址」「 | 作者:姓名」"
    ]


@pytest.mark.parametrize(
    "slip",
    [
        "类别：区县动态",
        "类别:区县动态",
        "作者：王某",
        "原文：https://example.com/a",
        "类别：区县动态 ｜ 作者：王某",
    ],
)
def test_attribution_without_source_is_refused_at_its_line(tmp_path: Path, slip: str) -> None:
    """「来源：… |」 deleted: the rest is refused, never left to show as body text."""
    text = issue_text(1, "2023-06-16", [("动态", slip, "正文")])
    write(tmp_path, {"issues/2023/01.md": text})
    assert rows(problems(tmp_path)) == [
        f"issues/2023/01.md:14: 来源: 来源行缺少「来源：」：请写成「来源：单位 ｜ {slip}」"
        "（来源与本期信息来源相同也要写出单位）；"
        "如果这一段是正文，请改写，不要以「类别：」「作者：」「原文：」开头"
    ]


def test_body_paragraph_mentioning_a_category_later_is_body_text(tmp_path: Path) -> None:
    text = issue_text(1, "2023-06-16", [("动态", None, "本文类别：区县动态。")])
    write(tmp_path, {"issues/2023/01.md": text})
    assert rows(problems(tmp_path)) == []


# --- links ----------------------------------------------------------------------------------


def _two_issues(root: Path, body: str) -> None:
    write(root, {"issues/2023/01.md": issue_text(1, "2023-06-16", [("工作动态", None, "正文")])})
    write(root, {"issues/2023/02.md": issue_text(2, "2023-06-23", [("动态", None, body)])})
    write(root, {"docs/about.md": "# 关于\n\n## 联系我们\n"})


@pytest.mark.parametrize(
    "body",
    [
        "[上期](01.md#工作动态)",
        '[上期](01.md#工作动态 "上期")',  # with a title: once accepted by check, refused by build
        "[上期][ref]\n\n[ref]: 01.md#工作动态",
        '<a href="01.md">上期</a>',
        "[关于](../../docs/about.md#联系我们)",
        "[本期](#动态)",
        "`[上期](99.md)` is code, not a link",
    ],
)
def test_good_links_resolve(tmp_path: Path, body: str) -> None:
    _two_issues(tmp_path, body)
    assert rows(problems(tmp_path)) == []


@pytest.mark.parametrize(
    ("body", "line", "expected"),
    [
        ("[下期](99.md)", 14, "链接: 「99.md」指向的文件不存在"),
        ('[上期](01.md#不存在 "上期")', 14, "链接: issues/2023/01.md 中没有锚点为「不存在」的文章"),
        ("[x][r]\n\n[r]: 03.md", 16, "链接: 「03.md」指向的文件不存在"),  # the definition's line
        (
            "[关于](../../docs/about.md#无此节)",
            14,
            "链接: docs/about.md 中没有锚点为「无此节」的标题",
        ),
        ("[本期](#无此文)", 14, "链接: 本期没有锚点为「无此文」的文章"),
    ],
)
def test_broken_links_name_file_and_line(
    tmp_path: Path, body: str, line: int, expected: str
) -> None:
    _two_issues(tmp_path, body)
    found = rows(problems(tmp_path))
    assert any(r.startswith(f"issues/2023/02.md:{line}: ") and expected in r for r in found), found


def test_link_to_a_draft_is_refused(tmp_path: Path) -> None:
    _two_issues(tmp_path, "[上期](01.md)")
    write(tmp_path, {"issues/2023/01.md": issue_text(1, "2023-06-16", draft="true")})
    assert "指向的期刊是草稿" in "".join(rows(problems(tmp_path)))


# --- numbering ------------------------------------------------------------------------------


def test_numbering_duplicates_order_gaps_and_neighbours(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "issues/2023/01.md": issue_text(1, "2023-06-16"),
            "issues/2023/1.md": issue_text(1, "2023-06-18"),
            "issues/2023/03.md": issue_text(3, "2023-06-01"),
        },
    )
    found = rows(problems(tmp_path))
    assert "issues/2023/1.md:2: number: 期号 1 与 issues/2023/01.md 重复" in found
    assert any(
        r.startswith("issues/2023/03.md:3: date: 第3期的日期 2023-06-01 早于第1期") for r in found
    )
    assert "issues/2023/03.md:2: 警告: number: 期号不连续：缺少第2期" in found


def test_neighbours_and_total_numbers(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "issues/2023/01.md": issue_text(1, "2023-06-16"),
            "issues/2024/01.md": issue_text(1, "2024-01-05"),
        },
    )
    first, second = load_column(tmp_path, Column(total_offset=14)).issues
    assert (first.next, second.previous) == (second, first)
    assert (first.total_number, second.total_number) == (15, 16)
    assert second.label(Column()) == "2024年第1期"
    assert second.label(Column(numbering=Numbering.CONTINUOUS)) == "第1期"


def test_page_titles_tell_issues_apart_page_first_then_column(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "issues/2023/01.md": issue_text(1, "2023-06-16"),
            "issues/2024/01.md": issue_text(1, "2024-01-05"),
            "issues/2024/02.md": issue_text(2, "2024-02-05", title="春季检查专报"),
        },
    )
    yearly = Column(name="某专栏", bulletin_name="工作信息", total_offset=14)
    first, second, own = load_column(tmp_path, yearly).issues
    meta = page_meta(yearly, "issues/2024/01.md", "工作信息·第1期", None, None, second)
    assert meta.title == "工作信息·2024年第1期（总第16期） - 某专栏"
    assert meta.get("ArticleTitle") == "工作信息·2024年第1期（总第16期）"
    assert page_meta(yearly, "x.md", "工作信息·第1期", None, None, first).title != meta.title
    assert issue_page_name(own, yearly) == "2024年第2期 春季检查专报（总第17期）"
    continuous = Column(name="某专栏", bulletin_name="工作信息", numbering=Numbering.CONTINUOUS)
    assert issue_page_name(second, continuous) == "工作信息·第1期（总第16期）"
    assert page_title("类别：督导帮扶（第2页）", continuous) == "类别：督导帮扶（第2页） - 某专栏"
    assert page_meta(continuous, "index.md", "首页", None, None).title == "某专栏"


def test_drafts_are_validated_but_shown_only_in_a_preview(tmp_path: Path) -> None:
    draft = issue_text(2, "2023-06-23", editor=None, draft="true")
    write(tmp_path, {"issues/2023/01.md": issue_text(1, "2023-06-16"), "issues/2023/02.md": draft})
    assert [i.number for i in load_column(tmp_path, Column()).issues] == [1]
    assert [i.number for i in load_column(tmp_path, Column(), include_drafts=True).issues] == [1, 2]
    write(tmp_path, {"issues/2023/02.md": issue_text(2, "2023-13-01", draft="true")})
    assert any("2023-13-01" in r for r in rows(load_column(tmp_path, Column()).problems))


# --- errata, statistics, feed ---------------------------------------------------------------


def test_errata_hits_with_line_and_column(tmp_path: Path) -> None:
    (tmp_path / "errata.yml").write_text(
        "words:\n"
        "  - {wrong: 中华人民共合国, right: 中华人民共和国, severity: severe}\n"
        "  - {wrong: 帐号, right: 账号, severity: warning}\n"
        "exceptions: [帐号管理办法]\n",
        encoding="utf-8",
    )
    errata, found = load_errata(tmp_path / "errata.yml", "errata.yml")
    assert found == []
    hits = errata.scan("a.md", "第一行\n在中华人民共合国境内\n帐号 与 帐号管理办法", first_line=5)
    assert [p.format() for p in hits] == [
        "a.md:6:2: 「中华人民共合国」 应为「中华人民共和国」",
        "a.md:7:1: 警告: 「帐号」 应为「账号」",
    ]


def test_statistics_count_each_unit_by_month(tmp_path: Path) -> None:
    articles = [
        ("一", "来源:济阳区应急管理局", "x"),
        ("二", "来源:济阳区应急管理局", "x"),
        ("三", None, "x"),
    ]
    write(
        tmp_path,
        {
            "issues/2023/01.md": issue_text(1, "2023-06-16", articles),
            "issues/2023/02.md": issue_text(2, "2023-07-16", articles[:1]),
        },
    )
    issues = load_column(tmp_path, Column()).issues
    all_articles = [a for issue in reversed(issues) for a in issue.articles]
    table = year_table(all_articles, 2023)
    counts = {row.unit: (row.counts[5], row.counts[6], row.total) for row in table.rows}
    assert counts == {"济阳区应急管理局": (2, 1, 3), "市应急管理局": (1, 0, 1)}
    assert table.total == 4
    csv_rows = monthly_csv(all_articles).splitlines()
    assert "济阳区应急管理局,2023-06,2" in csv_rows and "济阳区应急管理局,2023-07,1" in csv_rows


def test_feed_items_are_newest_first_with_absolute_links(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "issues/2023/01.md": issue_text(1, "2023-06-16", summary="第一期摘要"),
            "issues/2023/02.md": issue_text(2, "2023-06-23"),
        },
    )
    loaded = load_column(tmp_path, Column(feed_size=1))
    (item,) = feed_items(loaded, "https://example.gov.cn/col")
    assert item.link == "https://example.gov.cn/col/issues/2023/2/"
    assert item.pub_date == "Fri, 23 Jun 2023 09:00:00 +0800"  # the default publish time
    assert item.summary == "工作动态"  # no summary: the article titles


# --- URLs and settings ----------------------------------------------------------------------


def test_url_table_gives_the_contract_urls() -> None:
    assert url_for("issue", year=2023, number=3) == "issues/2023/3/"
    assert url_for("search") == "search/"
    assert all(not route.startswith("/") for route in ROUTES.values())


def test_templates_hold_no_url_literals() -> None:
    import re

    literal = re.compile(
        r"""['"](?:archive|search|categories|sources|policies|statistics|site-map|accessibility|issues)/"""
    )
    offenders = [
        str(p.relative_to(PROJECT))
        for p in (PROJECT / "overrides").rglob("*.html")
        if literal.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_settings_are_declared_once_with_their_defaults() -> None:
    from bulletin.mkdocs.config import BulletinConfig, to_column

    config = BulletinConfig()
    config.load_dict({})
    assert config.validate() == ([], [])
    # The defaults as documented, written out: the contract (issues/, hold_future: true), the
    # README (publish_time 09:00, three distinct reviewers an error unless set to warning,
    # site_name and site_domain from mkdocs.yml), and what mkdocs.yml's comments promise.
    assert to_column(config) == Column(
        name="专项行动专栏",
        bulletin_name="工作信息",
        publisher=None,
        numbering=Numbering.YEARLY,
        total_offset=None,
        issues_dir="issues",
        feed_size=20,
        page_size=50,
        hold_future=True,
        identity=SiteIdentity(),
        index_no_pattern=r"^[0-9A-Z]{18}/\d{4}-\d{1,10}$",
        campaign=Campaign(
            status="active", ended=None, publish_time=time(9, 0), distinct_reviewers=Severity.ERROR
        ),
        metadata=MetaSettings(),
        categories=(),
    )
    assert SiteIdentity() == SiteIdentity(*[None] * 8)  # every footer item unset until given
    assert MetaSettings() == MetaSettings(None, None, None, None, None)  # from mkdocs.yml
    config = BulletinConfig()
    config.load_dict({"numbering": "continuous", "footer": {"icp": "鲁ICP备1号"}, "publisher": ""})
    assert config.validate()[0] == []
    column = to_column(config)
    assert column.numbering is Numbering.CONTINUOUS and column.publisher is None
    assert column.identity == SiteIdentity(icp="鲁ICP备1号")
    assert "police" in column.identity.missing() and "icp" not in column.identity.missing()


def test_future_issue_is_a_notice_when_held_back(tmp_path: Path) -> None:
    future = date.today() + timedelta(days=400)
    write(tmp_path, {f"issues/{future.year}/01.md": issue_text(1, future.isoformat())})
    (found,) = problems(tmp_path)
    assert found.severity is Severity.NOTICE and "还没到，暂不发布" in found.message


@pytest.mark.parametrize(("underline", "kind"), [("---", "二级"), ("===", "一级")])
def test_underlined_heading_is_refused(tmp_path: Path, underline: str, kind: str) -> None:
    body = f"第一段。\n\n本应是正文的一行\n{underline}\n\n分隔线前空一行就好：\n\n---\n\n结尾。"
    write(tmp_path, {"issues/2023/01.md": issue_text(1, "2023-06-16", [("动态", None, body)])})
    assert rows(problems(tmp_path)) == [
        f"issues/2023/01.md:17: 标题: 下一行的「{underline}」会把「本应是正文的一行」变成{kind}标题；"
        "文章标题请写成「## 标题」，分隔线前请空一行"
    ]


def test_an_issue_dated_today_waits_for_its_publish_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The column publishes at 09:00 China time: a build at 00:05 that day holds the issue, one
    # at 09:00 shows it (a page must never show a 发布时间 still to come).
    write(tmp_path, {"issues/2025/01.md": issue_text(1, "2025-03-10")})
    china = timezone(timedelta(hours=8))
    shown = []
    for clock in (time(0, 5), time(8, 59), time(9, 0)):
        moment = datetime.combine(date(2025, 3, 10), clock, tzinfo=china)
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(moment.timestamp())))
        shown.append(len(load_column(tmp_path, Column()).issues))
    assert shown == [0, 0, 1]
