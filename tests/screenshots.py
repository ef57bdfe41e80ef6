"""The README's screenshots, taken again from a fresh build of the sample column:

    python -m tests.screenshots

Home and an issue page at 390 and 1280 px, in the default mode and in 关怀版, the first screen of
each, written to devdocs/images/ (the README uses them; site/ does not publish them): phones at 390 × 700, desktops at 1280 × 800 halved to keep the
repository small (with ImageMagick's `convert`, which also reduces them to 256 colours). Look at
every one before you commit them: they are what a reader sees.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.browser import chromium, serve_under

PROJECT = Path(__file__).resolve().parents[1]
SHOTS = {"home": "", "issue": "issues/2023/3/"}
MODES = {"default": {}, "care": {"care": True}}
WIDTHS = (390, 1280)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        command = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)]
        subprocess.run(command, cwd=PROJECT, check=True)
        with serve_under(site, "zhuanlan") as base, chromium() as browser:
            tab = browser.new_page(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
            for name, path in SHOTS.items():
                for mode, prefs in MODES.items():
                    for width in WIDTHS:
                        tab.set_viewport_size(
                            {"width": width, "height": 700 if width < 800 else 800}
                        )
                        tab.goto(base + path)
                        tab.evaluate(
                            "p => localStorage.setItem('bulletin-a11y', JSON.stringify(p))", prefs
                        )
                        tab.reload(wait_until="load")
                        target = PROJECT / f"devdocs/images/{name}-{width}-{mode}.png"
                        tab.screenshot(path=str(target))
                        shrink(target, half=width > 800)
                        print(target.relative_to(PROJECT))


def shrink(picture: Path, half: bool) -> None:
    """Fewer bytes in the repository: 256 colours, desktops at half size (needs `convert`)."""
    if shutil.which("convert") is None:
        return
    resize = ["-resize", "50%"] if half else []
    subprocess.run(["convert", str(picture), *resize, "-colors", "256", str(picture)], check=True)


if __name__ == "__main__":
    main()
