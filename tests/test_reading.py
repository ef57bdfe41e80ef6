"""Reading on a phone and a desktop, in every reading mode: reflow at 320, 390 and 1280 px, text
sizes and targets per mode, WCAG 1.4.12 text spacing, the menu and toolbar by keyboard, focus
never hidden under the sticky header, focus-ring contrast; and the Nu HTML Checker on every page.

One browser and one page object for the whole module: modes are set through localStorage (the
contract's `bulletin-a11y`) and a reload, widths by resizing, and each combination is measured
with a single page.evaluate."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest

from browser import CONTRAST_JS, PAGES, chromium, needs_chromium, serve_under, set_default_font_size
from conftest import PROJECT, Site

MODES: dict[str, dict[str, Any]] = {
    "default": {},
    "care": {"care": True},
    "contrast": {"contrast": True},
    "small": {"size": "small"},
    "large": {"size": "large"},
    "xlarge": {"size": "xlarge"},
    "text": {"text": True},
    "care+xlarge+contrast": {"care": True, "size": "xlarge", "contrast": True},
}
WIDTHS = [320, 390, 1280]
# (body text at least, smallest text at least) per mode, in CSS px.
SIZES = {
    "default": (18, 16),
    "care": (24, 22),
    "contrast": (18, 16),
    "small": (16, 14),
    "large": (22, 18),
    "xlarge": (30, 24),
    "text": (18, 16),
    "care+xlarge+contrast": (30, 24),
}
# Controls that are targets in every mode (44 px); in 关怀版 every target is 60 × 60 px.
UI_TARGETS = (
    ".a11y-bar button, .a11y-bar a, .md-header a, .md-header button, .md-header input, "
    ".md-nav__link, .bulletin-pager a, .bulletin-breadcrumb a, .md-footer a, "
    ".bulletin-search-form input, .bulletin-search-form button, .bulletin-search-form select, "
    ".bulletin-policy-filters select"
)
VNU = PROJECT / "node_modules/vnu-jar/build/dist/vnu.jar"

pytestmark = [needs_chromium, pytest.mark.browser]

# Everything measured about one page in one mode at one width.
MEASURE_JS = """
([uiTargets, spacing]) => {
  const W = document.documentElement.clientWidth;
  const visible = el => el.checkVisibility({visibilityProperty: true, opacityProperty: true});
  const name = el => (el.tagName + '.' + (typeof el.className === 'string' ? el.className : '') + ' ' + (el.textContent || '').trim().slice(0, 24));
  // Clipped on purpose by a scrolling or hiding ancestor (a table region, the visually hidden)?
  const clippedByAncestor = el => { for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) { const s = getComputedStyle(a); if (s.overflowX !== 'visible' || s.clipPath !== 'none') return true; } return false; };
  const out = {scrollWidth: document.documentElement.scrollWidth, width: W, past: [], smallest: [99, ''], body: null, paragraph: null, targets: [], clipped: [], toolbar: 0, widest: 0};
  const bar = document.querySelector('.a11y-bar');
  if (bar) out.toolbar = bar.getBoundingClientRect().height;
  let style;
  if (spacing) {  // WCAG 1.4.12 text spacing
    style = document.createElement('style');
    style.textContent = '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }';
    document.head.appendChild(style);
  }
  for (const el of document.body.querySelectorAll('*')) {
    if (!visible(el)) continue;
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;
    const s = getComputedStyle(el);
    if ((box.right > W + 0.5 || box.left < -0.5) && s.position !== 'fixed' && !clippedByAncestor(el)) out.past.push([name(el), Math.round(box.left), Math.round(box.right)]);
    out.widest = Math.max(out.widest, box.right);
    const ownText = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (ownText) {
      const size = parseFloat(s.fontSize);
      if (size < out.smallest[0]) out.smallest = [size, name(el)];
      if ((s.overflowX !== 'visible' || s.overflowY !== 'visible') && !['auto', 'scroll'].includes(s.overflowX) && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) out.clipped.push(name(el));
      if (s.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) out.clipped.push(name(el));
    }
  }
  const prose = [...document.querySelectorAll('#main-content p:not([class])')].filter(p => visible(p) && p.textContent.trim().length >= 10);
  if (prose.length) {
    const p = prose.reduce((a, b) => parseFloat(getComputedStyle(a).fontSize) <= parseFloat(getComputedStyle(b).fontSize) ? a : b);
    const s = getComputedStyle(p);
    out.body = parseFloat(s.fontSize);
    out.paragraph = [parseFloat(s.fontSize), parseFloat(s.lineHeight), parseFloat(s.marginBottom)];
  }
  // The page's own text of every kind (paragraphs, list items, table cells; not the trail of
  // 当前位置): its smallest size, and the tightest line height and paragraph gap, as
  // [size, line height, gap to the next paragraph, text].
  const own = [...document.querySelectorAll('#main-content p, #main-content li, #main-content dd, #main-content td')]
    .filter(e => visible(e) && !e.closest('.bulletin-breadcrumb') && e.textContent.trim().length >= 10);
  out.text = own.length ? Math.min(...own.map(e => parseFloat(getComputedStyle(e).fontSize))) : null;
  out.tightest = null;
  for (const p of own.filter(e => e.tagName === 'P' && e.nextElementSibling && e.nextElementSibling.tagName === 'P' && visible(e.nextElementSibling))) {
    const s = getComputedStyle(p), size = parseFloat(s.fontSize), line = parseFloat(s.lineHeight);
    const gap = Math.max(parseFloat(s.marginBottom), parseFloat(getComputedStyle(p.nextElementSibling).marginTop));
    if (!out.tightest || gap / line < out.tightest[2] / out.tightest[1] || line / size < out.tightest[1] / out.tightest[0]) out.tightest = [size, line, gap, name(p)];
  }
  const care = document.documentElement.getAttribute('data-a11y-care') === 'on';
  const targets = care ? 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex="0"]' : uiTargets;
  for (const el of document.querySelectorAll(targets)) {
    if (!visible(el) || el.closest('[inert]')) continue;
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;
    if (box.width < (care ? 59.5 : 43.5) || box.height < (care ? 59.5 : 43.5)) out.targets.push([name(el), Math.round(box.width), Math.round(box.height)]);
  }
  if (style) style.remove();
  // Chinese line breaking (禁则): no heading, label, link or button begins a line with closing
  // punctuation or the middle dot; a character below the one before it begins a line.
  out.lineStarts = [];
  const closers = '，。、；：？！）」』》〉】〕”’·';
  for (const el of document.querySelectorAll('h1, h2, h3, h4, label, dt, th, a, button, .bulletin-breadcrumb li, [class$="__meta"]')) {
    if (!visible(el)) continue;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let before = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.textContent.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const box = range.getBoundingClientRect();
        if (!box.width || !node.textContent[i].trim()) continue;
        if (before && closers.includes(node.textContent[i]) && box.top >= before.bottom - 1) out.lineStarts.push(name(el));
        before = box;
      }
    }
  }
  return out;
}
"""


@pytest.fixture(scope="module")
def served(sample: Site) -> Iterator[tuple[Any, str]]:
    """One browser for the module, and the sample site's base URL."""
    with serve_under(sample.root / "site", "zhuanlan") as base, chromium() as browser:
        yield browser, base


