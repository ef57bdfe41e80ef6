"""The served folder of `mkdocs serve` between rebuilds: unchanged pages moved back as they
were, everything else exactly as the new build wrote it (scripts/bulletin/mkdocs/served.py)."""

from __future__ import annotations

from pathlib import Path

from bulletin.mkdocs.compat import skipped_page_note
from bulletin.mkdocs.served import ServedFolder


def tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def write(root: Path, files: dict[str, str]) -> None:
    for uri, text in files.items():
        (root / uri).parent.mkdir(parents=True, exist_ok=True)
        (root / uri).write_text(text, encoding="utf-8")


def clean(root: Path) -> None:
    """What MkDocs' clean_directory does: everything but hidden entries goes."""
    import shutil

    for entry in root.iterdir():
        if not entry.name.startswith("."):
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


PREVIOUS = {
    "index.html": "旧首页",
    "issues/2023/1/index.html": "第1期",
    "issues/2023/2/index.html": "第2期旧",
    "issues/2023/3/index.html": "第3期（已删除）",
    "issues/2023/fig.svg": "<svg/>",
    "categories/甲/index.html": "甲",
    "categories/甲/page/2/index.html": "甲2",
    "categories/乙/index.html": "乙（已无文章）",
    "search/segments/0.json": "旧索引",
}


def test_unchanged_pages_come_back_and_nothing_else(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write(site, PREVIOUS)
    served = ServedFolder()
    served.set_aside(str(site))
    clean(site)
    assert not [p for p in site.iterdir() if not p.name.startswith(".")]
    write(site, {"index.html": "新首页", "issues/2023/2/index.html": "第2期新"})
    write(site, {"issues/2023/fig.svg": "<svg/>"})  # static files are copied again
    for uri in ("issues/2023/1/index.html", "categories/甲/index.html"):
        served.keep(uri.removesuffix("index.html") + ".md", uri)
    served.keep("categories/甲/page/2.md", "categories/甲/page/2/index.html")
    served.restore(lambda source: None)
    assert tree(site) == {
        "index.html": "新首页",
        "issues/2023/1/index.html": "第1期",
        "issues/2023/2/index.html": "第2期新",
        "issues/2023/fig.svg": "<svg/>",
        "categories/甲/index.html": "甲",
        "categories/甲/page/2/index.html": "甲2",
    }
    assert sorted(p.name for p in site.iterdir()) == ["categories", "index.html", "issues"]


def test_a_kept_page_whose_file_is_gone_is_written_from_memory(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write(site, {"issues/2023/1/index.html": "第1期"})
    served = ServedFolder()
    served.set_aside(str(site))
    (site / ".bulletin-previous/issues/2023/1/index.html").unlink()
    served.keep("issues/2023/01.md", "issues/2023/1/index.html")
    served.restore({"issues/2023/01.md": "第1期（内存）"}.get)
    assert tree(site) == {"issues/2023/1/index.html": "第1期（内存）"}


def test_a_failed_rebuild_leaves_a_whole_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write(site, PREVIOUS)
    served = ServedFolder()
    served.set_aside(str(site))
    write(site, {"index.html": "新首页"})  # then the rebuild fails
    served.discard()
    assert tree(site) == PREVIOUS | {"index.html": "新首页"}
    assert [p.name for p in site.iterdir() if p.name.startswith(".")] == []


def test_mkdocs_notes_are_hidden_for_kept_pages_only() -> None:
    import logging

    served = ServedFolder()
    served.keep("issues/2023/01.md", "issues/2023/1/index.html")

    def note(uri: str) -> logging.LogRecord:
        message = skipped_page_note(uri)  # MkDocs' wording: tests/test_compat.py
        assert message is not None
        return logging.LogRecord("mkdocs.commands.build", logging.INFO, "", 0, message, (), None)

    assert not served.filter(note("issues/2023/01.md"))
    assert served.filter(note("docs/empty.md"))
