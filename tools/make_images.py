"""Draw the share image (1200x630) and the touch icon (180x180) with headless Chromium.

Run by hand when the title or the colours change; the PNGs are committed in assets/.
    python tools/make_images.py
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from sitegen.core.project import Project  # noqa: E402
from sitegen.source.site import load_site  # noqa: E402

from browser import chromium  # noqa: E402

SHIELD = (ROOT / "assets" / "favicon.svg").read_text(encoding="utf-8")

SHARE = """<!doctype html><html lang="ja"><meta charset="utf-8"><style>
body{{margin:0;width:1200px;height:630px;display:flex;flex-direction:column;justify-content:center;
gap:36px;padding:0 96px;box-sizing:border-box;background:{colour};color:#fff;
font-family:"Noto Sans CJK JP","Noto Sans JP",sans-serif}}
svg{{width:120px;height:120px}} svg path:first-child{{fill:#fff}} svg path:last-child{{fill:{colour}}}
h1{{margin:0;font-size:64px;line-height:1.35;letter-spacing:.02em}}
p{{margin:0;font-size:32px;opacity:.92}}</style>
<body>{shield}<h1>{title}</h1><p>{name}</p></body></html>"""

ICON = """<!doctype html><html><style>
body{{margin:0;width:180px;height:180px;display:grid;place-items:center;background:{colour}}}
svg{{width:124px;height:124px}} svg path:first-child{{fill:#fff}} svg path:last-child{{fill:{colour}}}
</style><body>{shield}</body></html>"""


def main() -> None:
    site = load_site(Project(ROOT))
    colour = site.settings["theme_color"]
    title = html.escape(site.settings["share_image_alt"]).replace("「", "<br>「", 1)
    pages = {
        "share.png": (
            SHARE.format(
                colour=colour, shield=SHIELD, title=title, name=html.escape(site.settings["name"])
            ),
            1200,
            630,
        ),
        "apple-touch-icon.png": (ICON.format(colour=colour, shield=SHIELD), 180, 180),
    }
    with chromium() as browser:
        for name, (document, width, height) in pages.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            page.set_content(document)
            page.screenshot(path=str(ROOT / "assets" / name))
            page.close()
            print("wrote", ROOT / "assets" / name)


if __name__ == "__main__":
    main()
