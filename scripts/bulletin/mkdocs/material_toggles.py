"""Material's two checkbox toggles, valid HTML without a copy of Material's base.html.

Material's base.html writes `autocomplete="off"` on the drawer and search checkboxes (so Firefox
does not restore an open drawer on going back). HTML allows `autocomplete` on text-like inputs
only, so the Nu HTML Checker rejects every page; a11y.js closes the drawer on `pageshow` instead.
The toggles sit outside every block of base.html, so no block or partial can change them: this
Jinja extension removes the attribute from base.html's source as Jinja compiles it, and a test
(tests/test_material_templates.py) fails when the installed Material's markup no longer matches.
"""

from __future__ import annotations

import re

from jinja2.ext import Extension

BASE = "base.html"
TOGGLE = re.compile(r'(<input class="md-toggle"[^>]*? type="checkbox"[^>]*?) autocomplete="off"')


def drop_toggle_autocomplete(source: str) -> tuple[str, int]:
    """Material's base.html source without `autocomplete` on its toggles, and how many lost it."""
    return TOGGLE.subn(r"\1", source)


class MaterialToggles(Extension):
    """Applies `drop_toggle_autocomplete` to base.html as Jinja compiles it."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        if name != BASE:
            return source
        return drop_toggle_autocomplete(source)[0]
