"""`bulletin init` on a fresh copy of the project, and what `bulletin audit` says is left of the
sample before launch (contract section 1; issue 22)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
import yaml

from bulletin.core.founding import sample_leftovers
from bulletin.core.model import Column, SiteIdentity
from conftest import FOOTER, PROJECT, Site, copy_project, issue_text, make_site

NAME = "城镇燃气安全专项整治专栏"
BULLETIN = "燃气安全专项整治简报"
PUBLISHER = "市城镇燃气安全专项整治工作专班"
OLD_BULLETIN = "化工行业安全整治行动工作信息"
OLD_NAME = "市化工行业安全生产整治提升专项行动专栏"


def fresh_copy(root: Path) -> Site:
    """The files a fresh clone has: every tracked file (the project's own copy when git is
    not at hand)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=PROJECT, capture_output=True, check=False
    )
    if listed.returncode != 0:
        return copy_project(root)
    for name in listed.stdout.decode().split("\0"):
        source = PROJECT / name
        if name and source.is_file() and not name.startswith("tests/"):
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    return Site(root)


def init(site: Site, *extra: str) -> subprocess.CompletedProcess[str]:
    names = ("--name", NAME, "--bulletin", BULLETIN, "--publisher", PUBLISHER)
    return site.bulletin("init", *names, *extra)


def settings(site: Site) -> dict[str, object]:
    text = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=yaml.Loader)
    return next(e["bulletin"] for e in data["plugins"] if isinstance(e, dict))  # type: ignore[no-any-return]


def test_init_turns_a_fresh_copy_into_an_empty_column(tmp_path: Path) -> None:
    site = fresh_copy(tmp_path)
    assert site.bulletin("new").returncode == 0  # the sample as shipped takes a draft too
    result = init(site)
    assert result.returncode == 0, result.stderr
    assert "下一步：运行 bulletin new 新建第一期专刊" in result.stdout
    assert list((site.root / "issues").rglob("*")) == []  # no sample issue, not even the draft
    assert list((site.root / "docs/policies").glob("*.md")) == []
    options = settings(site)
    assert (options["column_name"], options["bulletin_name"], options["publisher"]) == (
        NAME, BULLETIN, PUBLISHER,
    )  # fmt: skip
    assert options["numbering"] == "yearly" and options["status"] == "active"
    assert "ended" not in options
    footer_text = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    assert "footer:    # 页脚必备项（示例值，请改为本单位的真实信息）" in footer_text
    assert (
        options["footer"]
        == yaml.safe_load((PROJECT / "mkdocs.yml").read_text("utf-8"))["plugins"][0]["bulletin"][
            "footer"
        ]
    )  # kept as it was, for the bureau to replace
    checked = site.check("--strict")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = site.build("--strict")
    assert built.returncode == 0, built.stderr
    home = site.html("index.html")
    assert f'<h1 id="{NAME}">{NAME}</h1>' in home or f">{NAME}</h1>" in home
    assert "本栏目尚未发布专刊，第一期发布后将显示在这里。" in home
    for page in site.output_files():
        if page.suffix in (".html", ".xml", ".json", ".txt"):
            text = page.read_text(encoding="utf-8", errors="replace")
            assert OLD_BULLETIN not in text and OLD_NAME not in text, page
    about = site.html("about/index.html")
    assert f"《{BULLETIN}》由{PUBLISHER}编发" in about
    created = site.bulletin("new")
    this_year = date.today().year
    assert created.returncode == 0 and created.stdout.splitlines() == [f"issues/{this_year}/01.md"]
    assert created.stderr == ""
    assert f"source: {PUBLISHER}" in (site.root / f"issues/{this_year}/01.md").read_text("utf-8")
    assert site.check("--strict").returncode == 0


def test_init_with_continuous_numbering(tmp_path: Path) -> None:
    site = copy_project(tmp_path)
    assert init(site, "--numbering", "continuous").returncode == 0
    assert settings(site)["numbering"] == "continuous"
    assert init(site, "--numbering", "monthly").returncode == 2  # argparse names the choices


