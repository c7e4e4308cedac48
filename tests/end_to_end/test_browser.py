"""The flyer fixture site in a real headless Chromium: phone and desktop widths, print."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from browser import chromium, static_server
from conftest import FLYER_SITE, copy_project, run_build

WIDTHS = [320, 375, 1280]
# Screenshots for a person to look at (an issue's note), only where one asks for them:
# `SCREENSHOT_DIR=folder`. A test run leaves no file behind.
SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")


@pytest.fixture(scope="module")
def browser():
    with chromium() as instance:
        yield instance


@pytest.fixture(scope="module")
def site_url(shipped: Path):
    with static_server(shipped) as url:
        yield url


@pytest.mark.parametrize("width", WIDTHS)
def test_page_fits_the_screen_and_is_styled(browser, site_url: str, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(site_url + "/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"horizontal scroll of {overflow}px at {width}px"
    body = page.evaluate(
        "(() => { const s = getComputedStyle(document.body);"
        " return {font: s.fontFamily, size: parseFloat(s.fontSize), line: parseFloat(s.lineHeight)}; })()"
    )
    assert "Hiragino Sans" in body["font"] and "Noto Sans JP" in body["font"]
    assert 1.7 <= body["line"] / body["size"] <= 1.8
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"home-{width}.png"), full_page=True)
    page.close()


# Tall enough to hold the whole page, so that sections laid out only near the screen
# (content-visibility: auto) are measured too.
WHOLE_PAGE = 8000


def test_touch_targets_are_at_least_44px(browser, site_url: str) -> None:
    page = browser.new_page(viewport={"width": 375, "height": WHOLE_PAGE})
    page.goto(site_url + "/")
    sizes = page.evaluate(
        "[...document.querySelectorAll('a:not(.skip-link)')].map(a => {"
        " const r = a.getBoundingClientRect(); return [a.textContent.trim(), r.width, r.height]; })"
    )
    assert sizes
    for text, width, height in sizes:
        assert height >= 44 and width >= 44, (text, width, height)
    page.close()


def test_text_contrast_is_at_least_4_5_to_1(browser, site_url: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": WHOLE_PAGE})
    page.goto(site_url + "/")
    checked, worst = page.evaluate(CONTRAST_SCRIPT)
    assert checked > 100  # every text node of the page, the footer's included
    assert worst["ratio"] >= 4.5, worst
    page.close()


def test_keyboard_focus_is_visible_and_skip_link_works(browser, site_url: str) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 900})
    page.goto(site_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "(() => { const e = document.activeElement, s = getComputedStyle(e), r = e.getBoundingClientRect();"
        " return {cls: e.className, outline: s.outlineStyle, width: parseFloat(s.outlineWidth), top: r.top}; })()"
    )
    assert focused["cls"] == "skip-link"
    assert focused["outline"] != "none" and focused["width"] >= 2
    assert focused["top"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    page.close()


def test_site_works_from_a_subfolder(browser, tmp_path: Path) -> None:
    root = copy_project(FLYER_SITE, tmp_path / "site")
    settings = root / "content" / "site.yml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace("url: https://biyouiryou.jp/", "url: https://example.jp/cyber/")
    )
    assert run_build(root, "--out", str(tmp_path / "host" / "cyber")).code == 0
    shutil.copy(tmp_path / "host" / "cyber" / "404.html", tmp_path / "host" / "404.html")
    with static_server(tmp_path / "host") as url:
        page = browser.new_page()
        failed: list[str] = []
        page.on("requestfailed", lambda request: failed.append(request.url))
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
        page.goto(url + "/cyber/")
        assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith(
            '"Noto Sans JP"'
        )
        assert failed == []
        page.close()


# The lowest contrast ratio between any text and the background it is painted on.
CONTRAST_SCRIPT = """
(() => {
  const parse = c => { const m = c.match(/[\\d.]+/g).map(Number); return m.length > 3 ? m : [...m, 1]; };
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = el => {
    for (; el; el = el.parentElement) {
      const s = getComputedStyle(el);
      if (s.backgroundImage !== 'none' && s.backgroundImage.includes('gradient')) {
        const stops = s.backgroundImage.match(/rgba?\\([^)]*\\)/g).map(parse).filter(c => c[3] > 0);
        if (stops.length)
        return stops.reduce((a, b) => lum(a) < lum(b) ? a : b);
      }
      const c = parse(s.backgroundColor);
      if (c[3] > 0) return c;
    }
    return [255, 255, 255, 1];
  };
  let worst = {ratio: 21}, checked = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || el.closest('.visually-hidden, svg')) continue;
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden' || el.getBoundingClientRect().width === 0) continue;
    checked++;
    const a = lum(parse(s.color)), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < worst.ratio) worst = {ratio, text: node.textContent.trim().slice(0, 30), color: s.color};
  }
  return [checked, worst];
})()
"""


def test_print_is_at_most_two_a4_pages(browser, site_url: str) -> None:
    # As Chromium prints: the paper size is the one the site's print style asks for.
    page = browser.new_page()
    page.goto(site_url + "/")
    data = page.pdf(prefer_css_page_size=True, display_header_footer=False)
    page.close()
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    assert 1 <= pages <= 2
    # A4 is 595 x 842 points.
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)", data)
    assert box and abs(float(box[1]) - 595) < 2 and abs(float(box[2]) - 842) < 2
