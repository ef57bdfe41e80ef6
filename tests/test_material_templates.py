"""Our templates against the installed Material: an upgrade fails this suite, not the readers.

overrides/ extends Material's base.html through its blocks and names none of its files. Where we
replace a Material partial or block with our own markup, the original it was written from is
recorded here by hash: when an upgrade changes that original, the test names it, and someone
compares the new original with our version before recording the new hash.
"""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import material
import pytest
import yaml

from bulletin.mkdocs.material_toggles import drop_toggle_autocomplete
from conftest import PROJECT, Site, make_site

MATERIAL = Path(material.__file__).parent / "templates"

# Material 9.8.1's originals of what overrides/ replaces with its own markup.
RECORDED = {
    # overrides/partials/*.html: the column's header, navigation, contents list and footer.
    "partials/header.html": "8cf3fb15bcf969ff596649616fd99366b3c31c08d57a86d05308efc16d8fa75f",
    "partials/nav.html": "af33f6e032f632eb055c365eb5f1a975bf8456152fa768e69a1aad6d470b843f",
    "partials/toc.html": "fde48f583563364b0e0e6865a5ab1e7060ec1826161f69f5cbee653e621b0f84",
    "partials/footer.html": "50c2a75f013b7b03fb97f381860c77df8fd5d13d68f90d3281754b68f69ec894",
    # overrides/main.html's `container` block (the breadcrumb, the notice, `#main-content`).
    "base.html#container": "1a3ff81b9751c45208edd8ef25b73aad55079ef50e8a919a703a8303fefa3210",
}

# A file name with a content hash, as Material names its bundles: main.57a0d79d.min.css.
HASHED = re.compile(r"\.[0-9a-f]{8}\.min\.(?:css|js)")


def block_source(template: str, name: str) -> str:
    """The text of `{% block name %}` to its own `{% endblock %}`, nested blocks included."""
    start = re.search(r"\{%-?\s*block " + re.escape(name) + r"\s*-?%\}", template)
    assert start is not None, f"Material's base.html has no block {name}"
    depth = 0
    for tag in re.finditer(r"\{%-?\s*(block|endblock)\b[^%]*%\}", template[start.start() :]):
        depth += 1 if tag.group(1) == "block" else -1
        if depth == 0:
            return template[start.start() : start.start() + tag.end()]
    raise AssertionError(f"block {name} is not closed")


def original(key: str) -> bytes:
    path, _, block = key.partition("#")
    text = (MATERIAL / path).read_bytes()
    return block_source(text.decode(), block).encode() if block else text


@pytest.mark.parametrize("key", sorted(RECORDED))
def test_what_we_replace_is_still_what_material_ships(key: str) -> None:
    digest = hashlib.sha256(original(key)).hexdigest()
    assert digest == RECORDED[key], (
        f"Material's {key} changed: compare it with our version in overrides/, then record {digest}"
    )


def test_block_source_keeps_nested_blocks() -> None:
    template = "a{% block outer %}b{% block inner %}c{% endblock %}d{% endblock %}e"
    assert block_source(template, "outer") == (
        "{% block outer %}b{% block inner %}c{% endblock %}d{% endblock %}"
    )


def test_material_toggles_lose_autocomplete_and_nothing_else() -> None:
    source = (MATERIAL / "base.html").read_text(encoding="utf-8")
    changed, count = drop_toggle_autocomplete(source)
    assert count == 2  # the drawer and the search toggle
    assert 'autocomplete="off"' not in changed
    assert changed.replace(" ", "") == source.replace(' autocomplete="off"', "").replace(" ", "")


def test_overrides_name_no_material_file_by_its_hash() -> None:
    named = [
        (str(p.relative_to(PROJECT)), m.group(0))
        for p in (PROJECT / "overrides").rglob("*")
        if p.is_file() and p.suffix in {".html", ".js", ".css", ".xml"}
        for m in HASHED.finditer(p.read_text(encoding="utf-8"))
    ]
    assert named == []


def test_overrides_has_no_copy_of_materials_base_template() -> None:
    assert not (PROJECT / "overrides" / "base.html").exists()


class _Assets(HTMLParser):
    """The URLs a browser fetches for a page: stylesheets, icons, scripts, images, the worker."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self._config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and a.get("rel") in {"stylesheet", "icon", "preload", "modulepreload"}:
            self.urls.append(a.get("href") or "")
        elif tag in {"script", "img", "source"} and a.get("src"):
            self.urls.append(a["src"] or "")
        self._config = tag == "script" and a.get("id") == "__config"

    def handle_data(self, data: str) -> None:
        if self._config:  # Material's bundle starts its search worker from this URL
            self.urls.append(json.loads(data)["search"])
            self._config = False


def test_every_asset_a_built_page_links_exists(sample: Site) -> None:
    site = sample.root / "site"
    config = yaml.safe_load((sample.root / "mkdocs.yml").read_text(encoding="utf-8"))
    root = urlsplit(config["site_url"]).path  # 404.html links from the site's root: /zhuanlan/
    pages = sorted(site.rglob("*.html"))
    missing: list[tuple[str, str]] = []
    checked = 0
    for page in pages:
        parser = _Assets()
        parser.feed(page.read_text(encoding="utf-8"))
        for url in parser.urls:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith("data:"):
                continue  # other hosts are test_site_pages.py's concern
            path = unquote(parts.path)
            if path.startswith("/"):
                assert path.startswith(root), (page, url)
                target = site / path.removeprefix(root)
            else:
                target = (page.parent / path).resolve()
            checked += 1
            if not target.is_file():
                missing.append((str(page.relative_to(site)), url))
    assert missing == []
    # Material's theme CSS, palette and bundle, the search worker, ours: on every page.
    assert checked >= 7 * len(pages) > 0


def test_no_web_fonts_whatever_theme_font_says(tmp_path: Path) -> None:
    theme = {"name": "material", "custom_dir": "overrides", "language": "custom"}
    site = make_site(tmp_path, theme={**theme, "font": {"text": "Roboto"}})
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    home = site.html("index.html")
    assert "main-content" in home  # our main.html, over Material's base.html
    assert "fonts.googleapis" not in home and "fonts.gstatic" not in home