def test_init_runs_again_on_its_own_empty_column(tmp_path: Path) -> None:
    site = copy_project(tmp_path)
    assert init(site).returncode == 0
    again = site.bulletin(
        "init", "--name", "燃气专栏", "--bulletin", BULLETIN, "--publisher", PUBLISHER
    )
    assert again.returncode == 0, again.stderr
    assert settings(site)["column_name"] == "燃气专栏"


def test_init_refuses_a_column_that_has_its_own_issues(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    site.write("issues/2024/01.md", issue_text(1, "2024-02-10"))
    before = (site.root / "mkdocs.yml").read_bytes()
    result = init(site)
    assert result.returncode == 1
    assert "本项目已是「专项行动专栏」，有 1 期专刊、0 份政策文件" in result.stderr
    assert (site.root / "mkdocs.yml").read_bytes() == before
    assert (site.root / "issues/2024/01.md").is_file()


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--name", " ", "--name: 栏目名称不能为空"),
        ("--bulletin", "简报<script>", "--bulletin: 刊名「简报<script>」含有不能使用的符号"),
        ("--publisher", "专班\n第二行", "--publisher: 编发单位「专班\n第二行」含有不能使用的符号"),
        ("--name", "长" * 61, "--name: 栏目名称超过 60 个字"),
    ],
)
def test_init_refuses_unusable_names_and_changes_nothing(
    tmp_path: Path, option: str, value: str, message: str
) -> None:
    site = copy_project(tmp_path)
    before = (site.root / "mkdocs.yml").read_bytes()
    names = {"--name": NAME, "--bulletin": BULLETIN, "--publisher": PUBLISHER, option: value}
    result = site.bulletin("init", *[part for pair in names.items() for part in pair])
    assert result.returncode == 1 and message in result.stderr
    assert (site.root / "mkdocs.yml").read_bytes() == before
    assert (site.root / "issues/2023/01.md").is_file()


def test_audit_names_what_is_left_of_the_sample() -> None:
    shipped = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))
    footer = SiteIdentity(**shipped["plugins"][0]["bulletin"]["footer"])
    sample = Column(name=OLD_NAME, bulletin_name=OLD_BULLETIN, identity=footer)
    found = sample_leftovers(sample, "https://example.gov.cn/zhuanlan/", ["jiyang-2021-6", "x"])
    assert found == [
        "仍是示例专栏的名称（mkdocs.yml 的 column_name、bulletin_name）：请运行 bulletin init",
        f"页脚仍是示例值「{'市化工行业安全生产整治提升专项行动工作专班'}」（plugins.bulletin.footer.organizer）",
        "页脚仍是示例值「电话 0531-00000000（工作日 9:00—17:00）」（plugins.bulletin.footer.contact）",
        "页脚仍是示例值「3701000000」（plugins.bulletin.footer.site_code）",
        "页脚仍是示例值「鲁ICP备00000000号」（plugins.bulletin.footer.icp）",
        "页脚仍是示例值「鲁公网安备 37010000000000号」（plugins.bulletin.footer.police）",
        "网站地址仍是示例地址「https://example.gov.cn/zhuanlan/」（mkdocs.yml 的 site_url）",
        "示例政策文件 docs/policies/jiyang-2021-6.md 仍在发布",
    ]
    real = Column(name=NAME, bulletin_name=BULLETIN, identity=SiteIdentity(**FOOTER))
    assert sample_leftovers(real, "https://www.jinan.gov.cn/ranqi/", ["x"]) == []


def test_init_needs_the_column_name_line(tmp_path: Path) -> None:
    site = make_site(tmp_path)  # its mkdocs.yml has no column_name
    result = init(site)
    assert result.returncode == 1
    assert "mkdocs.yml: 缺少 plugins.bulletin.column_name 一行，请先补上" in result.stderr
