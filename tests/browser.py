"""Debian's Chromium through Playwright, and a loopback web server for a built site."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

# One page of each type of the built sample column (paths under its site URL), for the browser tests.
PAGES = {
    "home": "",
    "issue": "issues/2023/3/",
    "archive": "archive/",
    "archive year": "archive/2023/",
    "category": "categories/督导帮扶/",
    "source": "sources/市工作专班/",
    "search": "search/?q=排查",
    "policy list": "policies/",
    "policy": "policies/jiyang-2021-6/",
    "statistics": "statistics/2023/",
    "site map": "site-map/",
    "404": "404.html",
    "无障碍声明": "accessibility/",
}

# Skipped on a developer's machine without Chromium; never in CI, where a missing browser
# must fail the run rather than silently pass it.
needs_chromium = pytest.mark.skipif(
    shutil.which(CHROMIUM) is None and not os.environ.get("CI"),
    reason="Debian's chromium is installed by .ci/run",
)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on a free loopback port; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve_under(site: Path, prefix: str) -> Iterator[str]:
    """Serve a built site at `/<prefix>/`, the path of its site_url, so absolute links work."""
    import tempfile

    with tempfile.TemporaryDirectory() as root:
        (Path(root) / prefix).symlink_to(site, target_is_directory=True)
        with serve(Path(root)) as base:
            yield f"{base}{prefix}/"


@contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
