"""Screenshots of the live site's home page at 320, 375 and 1280 px (docs/screenshots/).

Run by hand after a change to the templates or the stylesheet, to look at how Japanese
lines wrap on phones (issue 30); the PNGs are committed for review.
    .venv/bin/python tools/screenshots.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import chromium, static_server  # noqa: E402

WIDTHS = (320, 375, 1280)
OUT = ROOT / "docs" / "screenshots"


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        dist = Path(work) / "dist"
        subprocess.run(
            [sys.executable, str(ROOT / "build.py"), "--no-cache", "--out", str(dist)],
            cwd=ROOT,
            check=True,
        )
        OUT.mkdir(parents=True, exist_ok=True)
        with chromium() as browser, static_server(dist) as url:
            for width in WIDTHS:
                tab = browser.new_page(viewport={"width": width, "height": 800})
                tab.goto(f"{url}/")
                tab.evaluate("document.fonts.ready")
                # Sections off screen are not laid out (content-visibility: auto): a window
                # as tall as the page shows them all.
                for _ in range(3):
                    height = tab.evaluate("document.documentElement.scrollHeight")
                    tab.set_viewport_size({"width": width, "height": height})
                target = OUT / f"home-{width}.png"
                tab.screenshot(path=str(target), full_page=True)
                tab.close()
                print(target.relative_to(ROOT))


if __name__ == "__main__":
    main()
