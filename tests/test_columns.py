"""Several columns in one site (contract section 8): a hub at the root, each column under its
`<slug>/`, commands that cover every column. The site here is made from issues unlike the
sample's: a running gas-safety column and a flood-control column that ended."""

from __future__ import annotations

import re
import shutil
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
import yaml

from browser import chromium, needs_chromium, serve
from conftest import PROJECT, Site, dedent, issue_text, make_site
from test_inspection import write_policy

GAS = "ranqi"
FLOOD = "fangxun-2023"
GAS_SENTENCE = "历城区完成老旧燃气管网改造四十二公里"
FLOOD_SENTENCE = "章丘区转移安置低洼地带群众一千三百人"


def write_hub(root: Path) -> Site:
    """Two columns: 燃气 running (issues in 2023 and 2024), 防汛 ended on 2023-10-31."""
    site = make_site(root, site_name="市应急管理局专题专栏", nav=[{"首页": "index.md"}])
    site.write(
        f"columns/{GAS}/column.yml",
        dedent("""
            column_name: 城镇燃气安全专项整治专栏
            bulletin_name: 燃气整治简报
            publisher: 市燃气安全工作专班
        """),
    )
    site.write(
        f"columns/{FLOOD}/column.yml",
        dedent("""
            column_name: 2023年防汛救灾专题
            bulletin_name: 防汛工作动态
            publisher: 市防汛抗旱指挥部办公室
            status: ended
            ended: 2023-10-31
            numbering: continuous
        """),
    )
    gas_issues = [("2023/01.md", 1, "2023-03-02"), ("2023/02.md", 2, "2023-04-06"),
                  ("2024/01.md", 1, "2024-01-08")]  # fmt: skip
    for path, number, day in gas_issues:
        article = [("管网改造", "来源:历城区燃气办", f"{GAS_SENTENCE}，第{number}批。")]
        site.write(f"columns/{GAS}/issues/{path}", issue_text(number, day, article))
    for path, number, day in (("2023/01.md", 1, "2023-06-20"), ("2023/02.md", 2, "2023-07-30")):
        article = [("转移安置", "来源:章丘区防汛办", f"{FLOOD_SENTENCE}，第{number}次。")]
        site.write(f"columns/{FLOOD}/issues/{path}", issue_text(number, day, article))
    return site


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = write_hub(tmp_path_factory.mktemp("hub"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    return site


def text_of(html: str) -> str:
    """The page's text without tags, white space or the invisible word joiner."""
    return re.sub(r"\s+|\u2060", "", re.sub(r"<[^>]+>", "", html))


def title_of(html: str) -> str:
    found = re.search(r"<title>(.*?)</title>", html, re.S)
    assert found
    return found.group(1).strip()


def test_the_hub_lists_running_columns_first_then_the_ended(hub: Site) -> None:
    page = text_of(hub.html("index.html"))
    gas, flood = page.index("城镇燃气安全专项整治专栏"), page.index("2023年防汛救灾专题")
    assert gas < page.index("进行中", gas) < page.index("历史专题") < flood
    assert page.index("已结束", flood) > flood
    # The running column's latest issue, and the ended one's dates and count.
    assert "最新一期：燃气整治简报·2024年第1期（2024年1月8日）" in page
    assert "2023年6月20日至2023年10月31日，共2期" in page


def test_each_column_has_its_own_issue_pages_and_no_other_columns_text(hub: Site) -> None:
    gas = hub.html(f"{GAS}/issues/2023/1/index.html")
    flood = hub.html(f"{FLOOD}/issues/2023/1/index.html")
    assert "燃气整治简报" in title_of(gas) and "城镇燃气安全专项整治专栏" in title_of(gas)
    assert "防汛工作动态" in title_of(flood) and "2023年防汛救灾专题" in title_of(flood)
    columns = {GAS: (GAS_SENTENCE, "防汛工作动态"), FLOOD: (FLOOD_SENTENCE, "燃气整治简报")}
    for own, (mine, their_name) in columns.items():
        theirs = FLOOD_SENTENCE if own == GAS else GAS_SENTENCE
        for page in (hub.root / "site" / own).rglob("*.html"):
            html = page.read_text(encoding="utf-8")
            assert theirs not in html and their_name not in html, page
        assert mine in hub.html(f"{own}/issues/2023/1/index.html")
    assert not (hub.root / "site" / "issues").exists()  # no column at the root
    # Attribution lines link to the column's own source pages (rendered in the page worker).
    source = re.search(r'来源：<a href="\.\./\.\./\.\./sources/([^"]+)/"', gas)
    assert source and (hub.root / "site" / GAS / "sources" / source[1] / "index.html").is_file()


def test_column_pages_name_their_column_and_the_ended_notice_stays_in_its_column(hub: Site) -> None:
    gas = hub.html(f"{GAS}/archive/index.html")
    flood = hub.html(f"{FLOOD}/archive/index.html")
    assert title_of(gas) == "往期回顾 - 城镇燃气安全专项整治专栏"
    assert title_of(flood) == "往期回顾 - 2023年防汛救灾专题"
    crumbs = text_of(re.search(r'<nav class="bulletin-breadcrumb".*?</nav>', flood, re.S)[0])
    assert crumbs == "当前位置：首页2023年防汛救灾专题往期回顾"
    nav = re.search(r'<nav class="md-nav bulletin-column-nav".*?</nav>', flood, re.S)
    assert nav and "2023年防汛救灾专题" in nav[0] and 'href="../categories/"' in nav[0]
    assert "bulletin-column-nav" not in hub.html("index.html")
    assert "本专项行动已于2023年10月31日结束" in flood
    assert "本专项行动已" not in gas
    assert "本专项行动已" not in hub.html("index.html")
    assert 'href="../../issues/2023/2/"' in hub.html(f"{FLOOD}/archive/2023/index.html")


def test_the_site_map_lists_every_column(hub: Site) -> None:
    page = hub.html("site-map/index.html")
    for slug, name in ((GAS, "城镇燃气安全专项整治专栏"), (FLOOD, "2023年防汛救灾专题")):
        assert f'<a href="../{slug}/">{name}</a>' in page
        assert f'href="../{slug}/archive/"' in page


def test_feeds_per_column_and_for_the_site(hub: Site) -> None:
    site_feed = hub.html("feed.xml")
    assert "燃气整治简报" in site_feed and "防汛工作动态" in site_feed
    gas_feed = hub.html(f"{GAS}/feed.xml")
    assert "燃气整治简报" in gas_feed and "防汛工作动态" not in gas_feed
    assert f"https://example.gov.cn/col/{GAS}/issues/2024/1/" in gas_feed


def test_check_names_a_columns_file_from_the_project_root(tmp_path: Path) -> None:
    site = write_hub(tmp_path)
    bad = issue_text(2, "2023-07-30", None, number="二")
    site.write(f"columns/{FLOOD}/issues/2023/02.md", bad)
    site.write(f"columns/{GAS}/issues/2023/02.md", issue_text(2, "2023-04-06", None, number="二"))
    result = site.check()
    assert result.returncode == 1
    for slug in (FLOOD, GAS):  # every column, each path from the project root
        assert f"columns/{slug}/issues/2023/02.md:2: number:" in result.stdout


def test_column_settings_are_checked_with_their_line(tmp_path: Path) -> None:
    site = write_hub(tmp_path)
    text = (site.root / f"columns/{GAS}/column.yml").read_text(encoding="utf-8")
    site.write(f"columns/{GAS}/column.yml", text + "numbering: weekly\n")
    result = site.check()
    assert result.returncode == 1
    assert f"columns/{GAS}/column.yml:4: numbering:" in result.stdout


def test_a_columns_campaign_settings_are_named_in_its_own_file(tmp_path: Path) -> None:
    site = write_hub(tmp_path)
    text = (site.root / f"columns/{GAS}/column.yml").read_text(encoding="utf-8")
    site.write(f"columns/{GAS}/column.yml", text + "status: ended\n")  # no `ended:` day
    result = site.check()
    assert result.returncode == 1
    expected = f"columns/{GAS}/column.yml: ended: status 为 ended 时应写明结束日期"
    assert expected in result.stdout, result.stdout
    assert "mkdocs.yml: plugins.bulletin.ended" not in result.stdout


def test_a_bad_column_folder_name_is_an_error(tmp_path: Path) -> None:
    site = write_hub(tmp_path)
    site.write("columns/Gas_2/column.yml", yaml.safe_dump({"column_name": "x"}))
    result = site.check()
    assert result.returncode == 1
    assert "columns/Gas_2/column.yml" in result.stdout and "小写英文字母" in result.stdout


def audit_rows(site: Site, today: str) -> tuple[int, dict[str, str]]:
    """`bulletin audit --today`: its exit code and the 结果 cell of each row, by 指标."""
    result = site.bulletin("audit", "--today", today)
    rows = [line.split(" | ") for line in result.stdout.splitlines() if line.startswith("| ")]
    assert rows and rows[0] == ["| 指标", "要求", "结果", "依据 |"], result.stdout + result.stderr
    return result.returncode, {row[0][2:]: row[2] for row in rows[2:]}


def test_audit_judges_the_running_column_by_its_own_issues(tmp_path: Path) -> None:
    site = write_hub(tmp_path)
    write_policy(site)  # dated 2024-02-20
    article = [("入户安检", "来源:历城区燃气办", "完成入户安检。")]
    site.write(f"columns/{GAS}/issues/2024/02.md", issue_text(2, "2024-03-01", article))
    assert site.build().returncode == 0
    code, rows = audit_rows(site, "2024-03-05")
    running = "动态类栏目更新（城镇燃气安全专项整治专栏）"
    ended = "动态类栏目更新（2023年防汛救灾专题）"
    assert rows[running] == "通过：最新专刊发布于 2024-03-01，距今 4 天，期限 2024-03-15"
    assert rows[ended].startswith("免于考核：专项行动已于2023年10月31日结束")
    assert code == 0, rows
    assert list(rows).count("政策文件栏目更新") == 1 and list(rows).count("空白栏目") == 1
    code, rows = audit_rows(site, "2024-05-20")  # 80 days after the newest issue
    assert code == 1
    assert rows[running].startswith("不通过（单项否决）：最新专刊发布于 2024-03-01，距今 80 天")
    assert rows[ended].startswith("免于考核")


def test_new_and_import_need_the_column_in_a_site_of_several(tmp_path: Path) -> None:
    site = write_hub(tmp_path)
    for command in (("new",), ("import", "old.html")):
        result = site.bulletin(*command)
        assert result.returncode == 2, result.stderr
        assert f"{FLOOD}、{GAS}" in result.stderr  # the slugs to choose from
    result = site.bulletin("new", "--column", GAS, "--date", "2024-02-01")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"columns/{GAS}/issues/2024/02.md"
    result = site.bulletin("new", "--column", "nope")
    assert result.returncode == 2 and "没有栏目「nope」" in result.stderr


def test_init_adds_a_column_that_the_build_publishes(tmp_path: Path) -> None:
    site = write_hub(tmp_path)
    result = site.bulletin(
        "init", "--column", "anquanyue", "--name", "安全生产月专栏", "--bulletin", "安全生产月简报",
        "--publisher", "市安委会办公室", "--numbering", "continuous",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    settings = yaml.safe_load((site.root / "columns/anquanyue/column.yml").read_text("utf-8"))
    assert settings["bulletin_name"] == "安全生产月简报" and settings["numbering"] == "continuous"
    new = site.bulletin("new", "--column", "anquanyue", "--date", "2024-06-01")
    assert new.stdout.strip() == "columns/anquanyue/issues/2024/01.md", new.stderr
    again = site.bulletin("init", "--column", "anquanyue", "--name", "x", "--bulletin", "y",
                          "--publisher", "z")  # fmt: skip
    assert again.returncode == 1 and "栏目已存在" in again.stderr


def test_init_refuses_a_column_beside_issues_at_the_root(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    site.write("issues/2024/01.md", issue_text(1, "2024-01-08"))
    result = site.bulletin("init", "--column", "gas", "--name", "燃气专栏", "--bulletin", "燃气简报",
                           "--publisher", "燃气专班")  # fmt: skip
    assert result.returncode == 1 and "columns/<原栏目目录名>/issues/" in result.stderr
    assert not (tmp_path / "columns").exists()


@needs_chromium
@pytest.mark.browser
def test_search_across_columns_and_within_one(hub: Site) -> None:
    with serve(hub.root / "site") as base, chromium() as browser:
        tab = browser.new_page()  # type: ignore[attr-defined]

        def results(**params: str) -> list[tuple[str, str]]:
            query = urllib.parse.urlencode({"q": FLOOD_SENTENCE[:8], **params})
            tab.goto(f"{base}search/?{query}")
            tab.wait_for_selector("[data-search-state=done]", state="attached")
            items = tab.eval_on_selector_all(
                "[data-search-results] li",
                "els => els.map(e => [e.querySelector('a').href,"
                " e.querySelector('.bulletin-result__column').textContent])",
            )
            return [(href.removeprefix(base).split("#")[0], name) for href, name in items]

        flood = [(f"{FLOOD}/issues/2023/{n}/", "2023年防汛救灾专题") for n in (2, 1)]
        assert results() == flood  # across columns, each result naming its column
        fetched: list[str] = []

        def keep(request: Any) -> None:
            fetched.append(request.url.removeprefix(base))

        tab.on("request", keep)
        assert results(column=FLOOD) == flood
        tab.remove_listener("request", keep)
        # Within one column, only that column's own index is read (search/c/<slug>/).
        index_files = [url for url in fetched if url.startswith("search/") and "?" not in url]
        assert index_files and all(url.startswith(f"search/c/{FLOOD}/") for url in index_files)
        assert results(column=GAS) == []
        assert results(column="nope") == []
        # Started from a column's page: the header form keeps the column; one link widens it.
        tab.goto(f"{base}{GAS}/archive/")
        tab.fill("#header-search", FLOOD_SENTENCE[:8])
        with tab.expect_navigation():
            tab.press("#header-search", "Enter")
        tab.wait_for_selector("[data-search-state=done]", state="attached")
        assert f"column={GAS}" in tab.url
        assert tab.eval_on_selector_all("[data-search-results] li", "els => els.length") == 0
        assert tab.input_value("#search-column") == GAS
        with tab.expect_navigation():
            tab.click("#search-widen a")
        tab.wait_for_selector("[data-search-state=done]", state="attached")
        assert "column=" not in tab.url
        assert tab.eval_on_selector_all("[data-search-results] li", "els => els.length") == 2


def test_the_example_hub_builds_with_redirects_from_the_old_addresses(tmp_path: Path) -> None:
    root = tmp_path / "examples/hub"  # its templates are the project's, ../../overrides
    shutil.copytree(PROJECT / "examples/hub", root)
    shutil.copytree(PROJECT / "overrides", tmp_path / "overrides")
    site = Site(root)
    result = site.run("mkdocs", "build", "--strict")
    assert result.returncode == 0, result.stderr
    page = text_of(site.html("index.html"))
    page = page[page.index("仅供查阅。") :]  # after the introduction
    assert page.index("城镇燃气安全专项整治专栏") < page.index("历史专题")
    assert page.index("历史专题") < page.index("市化工行业安全生产整治提升专项行动专栏")
    assert "2023年3月10日至2024年6月30日，共3期" in page
    moved = site.html("issues/2023/1/index.html")
    assert 'content="0; url=../../../huagong/issues/2023/1/"' in moved
    assert (root / "site/huagong/issues/2023/1/index.html").is_file()
    assert 'url=../huagong/archive/"' in site.html("archive/index.html")
    # Every page the column generates moved too: a year's archive, each category and source.
    assert 'url=../../huagong/archive/2023/"' in site.html("archive/2023/index.html")
    for kind in ("categories", "sources"):
        groups = sorted((root / "site/huagong" / kind).glob("*/index.html"))
        assert groups or kind == "categories", kind  # the example's issues name no 类别
        for page in groups:
            name = page.parent.name
            assert f'url=../../huagong/{kind}/{name}/"' in site.html(f"{kind}/{name}/index.html")
    assert not (root / "site/index.html").read_text(encoding="utf-8").startswith("<!-- redirect")
    assert not (root / "site/issues/2024/9").exists()  # only the moved column's issues


@pytest.mark.skipif(
    shutil.which("properdocs") is None, reason="properdocs is in requirements-dev.txt"
)
def test_the_example_hub_builds_with_properdocs(tmp_path: Path) -> None:
    root = tmp_path / "examples/hub"
    shutil.copytree(PROJECT / "examples/hub", root)
    shutil.copytree(PROJECT / "overrides", tmp_path / "overrides")
    result = Site(root).run("properdocs", "build", "--strict")
    assert result.returncode == 0, result.stderr
    page = (root / "site/ranqi/issues/2025/3/index.html").read_text(encoding="utf-8")
    assert "燃气安全整治工作简报" in page


def test_legacy_column_must_name_a_column(tmp_path: Path) -> None:
    site = write_hub(tmp_path)
    config = yaml.safe_load((site.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"][0]["bulletin"]["legacy_column"] = "huagong"
    site.write("mkdocs.yml", yaml.safe_dump(config, allow_unicode=True))
    result = site.check()
    assert result.returncode == 1
    assert (
        "plugins.bulletin.legacy_column: 「huagong」不是 columns/ 下的栏目目录名" in result.stdout
    )


@needs_chromium
@pytest.mark.browser
def test_the_phone_menu_lists_the_columns_own_sections(hub: Site) -> None:
    # Material lays its primary navigation over the whole phone drawer; the column's sections
    # must show (and be the topmost element where a finger lands) below it.
    with serve(hub.root / "site") as base, chromium() as browser:
        tab = browser.new_page(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
        tab.goto(f"{base}{GAS}/archive/")
        tab.click("text=菜单")
        tab.wait_for_timeout(300)
        hit = tab.evaluate(
            """() => [...document.querySelectorAll('.bulletin-column-nav a')].map(a => {
                 const r = a.getBoundingClientRect();
                 const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
                 return [a.textContent.trim(), r.width > 0 && r.bottom <= innerHeight && a.contains(top)];
               })"""
        )
        assert [name for name, _ in hit][1:] == ["往期回顾", "类别", "来源单位", "来稿统计"]
        assert all(shown for _, shown in hit), hit


def test_serve_rebuilds_a_columns_page_when_its_issue_changes(tmp_path: Path) -> None:
    from test_commands import fetch, previewing, wait_for

    site = write_hub(tmp_path)
    with previewing(site.root) as base:
        assert "城镇燃气安全专项整治专栏" in fetch(base)  # the hub
        assert GAS_SENTENCE in fetch(f"{base}{GAS}/issues/2024/1/")
        edited = [("改过的管网改造", "来源:历城区燃气办", "预览中改过的正文。")]
        site.write(f"columns/{GAS}/issues/2024/01.md", issue_text(1, "2024-01-08", edited))
        wait_for(f"{base}{GAS}/issues/2024/1/", "预览中改过的正文", "a column's issue")
        assert "改过的管网改造" in fetch(f"{base}{GAS}/archive/2024/")  # its column's list
        assert FLOOD_SENTENCE in fetch(f"{base}{FLOOD}/issues/2023/1/")  # the other column kept
