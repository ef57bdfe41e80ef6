"""What MkDocs promises every plugin holds beside ours: each issue page reaches every other
plugin's and hook's page events with its real Markdown and HTML, and what they change is
published, even with the page worker forced on (mkdocs/parallel.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.bench.corpus import write_corpus

from bulletin.mkdocs import parallel
from conftest import Site, copy_project

# A hooks file as a site's IT staff would add one: it records what each page event hands it
# and marks every published page.
HOOK = """
import json
from pathlib import Path

seen = {}


def on_page_markdown(markdown, page, config, files):
    seen.setdefault(page.file.src_uri, {})["markdown"] = markdown
    return markdown


def on_page_content(html, page, config, files):
    seen[page.file.src_uri]["html"] = html
    return html


def on_post_page(output, page, config):
    return output.replace("</body>", "<!-- seen by the hook --></body>")


def on_post_build(config):
    path = Path(config.config_file_path).parent / "seen.json"
    path.write_text(json.dumps(seen, ensure_ascii=False), encoding="utf-8")
"""
MARK = "<!-- seen by the hook -->"


def issue_files(root: Path) -> set[str]:
    """Every issue file a build publishes (drafts are not), read without the project's code."""
    return {
        path.relative_to(root).as_posix()
        for path in root.glob("issues/*/*.md")
        if not yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1]).get("draft")
    }


def issue_urls(root: Path) -> set[str]:
    """Every published issue page's address, from its file's name (issues/2023/05.md is
    issues/2023/5/)."""
    return {f"{uri[:12]}{int(uri[12:-3])}/" for uri in issue_files(root)}


def with_search_and_hook(site: Site) -> None:
    config_file = site.root / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["plugins"].insert(0, "search")  # Material's own, before ours
    config["hooks"] = ["seen.py"]
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    site.write("seen.py", HOOK)


@pytest.fixture(scope="module")
def contract_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, str]:
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("BULLETIN_WORKERS", "1")  # forced on, even at this size
    site = copy_project(tmp_path_factory.mktemp("contract"))
    write_corpus(site.root, 40)
    with_search_and_hook(site)
    result = site.build("--strict")
    monkeypatch.undo()
    assert result.returncode == 0, result.stderr
    return site, result.stderr


def test_a_hook_sees_every_issue_pages_markdown_and_html(contract_site: tuple[Site, str]) -> None:
    site, _ = contract_site
    seen = json.loads((site.root / "seen.json").read_text(encoding="utf-8"))
    issues = issue_files(site.root)
    assert len(issues) > 40 and issues <= set(seen)
    for uri in issues:
        assert "## " in seen[uri]["markdown"], uri  # the articles' headings, as written
        assert "<h2" in seen[uri]["html"], uri


def test_what_a_hook_adds_reaches_every_published_issue_page(
    contract_site: tuple[Site, str],
) -> None:
    site, _ = contract_site
    for url in issue_urls(site.root):
        assert MARK in site.html(f"{url}index.html"), url


def test_materials_search_plugin_indexes_every_issue_page(contract_site: tuple[Site, str]) -> None:
    site, _ = contract_site
    index = json.loads(site.html("search/search_index.json"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    expected = issue_urls(site.root)
    assert expected <= locations
    texts = [doc["text"] for doc in index["docs"] if doc["location"] in expected]
    assert len(texts) == len(expected) and all(texts)  # the pages' text, not just their titles


def test_the_page_worker_says_once_why_it_is_off(contract_site: tuple[Site, str]) -> None:
    _, log = contract_site
    lines = [line for line in log.splitlines() if "处理页面事件" in line]
    assert len(lines) == 1
    assert re.search(r"search.*seen\.py", lines[0])


def test_alone_the_plugin_keeps_its_page_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[list[str]] = []

    class Recording(parallel.PagePool):
        def __init__(self, convert: Any, uris: list[str]) -> None:
            started.append(list(uris))
            super().__init__(convert, uris)

    monkeypatch.setattr(parallel, "PagePool", Recording)
    monkeypatch.setenv("BULLETIN_WORKERS", "1")
    site = copy_project(tmp_path)
    write_corpus(site.root, 40)
    # An extension option with MkDocs' `!relative` tag reads the page being converted, which
    # the worker sets as MkDocs' own page loop does (it failed every worker page without).
    config = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    relative = "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: !relative\n"
    site.write("mkdocs.yml", config.replace("markdown_extensions:\n", relative, 1))
    result = site.build("--strict")  # the shipped mkdocs.yml: no other plugin, no hooks
    assert result.returncode == 0, result.stderr
    assert "处理页面事件" not in result.stderr
    assert len(started) == 1 and len(started[0]) >= parallel.CHUNK
