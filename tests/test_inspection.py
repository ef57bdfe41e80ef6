"""Issue #13, what inspectors look at: page metadata, publish times, the three-person review,
a campaign that ends, policy documents in the search. Two shared builds (an active column and
an ended one); the rules are tested in-process against the core."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import feedparser
import pytest

from browser import chromium, needs_chromium, serve_under
from bulletin.core.audit import add_months, errata_finding
from bulletin.core.checking import check_site
from bulletin.core.model import Campaign, Column, MetaSettings
from bulletin.core.problems import Problem, Severity
from bulletin.core.schema import parse_clock
from bulletin.tools.cli import main
from bulletin.tools.linkcheck import Page
from bulletin.tools.settings import load_column_settings
from conftest import FOOTER, PROJECT, Site, copy_project, issue_text, make_site

HOSTILE_TITLE = "标题\"><script>alert('x')</script>&amp;"
HOSTILE_DESCRIPTION = '栏目"描述"<i>&'
POLICY_PHRASE = "危险化学品装卸作业旁站监督"
POLICY = f"""---
title: 关于加强装卸作业管理的通知
index_no: 11370125004213927F/2024-0000017
category: 安全生产
doc_no: 市安委办发〔2024〕3号
publisher: 市安委办公室
written: 2024-02-18
date: 2024-02-20 15:20
validity: 有效
---

各区县：请落实{POLICY_PHRASE}制度。

