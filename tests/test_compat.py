"""Every MkDocs internal the adapter relies on (mkdocs/compat.py) still behaves as it expects,
checked against the installed, pinned versions: an upgrade that changes one fails here."""

from __future__ import annotations

import inspect
import logging
import time
from pathlib import Path

import pytest
from mkdocs.commands import serve
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.theme import Theme

from bulletin.mkdocs import compat


def minimal_site(root: Path, hook: str = "") -> Path:
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("# 首页\n", encoding="utf-8")
    (root / "docs/empty.md").write_text("# 空\n", encoding="utf-8")
    config = "site_name: 测试\n"
    if hook:
        (root / "hook.py").write_text(hook, encoding="utf-8")
        config += "hooks: [hook.py]\n"
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root / "mkdocs.yml"


def test_the_installed_mkdocs_is_a_known_one() -> None:
    assert compat.known_mkdocs()


def test_mkdocs_logs_the_skipped_page_note_as_written_here(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    hook = "def on_post_page(output, page, config):\n    return '' if 'empty' in page.url else output\n"
    config = load_config(str(minimal_site(tmp_path, hook)), site_dir=str(tmp_path / "site"))
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        build(config)
    messages = [record.getMessage() for record in caplog.records]
    assert compat.skipped_page_note("empty.md") in messages
    assert compat.skipped_page_note("index.md") not in messages


def test_serve_builds_into_a_temporary_folder_with_the_known_prefix() -> None:
    source = inspect.getsource(serve.serve)
    assert f"prefix='{compat.PREVIEW_PREFIX}'" in source
    assert "tempfile.mkdtemp(" in source


def test_the_title_mkdocs_takes_from_the_first_heading_is_read_and_set(tmp_path: Path) -> None:
    config = load_config(str(minimal_site(tmp_path)))
    file = File("index.md", config.docs_dir, config.site_dir, config.use_directory_urls)
    page = Page(None, file, config)
    page.markdown = "# 第一个标题\n\n正文\n"
    page.render(config, Files([file]))
    assert compat.rendered_title(page) == "第一个标题"
    compat.set_rendered_title(page, "另一个标题")
    assert page.title == "另一个标题"


def test_a_native_watch_signals_the_servers_rebuild(tmp_path: Path) -> None:
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        observer = compat.watch_natively(server, tmp_path)
        assert observer is not None
        try:
            (tmp_path / "01.md").write_text("改动", encoding="utf-8")
            deadline = time.monotonic() + 5
            while not server._want_rebuild and time.monotonic() < deadline:
                time.sleep(0.02)
            assert server._want_rebuild
        finally:
            observer.stop()
            observer.join()
    finally:
        server.server_close()


def test_theme_files_are_listed_once_and_the_same(tmp_path: Path) -> None:
    theme = Theme(name="material")

    def wanted(name: str) -> bool:
        return name.endswith(".css")

    expected = theme.get_env().list_templates(filter_func=wanted)
    listings: dict[object, list[str]] = {}
    compat.remember_theme_files(theme, listings, "v1")
    assert theme.get_env().list_templates(filter_func=wanted) == expected
    assert list(listings.values()) == [expected]
    assert theme.get_env().list_templates(filter_func=wanted) == expected


def test_the_page_being_converted_is_where_relative_reads_it() -> None:
    from types import SimpleNamespace

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.utils.yaml import RelativeDirPlaceholder

    config = MkDocsConfig(config_file_path="/project/mkdocs.yml")
    config["docs_dir"] = "/project/docs"
    page = SimpleNamespace(file=SimpleNamespace(src_path="a/b.md", src_uri="a/b.md"))
    with compat.converting(config, page):  # type: ignore[arg-type]
        assert RelativeDirPlaceholder(config).value() == "/project/docs/a"
    assert config._current_page is None
