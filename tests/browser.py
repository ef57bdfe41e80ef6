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
from typing import Any

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

# Contrast as WCAG defines it, from the colours the browser actually rendered.
CONTRAST_JS = """
() => {
  const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const rgba = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const background = el => { for (; el; el = el.parentElement) { const c = rgba(getComputedStyle(el).backgroundColor); if (c.length === 3 || c[3] > 0) return c.slice(0, 3); } return [255, 255, 255]; };
  const ratios = [];
  for (const el of document.querySelectorAll('p, li, a, h1, h2, h3, dt, dd, time, button, label, figcaption, .md-nav__link, .md-copyright')) {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    // What a person can see: not hidden, not clipped to a pixel, not off the side of the screen.
    if (!el.textContent.trim() || style.visibility === 'hidden' || box.width <= 1 || box.height <= 1) continue;
    if (box.right <= 0 || box.left >= innerWidth || box.bottom <= 0) continue;
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const fg = rgba(style.color).slice(0, 3), bg = background(el);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    ratios.push([(a + 0.05) / (b + 0.05), el.tagName + '.' + el.className + ': ' + el.textContent.trim().slice(0, 20)]);
  }
  ratios.sort((x, y) => x[0] - y[0]);
  return ratios[0];
}
"""


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
def serve(
    directory: Path, kind: type[http.server.SimpleHTTPRequestHandler] = _QuietHandler
) -> Iterator[str]:
    """Serve `directory` on a free loopback port (with handler `kind`); yield its base URL."""
    handler = functools.partial(kind, directory=str(directory))
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


def set_default_font_size(page: Any, size: int) -> None:
    """The reader's own text size, as Chromium's settings set it (默认字号, 16 px unless changed):
    the size the root's percentages, rem, em and em media queries start from."""
    session = page.context.new_cdp_session(page)
    session.send("Page.setFontSizes", {"fontSizes": {"standard": size, "fixed": size}})


@contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