def reading_tab(served: tuple[Any, str], font_size: int) -> Iterator[tuple[Any, str]]:
    """A tab of the module's browser, with the reader's own text size set in the browser."""
    browser, base = served
    context = browser.new_context(viewport={"width": 1280, "height": 844})
    context.add_init_script(SPEECH_OFF)
    page = context.new_page()
    set_default_font_size(page, font_size)
    yield page, base
    context.close()


@pytest.fixture(scope="module")
def page(served: tuple[Any, str]) -> Iterator[tuple[Any, str]]:
    yield from reading_tab(served, 16)  # the browsers' usual text size


SPEECH_OFF = "delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;"


def open_in_mode(page: Any, base: str, path: str, prefs: dict[str, Any]) -> None:
    """The page as it opens with these reading choices saved (one navigation when already there)."""
    if page.url != base + path:
        page.goto(base + path, wait_until="load")
    page.evaluate("p => localStorage.setItem('bulletin-a11y', JSON.stringify(p))", prefs)
    page.reload(wait_until="load")
    if path.startswith("search"):
        page.wait_for_selector("[data-search-results] li")


@pytest.mark.parametrize("name", PAGES)
def test_every_page_reflows_and_reads_in_every_mode(page: tuple[Any, str], name: str) -> None:
    """No sideways scrolling, nothing past the viewport, sizes and targets per mode; with the
    text-spacing overrides nothing is clipped."""
    tab, base = page
    problems: list[tuple[str, int, str, object]] = []
    for mode, prefs in MODES.items():
        open_in_mode(tab, base, PAGES[name], prefs)
        for width in WIDTHS:
            tab.set_viewport_size({"width": width, "height": 844})
            spacing = mode in ("default", "care") and width != 1280
            m = tab.evaluate(MEASURE_JS, [UI_TARGETS, False])
            body, smallest = SIZES[mode]
            if m["scrollWidth"] > m["width"]:
                problems.append((mode, width, "scrolls sideways", m["scrollWidth"]))
            if m["past"]:
                problems.append((mode, width, "past the viewport", m["past"][:3]))
            if m["smallest"][0] < smallest:
                problems.append((mode, width, "text too small", m["smallest"]))
            if m["body"] is not None and m["body"] < body:
                problems.append((mode, width, "body text too small", m["body"]))
            if m["targets"]:
                problems.append((mode, width, "targets too small", m["targets"][:3]))
            if "care" in mode:
                problems += care_figures(m, mode, width, body)
            if m["lineStarts"]:
                problems.append((mode, width, "line begins with closing punctuation", m["lineStarts"][:3]))  # fmt: skip
            if spacing:
                spaced = tab.evaluate(MEASURE_JS, [UI_TARGETS, True])
                if spaced["clipped"]:
                    problems.append((mode, width, "clipped with text spacing", spaced["clipped"]))
    assert problems == []


