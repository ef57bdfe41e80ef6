"""Helpers that write small columns into a temporary folder and run the real commands on them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

import inprocess

PROJECT = Path(__file__).resolve().parents[1]
os.environ["NO_MKDOCS_2_WARNING"] = "1"  # Material's notice about MkDocs 2.0, on every build


def issue_text(
    number: int,
    date: str,
    articles: list[tuple[str, str | None, str]] | None = None,
    note: str | None = "编者按：本期刊登工作动态。",
    /,
    **fields: Any,
) -> str:
    """An issue file: front matter (complete unless overridden; None drops a key) and articles."""
    meta: dict[str, Any] = {
        "number": number,
        "date": date,
        "source": "市应急管理局",
        "editor": "王编辑",
        "reviewer": "李责编",
        "approver": "张终审",
    }
    meta.update(fields)
    lines = ["---"]
    for key, value in meta.items():
        if value is not None:
            lines.append(f"{key}: {value}")
    lines += ["---", ""]
    if note:
        lines += [f"> {note}", ""]
    for title, attribution, body in articles or [("工作动态", "来源:市工作专班", "正文。")]:
        lines += [f"## {title}", ""]
        if attribution:
            lines += [attribution, ""]
        lines += [body, ""]
    return "\n".join(lines)


@dataclass
class Site:
    root: Path

    def write(self, relative: str, content: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", *args],
            cwd=self.root,
            capture_output=True,
            text=True,
            env={**_env(), "NO_MKDOCS_2_WARNING": "1"},
        )

    def build(self, *extra: str) -> subprocess.CompletedProcess[str]:
        """`mkdocs build`, in this process (see inprocess.py)."""
        return inprocess.mkdocs_build(self.root, *extra)

    def check(self, *extra: str) -> subprocess.CompletedProcess[str]:
        """`bulletin check`, in this process."""
        return inprocess.bulletin(self.root, "check", *extra)

    def bulletin(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Any `bulletin` command, in this process."""
        return inprocess.bulletin(self.root, *args)

    def html(self, relative: str) -> str:
        return (self.root / "site" / relative).read_text(encoding="utf-8")

    def output_files(self) -> list[Path]:
        return [p for p in (self.root / "site").rglob("*") if p.is_file()]


def _env() -> dict[str, str]:
    import os

    return dict(os.environ)


FOOTER = {
    "sponsor": "测试市应急管理局",
    "organizer": "测试工作专班",
    "contact": "电话 0531-12345678",
    "site_code": "3701000099",
    "icp": "鲁ICP备12345678号",
    "police": "鲁公网安备 37010202000001号",
}


METADATA = {
    "column_type": "工作动态",
    "column_keywords": "安全生产,专项整治",
    "column_description": "测试专栏的工作动态",
}


def copy_project(root: Path) -> Site:
    """The project's own sample column (issues, docs, templates, settings) in `root`."""
    for folder in ("docs", "issues", "overrides"):
        shutil.copytree(PROJECT / folder, root / folder)
    for file in ("mkdocs.yml", "errata.yml"):
        shutil.copy(PROJECT / file, root / file)
    return Site(root)


def make_site(root: Path, plugin: dict[str, Any] | None = None, **config: Any) -> Site:
    """A column with the project's templates and a home page, but no issues yet."""
    options = {
        "bulletin_name": "工作信息",
        "publisher": "市工作专班",
        "footer": dict(FOOTER),
        **METADATA,
        **(plugin or {}),
    }
    mkdocs_yml = {
        "site_name": "测试专栏",
        "site_url": "https://example.gov.cn/col/",
        "theme": {
            "name": "material",
            "custom_dir": "overrides",
            "language": "custom",
            "font": False,
        },
        "plugins": [{"bulletin": options}],
        "markdown_extensions": ["attr_list", "md_in_html", "tables"],
        "nav": [{"首页": "index.md"}, {"往期回顾": "archive/index.md"}],
        **config,
    }
    site = Site(root)
    shutil.copytree(PROJECT / "overrides", root / "overrides")
    site.write("mkdocs.yml", yaml.safe_dump(mkdocs_yml, allow_unicode=True))
    site.write("docs/index.md", "---\ntemplate: home.html\n---\n\n# 测试专栏\n\n栏目介绍。\n")
    return site


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The project's sample column, built once for every test that only reads its output."""
    site = copy_project(tmp_path_factory.mktemp("sample"))
    result = site.run("mkdocs", "build", "--strict")  # the contract's command, as CI runs it
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return make_site(tmp_path)


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")
