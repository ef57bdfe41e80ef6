"""Accessibility in a real browser: axe-core on every page type (desktop, default; phone, 关怀版
with 高对比度); rendered text contrast per mode; the toolbar operated by keyboard alone;
no-JavaScript, print and QR. Reflow, sizes, targets and focus: tests/test_reading.py."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest

from browser import CONTRAST_JS, PAGES, chromium, needs_chromium, serve_under, set_default_font_size
from conftest import PROJECT, Site

AXE = PROJECT / "node_modules/axe-core/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
MODES = {
    "default": {},
    "care": {"care": True},
    "contrast": {"contrast": True},
    "xlarge": {"size": "xlarge"},
    "care+contrast": {"care": True, "contrast": True},
}
# axe on every page: the desktop layout in the default colours, the phone layout in 关怀版 with
# the 高对比度 colours. (Reflow, sizes and targets in every mode and width: tests/test_reading.py.)
AXE_RUNS = [("default", 1280), ("care+contrast", 390)]

pytestmark = [
    needs_chromium,
    pytest.mark.browser,
    pytest.mark.skipif(
        not AXE.is_file() and not os.environ.get("CI"),
        reason="axe-core is installed by `npm ci` in .ci/run",
    ),
]


@pytest.fixture(scope="module")
def browser(sample: Site) -> Iterator[tuple[Any, str]]:
    with serve_under(sample.root / "site", "zhuanlan") as base, chromium() as instance:
        yield instance, base


def open_page(browser: tuple[Any, str], path: str, prefs: dict[str, Any] | None = None,
              width: int = 1280, **options: Any) -> Any:  # fmt: skip
    instance, base = browser
    context = instance.new_context(viewport={"width": width, "height": 900}, **options)
    if prefs is not None:
        context.add_init_script(
            f"localStorage.setItem('bulletin-a11y', {json.dumps(json.dumps(prefs))})"
        )
    page = context.new_page()
    page.goto(base + path, wait_until="load")
    return page


@pytest.mark.parametrize(("mode", "width"), AXE_RUNS)
def test_axe_finds_no_violation(browser: tuple[Any, str], mode: str, width: int) -> None:
    script = AXE.read_text(encoding="utf-8")
    found = []
    page = open_page(browser, "", MODES[mode], width)
    for name, path in PAGES.items():
        page.goto(browser[1] + path, wait_until="load")
        if name == "search":
            page.wait_for_selector("[data-search-results] li")
        page.add_script_tag(content=script)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            AXE_TAGS,
        )
        assert len(result["passes"]) > 20  # axe really ran on a real page
        found += [(name, v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
    page.context.close()
    assert found == []


def body_font(page: Any) -> float:
    return float(page.eval_on_selector(".bulletin-article p:not(.bulletin-article__source)",
                                       "e => parseFloat(getComputedStyle(e).fontSize)"))  # fmt: skip


@pytest.mark.parametrize("mode", MODES)
def test_text_contrast_in_each_mode(browser: tuple[Any, str], mode: str) -> None:
    """Contrast computed from rendered colours: 4.5:1, and 7:1 in 高对比度. (Sizes, spacing and
    targets per mode are measured on every page by tests/test_reading.py.)"""
    page = open_page(browser, "issues/2023/3/", MODES[mode], 390)
    ratio, where = page.evaluate(CONTRAST_JS)
    assert ratio >= (7 if "contrast" in mode else 4.5), where
    if "care" in mode:
        assert page.eval_on_selector("body", "e => getComputedStyle(e).transitionDuration") in (
            "0s",
            "",
        )
    page.context.close()


def press_until_focused(page: Any, selector: str, limit: int = 30) -> None:
    """Tab forward to the control, or Shift+Tab back to it when it lies behind the focus."""
    for key, steps in (("Tab", limit), ("Shift+Tab", 2 * limit)):
        for _ in range(steps):
            page.keyboard.press(key)
            if page.evaluate("s => document.activeElement.matches(s)", selector):
                return
    raise AssertionError(f"{selector} is not reachable with Tab")


SPEECH_STUB = """
window.__speech = [];
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
Object.defineProperty(window, 'speechSynthesis', { value: {
  paused: false, getVoices: () => [{ lang: 'zh-CN', name: 'stub' }],
  speak: u => window.__speech.push(['speak', u.text, u.lang]), cancel: () => window.__speech.push(['cancel']),
  pause() { this.paused = true; window.__speech.push(['pause']); },
  resume() { this.paused = false; window.__speech.push(['resume']); },
} });
"""


def test_toolbar_works_with_the_keyboard_alone(browser: tuple[Any, str]) -> None:
    instance, base = browser
    context = instance.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(SPEECH_STUB)
    page = context.new_page()
    page.goto(base + "issues/2023/3/")
    page.wait_for_load_state("load")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"

    def press(selector: str, key: str = "Enter") -> None:
        press_until_focused(page, f".a11y-bar {selector}")
        page.keyboard.press(key)

    def pressed(selector: str) -> str:
        return str(page.get_attribute(f".a11y-bar {selector}", "aria-pressed"))

    for size, px, key in (
        ("small", 16, "Enter"),
        ("large", 22, "Space"),
        ("xlarge", 30, "Enter"),
        ("", 18, "Space"),
    ):
        press(f'[data-a11y-size="{size}"]', key)
        assert body_font(page) == px and pressed(f'[data-a11y-size="{size}"]') == "true"

    press('[data-a11y-toggle="care"]')
    assert pressed('[data-a11y-toggle="care"]') == "true" and body_font(page) >= 20
    press('[data-a11y-toggle="care"]', "Space")
    assert pressed('[data-a11y-toggle="care"]') == "false"

    press('[data-a11y-toggle="contrast"]')
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    page.wait_for_timeout(300)  # colour transitions of the default mode may still be running
    ratio, where = page.evaluate(CONTRAST_JS)
    assert ratio >= 7, where

    press('[data-a11y-speak="start"]')
    press('[data-a11y-speak="pause"]', "Space")
    press('[data-a11y-speak="stop"]')
    calls = page.evaluate("window.__speech")
    spoken = [c for c in calls if c[0] == "speak"]
    assert spoken and spoken[0][2] == "zh-CN" and "督导帮扶第六工作组" in spoken[0][1]
    assert ["pause"] in calls and calls[-1] == ["cancel"]

    press('[data-a11y-toggle="cursor"]')
    assert "url(" in page.evaluate("getComputedStyle(document.body).cursor")

    press('[data-a11y-toggle="crosshair"]')
    page.mouse.move(300, 400)
    assert page.eval_on_selector(".a11y-crosshair--y", "e => e.style.left") == "300px"
    assert page.eval_on_selector(".a11y-crosshair--x", "e => e.style.top") == "400px"

    press('[data-a11y-toggle="text"]')
    assert (
        page.eval_on_selector(".bulletin-article img", "e => getComputedStyle(e).display") == "none"
    )
    assert "［图片：专项行动任务构成" in page.inner_text(".bulletin-article:nth-of-type(3)")

    # The choices survive navigation to another page, applied before the first paint.
    page.add_init_script(
        "requestAnimationFrame(() => { window.__firstFrame = document.documentElement.getAttribute('data-a11y-contrast'); })"
    )
    page.goto(base + "archive/")
    page.wait_for_load_state("load")
    assert page.evaluate("window.__firstFrame") == "on"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"

    press("[data-a11y-reset]")
    attributes = page.evaluate("[...document.documentElement.attributes].map(a => a.name)")
    assert not [a for a in attributes if a.startswith("data-a11y-")]
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    context.close()


def test_speech_controls_are_hidden_without_speech_synthesis(browser: tuple[Any, str]) -> None:
    instance, base = browser
    context = instance.new_context()
    context.add_init_script(
        "delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;"
    )
    page = context.new_page()
    page.goto(base + "issues/2023/3/")
    page.wait_for_load_state("load")
    assert page.is_visible('[data-a11y-toggle="care"]')
    assert not page.is_visible("[data-a11y-speech]")
    context.close()


def test_pages_are_readable_without_javascript(browser: tuple[Any, str]) -> None:
    page = open_page(browser, "issues/2023/3/", java_script_enabled=False)
    assert not page.is_visible("[data-a11y-toolbar]")
    assert page.is_visible("text=国务院安委办督导帮扶第六工作组在济帮扶指导一月简述 >> nth=0")
    assert body_font(page) >= 16
    page.set_viewport_size({"width": 390, "height": 844})  # no 菜单 button: the links are shown
    shown = "[...document.querySelectorAll('#bulletin-nav a')].filter(a => { const b = a.getBoundingClientRect(); return a.checkVisibility() && b.left >= 0 && b.right <= innerWidth; }).length"
    assert page.evaluate(shown) >= 8
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate(  # and they cover nothing
        "(() => { const h = document.querySelector('h1'), b = h.getBoundingClientRect(); return h.contains(document.elementFromPoint(b.left + 10, b.top + b.height / 2)); })()"
    )
    page.context.close()


def test_semantics(browser: tuple[Any, str]) -> None:
    page = open_page(browser, "issues/2023/3/")
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert page.evaluate("document.querySelectorAll('h1').length") == 1
    levels = page.evaluate(
        "[...document.querySelectorAll('#main-content h1, #main-content h2, #main-content h3')].map(h => +h.tagName[1])"
    )
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    # The publish time in China time: the sample's issue gives a date, so the default 09:00.
    assert page.evaluate("document.querySelector('time').getAttribute('datetime')") == (
        "2023-07-25T09:00+08:00"
    )
    for landmark in ("header", "main", "footer", "nav"):
        assert page.query_selector(landmark)
    page.context.close()


def test_print_shows_the_bulletin_without_site_chrome(browser: tuple[Any, str]) -> None:
    page = open_page(browser, "issues/2023/3/")
    page.emulate_media(media="print")
    for chrome in (
        ".md-header",
        ".md-sidebar--primary",
        ".a11y-bar",
        ".md-footer",
        ".bulletin-pager",
    ):
        assert not page.is_visible(chrome), chrome
    for part in (
        ".bulletin-header",
        ".bulletin-signoff",
        ".bulletin-article__source",
        ".bulletin-print-url",
    ):
        assert page.is_visible(part), part
    assert "https://example.gov.cn/zhuanlan/issues/2023/3/" in page.inner_text(
        ".bulletin-print-url"
    )
    assert page.pdf()[:4] == b"%PDF"
    page.context.close()


def test_issue_page_has_a_qr_code_with_a_text_alternative(browser: tuple[Any, str]) -> None:
    page = open_page(browser, "issues/2023/3/")
    svg = page.query_selector("figure.bulletin-qr svg[role=img]")
    assert svg is not None
    name = page.evaluate("document.querySelector('figure.bulletin-qr svg title').textContent")
    assert name == "本页二维码：https://example.gov.cn/zhuanlan/issues/2023/3/"
    assert page.inner_text("figure.bulletin-qr figcaption") == "扫码使用手机浏览本页内容"
    if shutil.which("zbarimg") or os.environ.get("CI"):  # a phone's view: decode what is drawn
        picture = svg.screenshot()
        decoded = subprocess.run(
            ["zbarimg", "-q", "--raw", "-"], input=picture, capture_output=True
        )
        assert decoded.stdout.decode().strip() == "https://example.gov.cn/zhuanlan/issues/2023/3/"
    page.context.close()


# Widths × the reader's own text size × modes already on when the page opens: every control of
# the toolbar is reached with Tab, in order, works with Enter or Space, and 重置 returns every
# mode to its default and says so without moving the focus.
EVERY_MODE = {"care": True, "contrast": True, "size": "xlarge", "cursor": True, "crosshair": True, "text": True}  # fmt: skip
TOOLBAR_RUNS = [
    (320, 32, EVERY_MODE),
    (320, 16, {"care": True}),
    (390, 16, {}),
    (390, 32, {"care": True, "contrast": True, "size": "xlarge"}),
    (1280, 16, {"care": True, "contrast": True, "size": "xlarge"}),
    (1280, 16, {}),
    (1280, 32, EVERY_MODE),
]


@pytest.mark.parametrize(("width", "font", "prefs"), TOOLBAR_RUNS)
def test_every_toolbar_control_works_by_keyboard_and_reset_returns_to_defaults(
    browser: tuple[Any, str], width: int, font: int, prefs: dict[str, Any]
) -> None:
    instance, base = browser
    context = instance.new_context(viewport={"width": width, "height": 900})
    context.add_init_script(SPEECH_STUB + "window.print = () => { window.__printed = true; };")
    page = context.new_page()
    set_default_font_size(page, font)
    page.goto(base + "issues/2023/3/")
    page.evaluate("p => localStorage.setItem('bulletin-a11y', JSON.stringify(p))", prefs)
    page.reload(wait_until="load")
    html_modes = "Object.fromEntries([...document.documentElement.attributes].filter(a => a.name.startsWith('data-a11y-')).map(a => [a.name.slice(10), a.value]))"  # fmt: skip
    assert len(page.evaluate(html_modes)) == len(prefs)
    focused = "document.activeElement.getAttribute('aria-label') || document.activeElement.textContent.trim()"  # fmt: skip
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == "跳到正文"
    page.keyboard.press("Tab")
    if page.is_visible("[data-a11y-open]"):  # the panel folds behind 无障碍 (phones, 关怀版)
        assert page.evaluate(focused) == "无障碍"
        page.keyboard.press("Enter")
        assert page.get_attribute("[data-a11y-open]", "aria-expanded") == "true"
        page.keyboard.press("Tab")
    # 关怀版 switched (on where it was off): the panel stays open, and Tab goes on into it.
    assert page.evaluate(focused) == "关怀版"
    page.keyboard.press("Enter")
    assert page.get_attribute("[data-a11y-toggle=care]", "aria-pressed") == str(not prefs.get("care")).lower()  # fmt: skip
    order = ["字号小", "字号中", "字号大", "字号特大", "高对比度", "朗读", "暂停", "停止", "大鼠标", "十字光标", "纯文本", "重置"]  # fmt: skip
    for name in order:
        page.keyboard.press("Tab")
        assert page.evaluate(focused) == name, (name, page.evaluate(focused))
        assert page.evaluate("document.activeElement.checkVisibility()")
        if name.startswith("字号"):
            page.keyboard.press("Enter")
            assert (
                page.evaluate("document.documentElement.getAttribute('data-a11y-size') || ''")
                == (
                    {"字号小": "small", "字号中": "", "字号大": "large", "字号特大": "xlarge"}[name]
                )
            )
        elif name in ("高对比度", "大鼠标", "十字光标", "纯文本"):
            before = page.evaluate(html_modes)
            page.keyboard.press("Space")
            after = page.evaluate(html_modes)
            assert before != after and page.evaluate(focused) == name
    assert page.evaluate("window.__speech.filter(c => c[0] === 'speak').length") == 0  # only Tab
    page.keyboard.press("Enter")  # 重置
    assert page.evaluate(html_modes) == {}
    assert page.evaluate("localStorage.getItem('bulletin-a11y')") == "{}"
    assert page.evaluate(focused) == "重置"  # the focus stays where it was
    assert all(page.get_attribute(f"[data-a11y-toggle={m}]", "aria-pressed") == "false" for m in ("care", "contrast", "text"))  # fmt: skip
    status = page.locator("[data-a11y-status]")
    assert (
        status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    )
    page.wait_for_function(
        "document.querySelector('[data-a11y-status]').textContent.includes('已恢复默认设置')"
    )
    for key in ("Tab", "Enter"):  # 打印本页, the last button
        page.keyboard.press(key)
    assert page.evaluate("window.__printed") is True
    assert body_font(page) == 18 * font / 16  # the default size, on the reader's own text size
    context.close()