@pytest.fixture(scope="module")
def large_text(served: tuple[Any, str]) -> Iterator[tuple[Any, str]]:
    """A page in a browser whose own text size is set to twice the usual (32 px, WCAG 1.4.4)."""
    yield from reading_tab(served, 32)


@pytest.mark.parametrize("name", PAGES)
def test_every_page_follows_the_readers_own_text_size(large_text: tuple[Any, str], name: str) -> None:  # fmt: skip
    """With the browser's text at 200 %, every text doubles (the modes on top of it), and still
    nothing needs sideways scrolling, nothing is clipped, no line begins with closing punctuation."""
    tab, base = large_text
    problems: list[tuple[str, int, str, object]] = []
    for mode in ("default", "care", "xlarge"):
        open_in_mode(tab, base, PAGES[name], MODES[mode])
        for width in WIDTHS:
            tab.set_viewport_size({"width": width, "height": 844})
            m = tab.evaluate(MEASURE_JS, [UI_TARGETS, False])
            body, smallest = (2 * size for size in SIZES[mode])
            if m["scrollWidth"] > m["width"] or m["past"]:
                problems.append((mode, width, "past the viewport", m["past"][:3]))
            if m["smallest"][0] < smallest - 0.5:
                problems.append((mode, width, "text not enlarged", m["smallest"]))
            if m["body"] is not None and m["body"] < body - 0.5:
                problems.append((mode, width, "body text not enlarged", m["body"]))
            if m["clipped"] or m["targets"] or m["lineStarts"]:
                problems.append(
                    (
                        mode,
                        width,
                        "clipped, small or badly broken",
                        [m[k][:3] for k in ("clipped", "targets", "lineStarts")],
                    )
                )
            if mode == "care":
                problems += care_figures(m, mode, width, body)
    assert problems == []


def care_figures(m: dict[str, Any], mode: str, width: int, body: float) -> list[tuple[str, int, str, object]]:  # fmt: skip
    """关怀版 on every page: all of the page's own text at the body size, line height ≥ 1.5,
    paragraph spacing ≥ 1.3 × the line height."""
    problems: list[tuple[str, int, str, object]] = []
    if m["text"] is not None and m["text"] < body - 0.5:
        problems.append((mode, width, "text under the body size", m["text"]))
    for size, line, gap, *where in filter(None, (m["paragraph"], m["tightest"])):
        if line < 1.5 * size or gap < 1.3 * line:
            problems.append((mode, width, "paragraph spacing", [size, line, gap, *where]))
    return problems