![装卸作业现场](images/zx.png)
"""
NAV = [{"首页": "index.md"}, {"往期回顾": "archive/index.md"}, {"政策文件": "policies/index.md"},
       {"站内检索": "search/index.md"}, {"来稿统计": "statistics/index.md"}]  # fmt: skip
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16


def json_scalar(value: str) -> str:
    """A YAML double-quoted scalar (JSON's string form is one)."""
    return json.dumps(value, ensure_ascii=False)


def write_policy(site: Site) -> None:
    """The policy document with its image, and the 无障碍声明 every footer links to."""
    site.write("docs/policies/zhuangxie.md", POLICY)
    site.write("docs/policies/images/zx.png", PNG)
    site.write("docs/accessibility.md", (PROJECT / "docs/accessibility.md").read_bytes())


@pytest.fixture(scope="module")
def active(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """An active column: an issue with a time, hostile values and an image; one without a time
    (default publish_time 08:15); a policy document with a time."""
    site = make_site(
        tmp_path_factory.mktemp("active"),
        plugin={"column_description": HOSTILE_DESCRIPTION, "publish_time": "08:15"},
        nav=NAV,
    )
    site.write("issues/2024/01.md", issue_text(1, "2024-02-10"))
    articles = [("现场检查", "来源:市工作专班 | 类别:督导检查", "![现场照片](photo.png)\n\n正文。")]
    text = issue_text(
        2, "2024-03-01 10:30", articles, None,
        title=json_scalar(HOSTILE_TITLE), summary=json_scalar("摘要<b>&\"引号\""),
        tags="[危化品, 督导]", reviewer="李责编",
    )  # fmt: skip
    site.write("issues/2024/02.md", text)
    site.write("issues/2024/photo.png", PNG)
    write_policy(site)
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def ended(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, str]:
    """A campaign that ended on 2024-06-30 (`column_keywords` left unset, a declared category
    without articles), and the build's log."""
    site = make_site(
        tmp_path_factory.mktemp("ended"),
        plugin={
            "status": "ended",
            "ended": date(2024, 6, 30),
            "column_keywords": "",
            "categories": ["经验做法"],
        },
        nav=NAV,
    )
    site.write("issues/2024/01.md", issue_text(1, "2024-06-20"))
    write_policy(site)
    result = site.build()
    assert result.returncode == 0, result.stderr
    return site, result.stderr


def head_meta(site: Site, page: str) -> dict[str, str]:
    """<meta name|property> → content as a browser reads it (entities decoded)."""
    parsed = Page()
    html = site.html(page)
    parsed.feed(html[: html.index("</head>")])
    return parsed.meta


COLUMN = {
    "SiteName": "测试专栏",  # mkdocs.yml's site_name: the default of plugins.bulletin.site_name
    "SiteDomain": "example.gov.cn",
    "SiteIDCode": FOOTER["site_code"],
    "ColumnName": "专项行动专栏",
    "ColumnDescription": HOSTILE_DESCRIPTION,
    "ColumnKeywords": "安全生产,专项整治",
}
BASE = "https://example.gov.cn/col/"


def test_issue_page_carries_every_metadata_tag(active: Site) -> None:
    meta = head_meta(active, "issues/2024/2/index.html")
    expected = {
        **COLUMN,
        "ColumnType": "工作动态",
        "ArticleTitle": "2024年第2期 " + HOSTILE_TITLE,  # the page's name: year and number
        "PubDate": "2024-03-01 10:30",
        "ContentSource": "市应急管理局",
        "Keywords": "危化品,督导",
        "Author": "李责编",
        "Description": '摘要<b>&"引号"',
        "Image": BASE + "issues/2024/photo.png",
        "Url": BASE + "issues/2024/2/",
        "og:type": "article",
        "og:title": "2024年第2期 " + HOSTILE_TITLE,
        "og:description": '摘要<b>&"引号"',
        "og:image": BASE + "issues/2024/photo.png",
        "og:url": BASE + "issues/2024/2/",
    }
    assert {key: meta.get(key) for key in expected} == expected
    # The image is where the tags say: published beside the issue files.
    assert (active.root / "site/issues/2024/photo.png").is_file()


def test_hostile_values_are_escaped_in_the_head(active: Site) -> None:
    html = active.html("issues/2024/2/index.html")
    head = html[: html.index("</head>")]
    assert "<script>alert" not in head and "<i>" not in head and "<b>" not in head
    tag = re.search(r'<meta name="ArticleTitle" content="([^"]*)">', head)
    assert (
        tag
        and tag.group(1)
        == "2024年第2期 标题&#34;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;amp;"
    )


def test_policy_page_is_in_the_policy_column(active: Site) -> None:
    meta = head_meta(active, "policies/zhuangxie/index.html")
    expected = {
        **COLUMN,
        "ColumnType": "政策文件",
        "ArticleTitle": "关于加强装卸作业管理的通知",
        "PubDate": "2024-02-20 15:20",
        "ContentSource": "市安委办公室",
        "Keywords": "安全生产",  # its 主题分类
        "Image": BASE + "policies/images/zx.png",
        "Url": BASE + "policies/zhuangxie/",
        "og:type": "article",
        "og:image": BASE + "policies/images/zx.png",
        "og:url": BASE + "policies/zhuangxie/",
    }
    assert {key: meta.get(key) for key in expected} == expected


@pytest.mark.parametrize(
    ("page", "url", "kind"),
    [("index.html", BASE, "工作动态"), ("archive/index.html", BASE + "archive/", "工作动态"),
     ("policies/index.html", BASE + "policies/", "政策文件")],
)  # fmt: skip
def test_list_and_home_pages_carry_the_column_tags(
    active: Site, page: str, url: str, kind: str
) -> None:
    meta = head_meta(active, page)
    assert {key: meta.get(key) for key in COLUMN} == COLUMN
    assert meta["ColumnType"] == kind
    assert meta["og:type"] == "website" and meta["og:url"] == url
    assert meta["og:description"] == HOSTILE_DESCRIPTION
    for article_only in ("ArticleTitle", "PubDate", "ContentSource", "Url"):
        assert article_only not in meta, article_only


def test_the_time_reaches_page_feed_and_sitemap(active: Site) -> None:
    assert '<time datetime="2024-03-01T10:30+08:00">2024年3月1日 10:30</time>' in active.html(
        "issues/2024/2/index.html"
    )
    # No time written: the column's publish_time (08:15 here).
    assert head_meta(active, "issues/2024/1/index.html")["PubDate"] == "2024-02-10 08:15"
    feed = feedparser.parse((active.root / "site/feed.xml").read_bytes())
    times = {e.link: e.published_parsed[:5] for e in feed.entries}
    assert times[BASE + "issues/2024/2/"] == (2024, 3, 1, 2, 30)  # 10:30 China time
    assert times[BASE + "issues/2024/1/"] == (2024, 2, 10, 0, 15)
    sitemap = (active.root / "site/sitemap.xml").read_text(encoding="utf-8")
    for url, stamp in (("issues/2024/2/", "2024-03-01T10:30+08:00"),
                       ("issues/2024/1/", "2024-02-10T08:15+08:00"),
                       ("policies/zhuangxie/", "2024-02-20T15:20+08:00")):  # fmt: skip
        assert re.search(
            rf"<loc>{BASE}{url}</loc>\s*<lastmod>{re.escape(stamp)}</lastmod>", sitemap
        )


def test_ended_campaign_shows_its_notice_on_every_page(ended: tuple[Site, str]) -> None:
    site, log = ended
    notice = "本专项行动已于2024年6月30日结束，本栏目仅供查阅"
    for page in ("index.html", "issues/2024/1/index.html", "policies/index.html",
                 "policies/zhuangxie/index.html", "search/index.html", "archive/index.html"):  # fmt: skip
        assert notice in site.html(page), page
    assert "plugins.bulletin.column_keywords: 未设置栏目关键词" in log


def test_a_declared_category_has_its_page_while_empty(ended: tuple[Site, str]) -> None:
    site, _ = ended
    assert "经验做法</a>（0篇）" in site.html("categories/index.html")
    assert "共0篇文章" in site.html("categories/经验做法/index.html")


# ---- rules, in-process against the core ----


META = MetaSettings("测试专栏", "example.gov.cn", "工作动态", "安全生产", "测试专栏的工作动态")


def check(tmp_path: Path, column: Column, **issues: str) -> list[Problem]:
    """Every problem `bulletin check` finds in these issues (the metadata settings complete)."""
    column = replace(column, metadata=META)
    for name, text in issues.items():
        (tmp_path / "issues/2024").mkdir(parents=True, exist_ok=True)
        (tmp_path / f"issues/2024/{name}.md").write_text(text, encoding="utf-8")
    return check_site(tmp_path, column, tmp_path / "docs", include_drafts=True).problems


def test_missing_metadata_settings_are_warnings_naming_the_key(tmp_path: Path) -> None:
    problems = check_site(tmp_path, Column(), tmp_path / "docs", include_drafts=True).problems
    assert [p.format() for p in problems] == [
        f"mkdocs.yml: 警告: plugins.bulletin.{key}: 未设置{label}（网页元数据）"
        for key, label in [
            ("site_name", "网站名称（SiteName）"),
            ("site_domain", "网站域名（SiteDomain，默认取 site_url 的域名）"),
            ("column_type", "栏目类型（ColumnType）"),
            ("column_keywords", "栏目关键词（ColumnKeywords）"),
            ("column_description", "栏目描述（ColumnDescription）"),
        ]
    ]


def line_of(text: str, key: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(f"{key}:"))


def test_the_same_reviewer_twice_is_an_error_naming_both_fields(tmp_path: Path) -> None:
    text = issue_text(1, "2024-01-05", None, None, editor="王 编辑", approver="王编辑 ")
    problems = check(tmp_path, Column(), **{"01": text})
    assert [p.format() for p in problems] == [
        f"issues/2024/01.md:{line_of(text, 'approver')}: approver: 「approver」（终审）与「editor」"
        "（编辑（初审））都是「王编辑」：编辑、责任编辑、终审应由三个不同的人担任"
    ]


def test_three_different_reviewers_pass_and_drafts_are_not_judged(tmp_path: Path) -> None:
    good = issue_text(1, "2024-01-05")
    draft = issue_text(2, "2024-01-12", None, None, reviewer="王编辑", draft="true")
    assert check(tmp_path, Column(), **{"01": good, "02": draft}) == []


def test_distinct_reviewers_may_be_relaxed_to_a_warning(tmp_path: Path) -> None:
    text = issue_text(1, "2024-01-05", None, None, reviewer="王编辑")
    column = Column(campaign=Campaign(distinct_reviewers=Severity.WARNING))
    (problem,) = check(tmp_path, column, **{"01": text})
    assert problem.severity is Severity.WARNING and problem.field == "reviewer"
    assert problem.line == line_of(text, "reviewer")


ENDED = Column(campaign=Campaign(status="ended", ended=date(2024, 6, 30)))


def test_an_issue_after_the_end_is_an_error(tmp_path: Path) -> None:
    late = issue_text(2, "2024-07-01")
    problems = check(tmp_path, ENDED, **{"01": issue_text(1, "2024-06-30"), "02": late})
    assert [p.format() for p in problems] == [
        f"issues/2024/02.md:{line_of(late, 'date')}: date: 发布日期 2024-07-01 晚于专项行动结束日期 "
        "2024-06-30；专项行动结束后不再发布专刊"
    ]


def test_an_ended_campaign_needs_its_end_date(tmp_path: Path) -> None:
    problems = check(tmp_path, Column(campaign=Campaign(status="ended")))
    assert [p.format() for p in problems] == [
        "mkdocs.yml: plugins.bulletin.ended: status 为 ended 时应写明结束日期 ended（YYYY-MM-DD）"
    ]


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_new_on_the_ended_sample_writes_a_draft_that_passes_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], force: list[str]
) -> None:
    """A fresh copy of the project (an ended campaign): `bulletin new` works, with or without
    the old `--force`, and what it writes passes `bulletin check --strict`; published, it is
    refused with the reason."""
    site = copy_project(tmp_path)
    config = str(site.root / "mkdocs.yml")
    assert main(["-f", config, "new", "--date", "2026-03-02", *force]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == ["issues/2026/01.md"]
    assert "注意：本专项行动已于2024年6月30日结束，本栏目仅供查阅。" in err
    assert "开办新的专栏请先运行 bulletin init" in err
    assert main(["-f", config, "check", "--strict"]) == 0, capsys.readouterr().out
    capsys.readouterr()
    site.write("issues/2026/01.md", issue_text(1, "2026-03-02"))  # filled in and published
    assert main(["-f", config, "check"]) == 1
    assert (
        "issues/2026/01.md:3: date: 发布日期 2026-03-02 晚于专项行动结束日期 2024-06-30；"
        "专项行动结束后不再发布专刊"
    ) in capsys.readouterr().out.splitlines()


def test_new_on_a_running_campaign_says_nothing_more(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site(tmp_path)
    assert main(["-f", str(site.root / "mkdocs.yml"), "new", "--date", "2024-07-02"]) == 0
    assert capsys.readouterr().err == ""
    assert (tmp_path / "issues/2024/01.md").is_file()


@pytest.mark.parametrize(
    ("value", "message"),
    [("2024-01-05 25:00", "「2024-01-05 25:00」中的时间不存在，应为 HH:MM"),
     ("2024-01-05 9点", "发布日期应写成 YYYY-MM-DD 或 YYYY-MM-DD HH:MM")],
)  # fmt: skip
def test_a_bad_time_is_an_error_on_the_date_line(tmp_path: Path, value: str, message: str) -> None:
    text = issue_text(1, value)
    (problem,) = check(tmp_path, Column(), **{"01": text})
    assert problem.format().startswith(
        f"issues/2024/01.md:{line_of(text, 'date')}: date: {message}"
    )


@pytest.mark.parametrize(
    ("written", "expected"),
    [('"08:30"', "08:30"), ("10:30", "10:30"), ("7:05", "07:05"), ('"9点"', None), ('"24:00"', None)],
)  # fmt: skip
def test_publish_time_setting(tmp_path: Path, written: str, expected: str | None) -> None:
    config = tmp_path / "mkdocs.yml"  # 10:30 unquoted is YAML 1.1's integer 630
    config.write_text(f"site_name: x\nplugins:\n  - bulletin:\n      publish_time: {written}\n")
    column, errors = load_column_settings(config)
    if expected is None:
        assert errors and "plugins.bulletin.publish_time: 应为 HH:MM" in errors[0]
    else:
        assert not errors and column.campaign.publish_time == parse_clock(expected)


@pytest.mark.parametrize("written", ["化工,安全生产", "[化工, 安全生产]"])
def test_column_keywords_as_text_or_list(tmp_path: Path, written: str) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: x\nplugins:\n  - bulletin:\n      column_keywords: {written}\n")
    column, errors = load_column_settings(config)
    assert not errors and column.metadata.column_keywords == "化工,安全生产"


def test_column_type_comes_from_the_fixed_list(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nplugins:\n  - bulletin:\n      column_type: 新闻\n")
    _, errors = load_column_settings(config)
    assert errors and errors[0].startswith("mkdocs.yml: plugins.bulletin.column_type:")


# ---- search covers policy documents ----


@needs_chromium
@pytest.mark.browser
def test_search_finds_a_policy_document_by_a_phrase_from_its_body(active: Site) -> None:
    with serve_under(active.root / "site", "col") as base, chromium() as browser:
        page: Any = browser.new_page()  # type: ignore[attr-defined]

        def results(**params: str) -> list[tuple[str, str]]:
            query = "&".join(f"{k}={v}" for k, v in {"q": "装卸作业旁站", **params}.items())
            page.goto(f"{base}search/?{query}")
            page.wait_for_selector("[data-search-state=done]", state="attached")
            return page.eval_on_selector_all(  # type: ignore[no-any-return]
                "[data-search-results] li",
                "els => els.map(e => [e.querySelector('a').getAttribute('href'),"
                " e.querySelector('.bulletin-result__meta').textContent])",
            )

        (found,) = results()
        assert found[0].endswith("policies/zhuangxie/")
        assert "政策文件" in found[1] and "市安委办发〔2024〕3号" in found[1]
        assert "2024年2月20日" in found[1] and "发布机构：市安委办公室" in found[1]
        assert results(type="policy") == [found]
        assert results(type="article") == []
        assert page.input_value("#search-type") == "article"


# ---- bulletin audit ----


def audit(site: Site, today: str) -> tuple[int, dict[str, str]]:
    """Run `bulletin audit`; its exit code and the 结果 cell of each row, by 指标."""
    result = site.run("bulletin.tools.cli", "audit", "--today", today)
    rows = [line.split(" | ") for line in result.stdout.splitlines() if line.startswith("| ")]
    assert rows[0] == ["| 指标", "要求", "结果", "依据 |"], result.stdout + result.stderr
    return result.returncode, {row[0][2:]: row[2] for row in rows[2:]}


def copy_of(site: Site, tmp_path: Path) -> Site:
    shutil.copytree(site.root, tmp_path / "col")
    return Site(tmp_path / "col")


def test_audit_passes_a_fresh_column_and_writes_its_reports(active: Site, tmp_path: Path) -> None:
    site = copy_of(active, tmp_path)
    code, rows = audit(site, "2024-03-05")
    assert code == 0
    assert rows["动态类栏目更新"] == "通过：最新专刊发布于 2024-03-01，距今 4 天，期限 2024-03-15"
    assert rows["政策文件栏目更新"].startswith("通过：最新政策文件发布于 2024-02-20，距今 14 天")
    for indicator in ("空白栏目", "错敏词", "链接可用性", "网页元数据", "外部资源", "三次点击可达",
                      "页脚必备项", "无障碍声明"):  # fmt: skip
        assert rows[indicator].startswith("通过："), (indicator, rows[indicator])
    assert rows["发布时间"] == "警告：1 条信息只写了日期，按默认发布时间 08:15 显示"
    report = json.loads((site.root / "audit.json").read_text(encoding="utf-8"))
    assert report["passed"] is True and report["today"] == "2024-03-05"
    assert {item["indicator"] for item in report["items"]} == set(rows)
    times = next(item for item in report["items"] if item["indicator"] == "发布时间")
    assert times["status"] == "警告" and times["details"] == ["issues/2024/01.md"]
    markdown = (site.root / "audit.md").read_text(encoding="utf-8")
    assert "| 指标 | 要求 | 结果 | 依据 |" in markdown and "单项否决指标全部通过" in markdown


def test_audit_warns_three_days_before_and_fails_after_two_weeks(
    active: Site, tmp_path: Path
) -> None:
    site = copy_of(active, tmp_path)
    code, rows = audit(site, "2024-03-12")
    assert code == 0 and rows["动态类栏目更新"].startswith("警告：")
    code, rows = audit(site, "2024-03-16")
    assert code == 1
    assert rows["动态类栏目更新"] == (
        "不通过（单项否决）：最新专刊发布于 2024-03-01，距今 15 天，已超过期限 2024-03-15"
    )
    assert json.loads((site.root / "audit.json").read_text(encoding="utf-8"))["passed"] is False


def test_audit_exempts_a_campaign_that_ended_100_days_ago(
    ended: tuple[Site, str], tmp_path: Path
) -> None:
    site = copy_of(ended[0], tmp_path)
    code, rows = audit(site, "2024-10-08")
    assert code == 0
    exempt = "免于考核：专项行动已于2024年6月30日结束，栏目仅供查阅，不再考核更新"
    assert rows["动态类栏目更新"] == rows["政策文件栏目更新"] == exempt


def test_audit_reports_an_empty_category(active: Site, tmp_path: Path) -> None:
    site = copy_of(active, tmp_path)
    config = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    (site.root / "mkdocs.yml").write_text(
        config.replace(
            "    bulletin_name:", "    categories: [督导检查, 经验做法]\n    bulletin_name:"
        ),
        encoding="utf-8",
    )
    code, rows = audit(site, "2024-03-05")  # judged on the sources: no rebuild needed
    assert code == 0  # one empty column is a warning; five fail the site
    assert rows["空白栏目"] == "警告：1 个空白栏目：类别「经验做法」"


def test_audit_reports_a_broken_link(active: Site, tmp_path: Path) -> None:
    site = copy_of(active, tmp_path)
    page = site.root / "site/archive/index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(
        html.replace("</article>", '<a href="../issues/2024/9/">第9期</a></article>', 1)
    )
    code, rows = audit(site, "2024-03-05")
    assert code == 0  # a deduction, not a 单项否决 item
    assert rows["链接可用性"] == "不通过：1 处不可用链接或锚点"
    markdown = (site.root / "audit.md").read_text(encoding="utf-8")
    assert "archive/index.html:" in markdown and "「../issues/2024/9/」指向的文件不存在" in markdown


def test_audit_needs_a_build(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    result = site.run("bulletin.tools.cli", "audit")
    assert result.returncode == 2 and "请先运行 mkdocs build" in result.stderr


@pytest.mark.parametrize(
    ("written", "expected"),
    [("2024-06-30", date(2024, 6, 30)), ('"2024-06-30"', date(2024, 6, 30)), ('"2024-13-01"', None)],
)  # fmt: skip
def test_end_date_setting(tmp_path: Path, written: str, expected: date | None) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"site_name: x\nplugins:\n  - bulletin:\n      status: ended\n      ended: {written}\n"
    )
    column, errors = load_column_settings(config)
    if expected is None:
        assert errors == [
            "mkdocs.yml: plugins.bulletin.ended: 应为 YYYY-MM-DD，例如 2024-06-30，现在是「2024-13-01」"
        ]
    else:
        assert not errors and column.campaign.ended == expected and column.campaign.is_ended


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2023, 8, 31), date(2024, 2, 29)), (date(2023, 7, 25), date(2024, 1, 25)),
     (date(2024, 12, 31), date(2025, 6, 30))],
)  # fmt: skip
def test_six_months_ends_on_the_same_day_or_the_months_last(day: date, expected: date) -> None:
    assert add_months(day, 6) == expected


def test_a_severe_errata_hit_vetoes_the_site() -> None:
    hit = Problem(
        "issues/2024/01.md", 9, None, "「中华人民共合国」 应为「中华人民共和国」", column=3
    )
    warning = Problem("docs/about.md", 2, None, "「其它」 应为「其他」", Severity.WARNING, 1)
    finding = errata_finding([hit, warning])
    assert finding.vetoes and finding.details == [hit.format()]
    assert not errata_finding([warning]).vetoes
