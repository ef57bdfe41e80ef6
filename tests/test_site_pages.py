"""Archive, category, source and home pages; the feed and the sitemap; drafts; outside hosts."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest

from conftest import Site, issue_text, make_site

DRAFT_MARK = "草稿专用标记文字"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = make_site(tmp_path_factory.mktemp("col"), plugin={"page_size": 2})
    for n in range(1, 4):
        site.write(
            f"issues/2023/{n:02d}.md",
            issue_text(n, f"2023-0{n}-10", [
                (f"二三年第{n}期要闻", "来源:市工作专班 | 类别:督导帮扶", "正文"),
                (f"二三年第{n}期县区", f"来源:{'章丘区' if n % 2 else '历城区'}应急局", "正文"),
            ]),
        )  # fmt: skip
    site.write(
        "issues/2024/01.md",
        issue_text(1, "2024-01-18", [("新年部署", "来源:市工作专班 | 类别:会议活动", "x")]),
    )
    draft = issue_text(2, "2024-02-01", [(DRAFT_MARK, "来源:草稿单位 | 类别:草稿类别", DRAFT_MARK)], None,
                       draft="true", summary=DRAFT_MARK)  # fmt: skip
    site.write("issues/2024/02.md", draft)
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    return site


def links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


def test_archive_lists_years_newest_first_with_a_page_per_year(built: Site) -> None:
    html = built.html("archive/index.html")
    assert html.index("2024年（1期）") < html.index("2023年（3期）")
    year = built.html("archive/2023/index.html")
    order = [year.index(f"2023年第{n}期") for n in (3, 2, 1)]
    assert order == sorted(order)
    assert 'href="../../issues/2023/2/#二三年第2期要闻"' in year
    assert '<time datetime="2023-02-10">2023年2月10日</time>' in year


def test_category_page_lists_its_articles_newest_first_in_pages(built: Site) -> None:
    first = built.html("categories/督导帮扶/index.html")
    assert first.index("二三年第3期要闻") < first.index("二三年第2期要闻")
    assert "二三年第1期要闻" not in first  # page size 2
    second = built.html("categories/督导帮扶/2/index.html")
    assert "二三年第1期要闻" in second
    assert 'aria-current="page"' in second
    index = built.html("categories/index.html")
    assert "督导帮扶</a>（3篇）" in index and "会议活动</a>（1篇）" in index


def test_source_pages_follow_attribution_lines(built: Site) -> None:
    html = built.html("sources/章丘区应急局/index.html")
    assert "二三年第3期县区" in html and "二三年第1期县区" in html
    assert "二三年第2期县区" not in html
    assert "市工作专班</a>（4篇）" in built.html("sources/index.html")


def test_home_sets_out_the_latest_issue_and_recent_articles(built: Site) -> None:
    html = built.html("index.html")
    assert "栏目介绍" in html
    latest = html[html.index('class="bulletin-latest"') :]
    assert "2024年第1期" in latest and 'href="issues/2024/1/#新年部署"' in latest
    recent = html[html.index('id="recent-articles"') :]
    assert recent.index("新年部署") < recent.index("二三年第3期要闻")
    for target in ("archive/", "categories/", "sources/", "feed.xml"):
        assert target in links(html)


def test_feed_is_valid_rss_with_absolute_links(built: Site) -> None:
    feed = feedparser.parse((built.root / "site/feed.xml").read_bytes())
    assert feed.bozo == 0, feed.bozo_exception
    assert feed.version == "rss20"
    assert [e.link for e in feed.entries] == [
        "https://example.gov.cn/col/issues/2024/1/",
        "https://example.gov.cn/col/issues/2023/3/",
        "https://example.gov.cn/col/issues/2023/2/",
        "https://example.gov.cn/col/issues/2023/1/",
    ]
    # 2024-01-18 at the default publish time 09:00 +08:00 is 01:00 UTC
    assert feed.entries[0].published_parsed[:5] == (2024, 1, 18, 1, 0)
    assert "https://example.gov.cn/col/issues/2024/1/#新年部署" in feed.entries[0].summary


def test_feed_holds_at_most_the_newest_twenty(tmp_path: Path) -> None:
    site = make_site(tmp_path, plugin={"numbering": "continuous"})
    for n in range(1, 26):
        site.write(f"issues/2023/{n:02d}.md", issue_text(n, f"2023-01-{n:02d}"))
    assert site.build().returncode == 0
    feed = feedparser.parse((site.root / "site/feed.xml").read_bytes())
    assert len(feed.entries) == 20
    assert feed.entries[0].link.endswith("issues/2023/25/")


def test_sitemap_gives_each_issue_its_date(built: Site) -> None:
    sitemap = (built.root / "site/sitemap.xml").read_text()
    entry = re.search(
        r"<loc>https://example.gov.cn/col/issues/2023/2/</loc>\s*<lastmod>([^<]+)", sitemap
    )
    assert entry and entry.group(1) == "2023-02-10T09:00+08:00"  # the default publish time


def test_draft_is_in_no_output_file(built: Site) -> None:
    assert not (built.root / "site/issues/2024/2").exists()
    for path in built.output_files():
        data = path.read_bytes()
        assert DRAFT_MARK.encode() not in data, path
        assert "草稿单位".encode() not in data, path
        assert b"issues/2024/2/" not in data, path


def test_navigation_lists_sections_not_issues(built: Site) -> None:
    html = built.html("issues/2023/2/index.html")
    nav = html[
        html.index('class="md-nav md-nav--primary"') : html.index(
            "</nav>", html.index("md-nav--primary")
        )
    ]
    assert "issues/2023" not in nav


def test_nothing_is_loaded_from_other_hosts(built: Site) -> None:
    for path in built.output_files():
        if path.suffix not in (".html", ".css", ".js"):
            continue
        text = path.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, path
        for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", text):
            src = re.search(r'(?:src|href)="([^"]+)"', tag)
            is_feed = re.search(r'rel="\s*(alternate|canonical)"', tag)
            if src and not is_feed:
                assert not re.match(r"(https?:)?//", src.group(1)), (path, tag)


def test_no_two_pages_share_a_title_and_issue_titles_name_year_and_number(built: Site) -> None:
    site = built.root / "site"
    pages: dict[str, list[str]] = {}
    for path in sorted(site.rglob("*.html")):
        head = path.read_text(encoding="utf-8").split("</head>", 1)[0]
        titles = re.findall(r"<title>([^<]*)</title>", head)
        assert len(titles) == 1, path
        pages.setdefault(titles[0], []).append(path.relative_to(site).as_posix())
    assert [pages for pages in pages.values() if len(pages) > 1] == []
    by_page = {page: title for title, found in pages.items() for page in found}
    column = by_page["index.html"]  # the home page is the column itself
    assert " - " not in column
    # Page first, then the column (the government order); yearly numbering names the year.
    assert by_page["issues/2023/1/index.html"] == f"工作信息·2023年第1期 - {column}"
    assert by_page["issues/2024/1/index.html"] == f"工作信息·2024年第1期 - {column}"
    assert by_page["categories/督导帮扶/2/index.html"] == f"类别：督导帮扶（第2页） - {column}"
    assert by_page["404.html"] == f"没有找到页面 - {column}"
    issue = built.html("issues/2024/1/index.html")
    assert '<meta name="ArticleTitle" content="工作信息·2024年第1期">' in issue
    assert '<meta property="og:title" content="工作信息·2024年第1期">' in issue


def test_policies_with_the_same_title_have_different_page_titles(tmp_path: Path) -> None:
    from test_government import POLICY

    site = make_site(tmp_path)
    site.write("issues/2023/01.md", issue_text(1, "2023-01-05"))
    site.write("docs/policies/a.md", POLICY)
    later = POLICY.replace("[2021]6号", "[2022]3号").replace("2021-3882140", "2022-3882141")
    site.write("docs/policies/b.md", later)
    result = site.build()
    assert result.returncode == 0, result.stderr
    titles = {
        re.search(r"<title>([^<]*)</title>", site.html(f"policies/{name}/index.html")).group(1)  # type: ignore[union-attr]
        for name in ("a", "b")
    }
    assert len(titles) == 2 and all(
        t.startswith("关于印发实施方案的通知（济阳政办发") for t in titles
    )