def test_phone_toolbar_is_one_compact_row_until_opened(page: tuple[Any, str]) -> None:
    tab, base = page
    for mode in ("default", "care"):
        open_in_mode(tab, base, "", MODES[mode])
        tab.set_viewport_size({"width": 390, "height": 844})
        height = tab.evaluate("document.querySelector('.a11y-bar').getBoundingClientRect().height")
        assert height <= 64, (mode, height)
        shown = tab.evaluate(
            "[...document.querySelectorAll('.a11y-bar button, .a11y-bar a')].filter(e => e.checkVisibility()).map(e => e.textContent.trim())"
        )
        assert shown == ["无障碍", "关怀版"], shown
    for mode in ("default", "care", "care+xlarge+contrast"):  # the opened panel, at 320 px
        open_in_mode(tab, base, "", MODES[mode])
        tab.set_viewport_size({"width": 320, "height": 844})
        tab.click("[data-a11y-open]")
        m = tab.evaluate(MEASURE_JS, [UI_TARGETS, False])
        assert m["scrollWidth"] <= 320 and not m["past"], (mode, m["past"])
        assert m["smallest"][0] >= SIZES[mode][1] and not m["targets"], (mode, m)
        ratio, where = tab.evaluate(CONTRAST_JS)
        assert ratio >= (7 if "contrast" in mode else 4.5), where
    tab.set_viewport_size({"width": 1280, "height": 844})
    open_in_mode(tab, base, "", {})
    tops = tab.evaluate(
        "[...new Set([...document.querySelectorAll('.a11y-bar button, .a11y-bar a')].filter(e => e.checkVisibility()).map(e => Math.round(e.getBoundingClientRect().top)))]"
    )
    assert len(tops) == 1  # one row on the desktop


# What the focused element looks like: can a sighted keyboard user see it, and its ring?
FOCUS_JS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const box = el.getBoundingClientRect();
  const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const rgba = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const behind = node => { for (let a = node.parentElement; a; a = a.parentElement) { const c = rgba(getComputedStyle(a).backgroundColor); if (c.length === 3 || c[3] > 0) return c.slice(0, 3); } return [255, 255, 255]; };
  const s = getComputedStyle(el);
  const ring = rgba(s.outlineColor).slice(0, 3);
  const [a, b] = [lum(ring), lum(behind(el))].sort((x, y) => y - x);
  const x = Math.min(Math.max(box.left + Math.min(box.width / 2, 20), 0), innerWidth - 1);
  // A region taller than the screen (a long table in 关怀版, which the browser centres) is seen
  // when it fills the screen; anything else, whole.
  const tall = box.height > innerHeight;
  const seen = (tall ? [innerHeight / 2] : [box.top + 2, box.top + box.height / 2]).every(y => { const hit = document.elementFromPoint(x, y); return hit && (el === hit || el.contains(hit) || hit.contains(el)); });
  const inside = (tall ? box.top <= 1 && box.bottom >= innerHeight - 1 : box.top >= -1 && box.bottom <= innerHeight + 1) && box.left >= -1 && box.right <= innerWidth + 1;
  return {name: el.tagName + ' ' + (el.textContent || el.value || '').trim().slice(0, 16), seen: seen && inside,
          ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2, contrast: (a + 0.05) / (b + 0.05)};
}
"""


# Focus moves may scroll smoothly: judge where the element ends up, once the page is still.
SETTLE_JS = """
() => new Promise(done => {
  let last = scrollY, still = 0, frames = 0;
  const look = () => { frames++; still = scrollY === last ? still + 1 : 0; last = scrollY;
    if (still >= 3 || frames > 60) done(); else requestAnimationFrame(look); };
  requestAnimationFrame(look);
})
"""


def walk_focus(tab: Any, steps: int) -> list[tuple[str, dict[str, Any]]]:
    """Tab forward through the page, then Shift+Tab back; each focused element's view."""
    seen = []
    for key in ("Tab", "Shift+Tab"):
        for _ in range(steps):
            tab.keyboard.press(key)
            tab.evaluate(SETTLE_JS)
            state = tab.evaluate(FOCUS_JS)
            if state:
                seen.append((key, state))
    return seen


# The issue page in three colour schemes and both layouts, and the pages with forms.
FOCUS_RUNS = [
    ("issue", mode, width) for mode in ("default", "care", "contrast") for width in (390, 1280)
]
FOCUS_RUNS += [
    ("search", "default", 1280),
    ("policy list", "care", 390),
    ("policy", "contrast", 390),
]


@pytest.mark.parametrize(("name", "mode", "width"), FOCUS_RUNS)
def test_focus_is_never_hidden_and_its_ring_is_visible(page: tuple[Any, str], name: str, mode: str, width: int) -> None:  # fmt: skip
    tab, base = page
    tab.set_viewport_size({"width": width, "height": 844})
    open_in_mode(tab, base, PAGES[name], MODES[mode])
    count = tab.evaluate(
        "[...document.querySelectorAll('a[href], button, input, select, [tabindex=\"0\"]')].filter(e => e.checkVisibility() && !e.closest('[inert]')).length"
    )
    steps = count + 2
    hidden, faint = [], []
    for key, state in walk_focus(tab, steps):
        if not state["seen"]:
            hidden.append((key, state["name"]))
        if not state["ring"] or state["contrast"] < 3:
            faint.append((key, state["name"], round(state["contrast"], 2)))
    assert hidden == []
    assert faint == []


