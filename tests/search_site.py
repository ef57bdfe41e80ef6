"""A search page over an index written in-process, served with gzip as a web server sends it:
for benchmarks and browser tests that need a column larger or finer-cut than a real build
affords. The page is the search template's content with search.js; the index is the one
`write_search_index` writes."""

from __future__ import annotations

import gzip
import io
import re
import shutil
from contextlib import AbstractContextManager
from pathlib import Path

from tests.browser import _QuietHandler, serve

from bulletin.core.search import SearchDoc, write_column_indexes, write_search_index

PROJECT = Path(__file__).resolve().parent.parent
TEMPLATE = PROJECT / "overrides/bulletin/search.html"
SCRIPT = PROJECT / "overrides/assets/bulletin/search.js"


def search_page() -> str:
    """The search template's content block as a page: the index under ./, the script above."""
    template = TEMPLATE.read_text(encoding="utf-8")
    content = template.split("{% block content %}", 1)[1].split("{% endblock %}", 1)[0]
    content = content.replace("{{ url_for('search') | url }}", "./")
    content = re.sub(r"\{\{[^}]*\}\}", "#", content)
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width"><title>站内检索</title></head>'
        f'<body>{content}<script src="../assets/bulletin/search.js" defer></script></body></html>'
    )


def write_search_site(root: Path, docs: list[SearchDoc]) -> None:
    """root/search/ (page and index, and each column's index where the records span several)
    and root/assets/bulletin/search.js."""
    write_search_index(root, docs)
    write_column_indexes(root, docs)
    (root / "search/index.html").write_text(search_page(), encoding="utf-8")
    (root / "assets/bulletin").mkdir(parents=True, exist_ok=True)
    shutil.copy(SCRIPT, root / "assets/bulletin/search.js")


class _GzipHandler(_QuietHandler):
    """Every file gzip-compressed at level 6 when the client accepts it (as nginx's gzip on)."""

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve_gzip(directory: Path) -> AbstractContextManager[str]:
    """Serve `directory` on a free loopback port with gzip; yield its base URL."""
    return serve(directory, _GzipHandler)
