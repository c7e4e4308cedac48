"""The growing test site in headless Chromium at 320, 375 and 1280 px (issue 14, items 6, 8):
the menu by keyboard and by touch, no sideways scroll, visible focus, the site name never
broken inside a word, and the ways to inquire on the first screen."""

from __future__ import annotations

import shutil

import pytest

from browser import chromium, static_server
from conftest import ROOT, copy_project, run_build

GROWING = ROOT / "tests" / "sites" / "growing"
WIDTHS = [320, 375, 1280]
PHONES = [320, 375]
PAGES = ["", "about/", "guide/faq/", "news/", "news/2026-11-20-renewal/"]
# Phones' first screens: iPhone SE (1st) and iPhone 8.
HEIGHTS = {320: 568, 375: 667, 1280: 800}


@pytest.fixture(scope="module")
def browser():
    with chromium() as instance:
        yield instance


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory):
    """The site served where its address says: under /cyber/."""
    work = tmp_path_factory.mktemp("growing-browser")
    root = copy_project(GROWING, work / "site")
    host = work / "host"
    result = run_build(root, "--out", str(host / "cyber"))
    assert result.code == 0, result.err
    shutil.copy(host / "cyber" / "404.html", host / "404.html")
    with static_server(host) as url:
        yield url + "/cyber/"


def _open(browser, url: str, width: int, touch: bool = False):
    context = browser.new_context(
        viewport={"width": width, "height": HEIGHTS[width]}, has_touch=touch, is_mobile=touch
    )
    page = context.new_page()
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(url)
    assert failed == []
    return context, page


def _focused(page) -> dict:
    return page.evaluate(
        "(() => { const e = document.activeElement, s = getComputedStyle(e),"
        " r = e.getBoundingClientRect();"
        " return {tag: e.tagName, text: e.textContent.trim(), href: e.getAttribute('href'),"
        " outline: s.outlineStyle, width: parseFloat(s.outlineWidth),"
        " visible: r.width > 0 && r.height > 0}; })()"
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_no_sideways_scroll(browser, site_url: str, width: int, path: str) -> None:
    context, page = _open(browser, site_url + path, width)
    if width in PHONES:
        page.click("details.menu-drawer summary")  # the open menu must fit too
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
    context.close()


def _tab_to(page, predicate, limit: int = 20) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if predicate(focused):
            return focused
    raise AssertionError("never reached by Tab")


@pytest.mark.parametrize("width", PHONES)
def test_phone_menu_by_keyboard(browser, site_url: str, width: int) -> None:
    context, page = _open(browser, site_url + "about/", width)
    assert not page.is_visible(".menu-bar")
    summary = _tab_to(page, lambda f: f["tag"] == "SUMMARY")
    assert summary["text"] == "メニュー"
    assert summary["outline"] != "none" and summary["width"] >= 2
    assert not page.is_visible(".menu-drawer a")
    page.keyboard.press("Enter")
    assert page.is_visible(".menu-drawer a[aria-current='page']")
    entries = []
    for _ in range(4):
        page.keyboard.press("Tab")
        focused = _focused(page)
        assert focused["visible"] and focused["outline"] != "none" and focused["width"] >= 2
        entries.append(focused["text"])
    assert entries == ["トップ", "協会の概要", "ご案内", "お知らせ"]
    page.keyboard.press("Enter")  # on お知らせ
    page.wait_for_url("**/cyber/news/")
    context.close()


@pytest.mark.parametrize("width", PHONES)
def test_phone_menu_by_touch(browser, site_url: str, width: int) -> None:
    context, page = _open(browser, site_url, width, touch=True)
    page.tap("details.menu-drawer summary")
    links = page.locator(".menu-drawer a")
    for index in range(links.count()):
        box = links.nth(index).bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, box
    page.tap(".menu-drawer a[href='/cyber/guide/']")
    page.wait_for_url("**/cyber/guide/")
    context.close()


def test_desktop_menu_by_keyboard(browser, site_url: str) -> None:
    context, page = _open(browser, site_url + "guide/faq/", 1280)
    assert page.is_visible(".menu-bar") and not page.is_visible(".menu-drawer")
    focused = _tab_to(page, lambda f: f["text"] == "ご案内" and f["href"] == "/cyber/guide/")
    assert focused["outline"] != "none" and focused["width"] >= 2
    page.keyboard.press("Enter")
    page.wait_for_url("**/cyber/guide/")
    current = page.locator(".menu-bar a[aria-current='page']")
    assert current.inner_text() == "ご案内"
    context.close()


# The text of each line box the element's text is laid out in.
LINES = """
el => {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const lines = [];
  let top = null;
  while (walker.nextNode()) {
    const node = walker.currentNode;
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rects = range.getClientRects();
      if (!rects.length) continue;
      const y = Math.round(rects[0].top);
      if (top === null || Math.abs(y - top) > 4) { lines.push(''); top = y; }
      lines[lines.length - 1] += node.data[i];
    }
  }
  return lines.map(l => l.trim()).filter(l => l);
}
"""


@pytest.mark.parametrize("width", [320, 360, 375, 390, 414, 768, 1280])
def test_site_name_breaks_only_between_words(browser, site_url: str, width: int) -> None:
    HEIGHTS.setdefault(width, 800)
    context, page = _open(browser, site_url, width)
    lines = page.locator(".site-name").evaluate(LINES)
    words = {"一般社団法人", "日本美容医療リスクマネジメント協会"}
    assert lines == ["一般社団法人 日本美容医療リスクマネジメント協会"] or set(lines) <= words, (
        lines
    )
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_first_screen_offers_a_call_and_the_contacts(browser, site_url: str, width: int) -> None:
    context, page = _open(browser, site_url, width, touch=width in PHONES)
    height = page.evaluate("window.innerHeight")
    for selector in ("a.call", "a.to-contacts"):
        box = page.locator(selector).bounding_box()
        assert box["y"] + box["height"] <= height, (selector, box, height)
        assert box["height"] >= 44
    assert page.get_attribute("a.call", "href").startswith("tel:+81")
    page.click("a.to-contacts")
    assert page.evaluate("location.hash") == "#contacts"
    assert page.evaluate("document.getElementById('contacts').getBoundingClientRect().top") < height
    context.close()