@pytest.mark.parametrize("width", [390, 1280])
def test_skip_link_puts_the_heading_below_the_header(page: tuple[Any, str], width: int) -> None:
    tab, base = page
    tab.set_viewport_size({"width": width, "height": 844})
    open_in_mode(tab, base, "policies/jiyang-2021-6/", {})
    tab.evaluate("window.scrollTo(0, 600)")
    tab.focus(".a11y-skip")
    tab.keyboard.press("Enter")
    tab.wait_for_timeout(100)
    top, header = tab.evaluate(
        "[document.querySelector('#main-content h1').getBoundingClientRect().top, "
        "getComputedStyle(document.querySelector('.md-header')).position === 'sticky' ? document.querySelector('.md-header').getBoundingClientRect().bottom : 0]"
    )
    assert top >= header
    assert tab.evaluate("document.activeElement.id") == "main-content"


@pytest.mark.parametrize("mode", ["default", "care", "text", "care+xlarge+contrast"])
def test_menu_opens_and_closes_with_the_keyboard(page: tuple[Any, str], mode: str) -> None:
    tab, base = page
    tab.set_viewport_size({"width": 390, "height": 844})
    open_in_mode(tab, base, "archive/", MODES[mode])
    menu = "[data-bulletin-menu]"
    assert tab.get_attribute(menu, "aria-expanded") == "false"
    assert tab.evaluate(f"document.querySelector('{menu}').textContent.trim()").endswith("菜单")
    # Closed: not one navigation link in the Tab order.
    focused = []
    for _ in range(40):
        tab.keyboard.press("Tab")
        focused.append(tab.evaluate("!!document.activeElement.closest('.md-sidebar--primary')"))
        if tab.evaluate(f"document.activeElement.matches('{menu}')"):
            break
    assert not any(focused)
    assert tab.evaluate(f"document.activeElement.matches('{menu}')")
    tab.keyboard.press("Enter")
    tab.wait_for_timeout(300)  # the drawer slides in
    assert tab.get_attribute(menu, "aria-expanded") == "true"
    assert tab.evaluate("document.activeElement.closest('#bulletin-nav') !== null")
    links = tab.evaluate(
        "[...document.querySelectorAll('#bulletin-nav a')].filter(a => { const b = a.getBoundingClientRect(); return a.checkVisibility() && b.left >= 0 && b.right <= innerWidth; }).map(a => a.textContent.trim())"
    )
    assert links[:2] == ["首页", "往期回顾"] and "无障碍声明" in links
    assert not {"编辑指南", "构建性能", "检索原理"} & set(links)
    smallest = tab.evaluate(
        "Math.min(...[...document.querySelectorAll('#bulletin-nav, #bulletin-nav *')].filter(e => e.checkVisibility() && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())).map(e => parseFloat(getComputedStyle(e).fontSize)))"
    )
    assert smallest >= SIZES[mode][1]  # the open drawer's text follows the mode too
    ratio, where = tab.evaluate(CONTRAST_JS)
    assert ratio >= (7 if "contrast" in mode else 4.5), where
    for _ in range(len(links) + 3):  # the open drawer keeps the focus: the page behind is inert
        tab.keyboard.press("Tab")  # (past its last link, focus may leave for the browser's own UI)
        assert tab.evaluate(
            "document.activeElement === document.body || !!document.activeElement.closest('#bulletin-nav')"
        )
    tab.keyboard.press("Escape")
    assert tab.get_attribute(menu, "aria-expanded") == "false"
    assert tab.evaluate(f"document.activeElement.matches('{menu}')")
    assert tab.evaluate("document.querySelector('.md-sidebar--primary').inert")


def test_navigation_stays_on_wide_screens_in_care_and_text_modes(page: tuple[Any, str]) -> None:
    tab, base = page
    tab.set_viewport_size({"width": 1280, "height": 844})
    for mode in ("care", "text"):
        open_in_mode(tab, base, "issues/2023/3/", MODES[mode])
        shown = tab.evaluate(
            "[...document.querySelectorAll('#bulletin-nav a')].filter(a => a.checkVisibility()).length"
        )
        assert shown >= 8, mode


def test_toolbar_disclosure_works_with_the_keyboard_on_a_phone(page: tuple[Any, str]) -> None:
    tab, base = page
    tab.set_viewport_size({"width": 390, "height": 844})
    open_in_mode(tab, base, "issues/2023/3/", {})
    tab.keyboard.press("Tab")  # 跳到正文
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent.trim()") == "无障碍"
    tab.keyboard.press("Enter")
    assert tab.get_attribute("[data-a11y-open]", "aria-expanded") == "true"
    controls = tab.evaluate(
        "[...document.querySelectorAll('#a11y-panel button, #a11y-panel a')].filter(e => e.checkVisibility()).map(e => e.getAttribute('aria-label') || e.textContent.trim())"
    )
    for name in ("字号小", "字号中", "字号大", "字号特大", "高对比度", "大鼠标", "十字光标", "纯文本", "重置", "打印本页"):  # fmt: skip
        assert name in controls
    for step, expected in ((1, "字号小"), (2, "字号中"), (3, "字号大"), (4, "字号特大")):
        tab.focus("[data-a11y-toggle=care]")
        for _ in range(step):
            tab.keyboard.press("Tab")
        assert tab.evaluate("document.activeElement.getAttribute('aria-label')") == expected
    tab.keyboard.press("Space")
    assert tab.evaluate("document.documentElement.getAttribute('data-a11y-size')") == "xlarge"
    tab.keyboard.press("Tab")
    tab.keyboard.press("Enter")  # 高对比度
    assert tab.evaluate("document.documentElement.getAttribute('data-a11y-contrast')") == "on"
    tab.focus("[data-a11y-open]")
    tab.keyboard.press("Space")
    assert tab.get_attribute("[data-a11y-open]", "aria-expanded") == "false"
    assert not tab.is_visible("#a11y-panel [data-a11y-reset]")
    tab.evaluate("localStorage.removeItem('bulletin-a11y')")


def test_readers_see_dates_names_and_pages_once(page: tuple[Any, str]) -> None:
    tab, base = page
    tab.set_viewport_size({"width": 1280, "height": 844})
    open_in_mode(tab, base, "search/?q=排查", {})
    meta = tab.inner_text("[data-search-results] .bulletin-result__meta >> nth=0")
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日", meta) and not re.search(r"\d{4}-\d\d-\d\d", meta)
    open_in_mode(tab, base, "issues/2023/3/", {})
    crumbs = tab.evaluate(
        "[...document.querySelectorAll('nav.bulletin-breadcrumb li')].map(li => li.textContent.trim().replace(/^>\\s*/, ''))"
    )
    assert crumbs == ["首页", "往期回顾", "2023年", "第3期"]
    assert tab.get_attribute("nav.bulletin-breadcrumb li:last-child > *", "aria-current") == "page"
    assert tab.get_attribute("nav.bulletin-breadcrumb", "aria-label") == "当前位置"
    text = tab.inner_text("#main-content")
    assert text.count("2023年第3期") == 1
    open_in_mode(tab, base, "404.html", {})
    assert "没有找到" in tab.inner_text("h1")
    assert {"返回首页", "查看往期回顾", "使用站内检索"} <= set(tab.eval_on_selector_all("#main-content a", "as => as.map(a => a.textContent.trim())"))  # fmt: skip
    assert tab.is_visible("#main-content input[type=search]")
    open_in_mode(tab, base, "policies/jiyang-2021-6/", {})
    assert (
        tab.eval_on_selector(".bulletin-signature", "e => getComputedStyle(e).textAlign") == "right"
    )
    assert tab.is_visible("figure.bulletin-qr svg") and tab.is_visible("[data-bulletin-print]")
    headings = tab.eval_on_selector_all("#main-content h2, #main-content h3, #main-content h4", "hs => hs.map(h => h.textContent.trim())")  # fmt: skip
    assert all(len(h) <= 20 for h in headings), headings  # headings, not paragraphs


@pytest.mark.skipif(
    not (VNU.is_file() and shutil.which("java")) and not os.environ.get("CI"),
    reason="vnu-jar (npm) and a Java runtime are installed by .ci/run",
)
def test_every_page_passes_the_nu_html_checker(sample: Site) -> None:
    pages = sorted(str(p) for p in (sample.root / "site").rglob("*.html"))
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [(m["url"].rsplit("/site/", 1)[-1], m.get("lastLine"), m["message"]) for m in messages]
    assert errors == []
    assert len(pages) > 20
