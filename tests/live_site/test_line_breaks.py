"""Japanese text wraps between phrases on a phone (issue 30), checked in real Chromium.

Table cells, list items, news titles and the menu break only where the build put a `<wbr>`
between BudouX's phrases (or at a space or after 、。): never 「実施コ/ンサルティング」,
「202/0」, 「(1名500/円)」 or 「研/修会」. The live site's templates and stylesheet are
held to it with pages of the kinds editors add (news, a list, a table) in a copy.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from browser import chromium, static_server
from conftest import ROOT, copy_project, run_build

FLYER = ROOT / "tests" / "sites" / "flyer"
# A top-level `menu:` key and the indented lines (or comments) below it.
_TOP_LEVEL_MENU = re.compile(r"^menu:.*\n(?:(?:[ \t].*|#.*|)\n)*", re.MULTILINE)
CHECKS = Path(__file__).with_name("line_breaks.js").read_text(encoding="utf-8")
WRAPPING = "th, td, li, caption, dt, dd, .menu-list a, .news-list a, h1, h2, h3, h4, .lead-line"
SHORT_TEXT_RULES = ("li", "th", "td", ".menu-list a", ".news-list a")

NEWS = {
    "news/index.md": "---\ntitle: お知らせ\nlist: news\n---\n\n# お知らせ\n",
    "news/2026-11-20-training.md": (
        '---\ntitle: 情報セキュリティ研修会を会員向けに開催しました\ndate: "2026-11-20"\n---\n\n'
        "# 情報セキュリティ研修会を会員向けに開催しました\n\n本文。\n"
    ),
    "news/2026-11-01-renewal.md": (
        '---\ntitle: サイバーリスク保険の更新手続きのご案内\ndate: "2026-11-01"\n---\n\n'
        "# サイバーリスク保険の更新手続きのご案内\n\n本文。\n"
    ),
}
GUIDE = """---
title: 事故が起きたときの手順と費用の目安
---

# 事故が起きたときの手順と費用の目安

- 被害状況の把握と原因調査・証拠保全の実施
- 謝罪、記者会見等の実施コンサルティングを専門業者に依頼する
- 被害を受けたお客様への見舞金支払い(1名500円)

| 手順 | 費用の目安 |
| --- | --- |
| 原因調査・証拠保全の実施コンサルティング | 1,100万円 |
| 2020年度のサーバー再構築と監視体制の整備 | 2,000万円 |
"""
MENU = """
menu:
  - title: トップページ
    link: index.md
  - title: 事故が起きたときの手順と費用
    link: guide.md
  - title: 協会からのお知らせ
    link: news/index.md
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the live site with the pages editors add, built."""
    site = copy_project(ROOT, tmp_path_factory.mktemp("breaks") / "site")
    content = site / "content"
    # The costs table the assertions read comes from the frozen flyer, not from the words
    # editors may change in the live content; the templates and stylesheet are the live ones.
    incident = "sections/incident.md"
    shutil.copy(FLYER / "content" / incident, content / incident)
    for relative, text in {**NEWS, "guide.md": GUIDE}.items():
        (content / relative).parent.mkdir(parents=True, exist_ok=True)
        (content / relative).write_text(text, encoding="utf-8")
    settings = content / "site.yml"
    # A menu the editors gave the live site is replaced by the test's own (a second `menu:`
    # would be a duplicate key).
    text = _TOP_LEVEL_MENU.sub("", settings.read_text(encoding="utf-8"))
    settings.write_text(text + MENU, encoding="utf-8")
    result = run_build(site, "--out", str(site.parent / "dist"))
    assert result.code == 0, result.err
    return site.parent / "dist"


def _page(built: Path, relative: str) -> BeautifulSoup:
    return BeautifulSoup((built / relative).read_text(encoding="utf-8"), "html5lib")


def test_short_texts_carry_their_phrase_breaks_in_the_html(built: Path) -> None:
    home = _page(built, "index.html")
    costs = [th for th in home.select("table.costs tbody th")]
    assert costs and all(th.find("wbr") for th in costs if len(th.get_text()) > 8)
    unit = home.select_one("table.costs .unit")
    assert unit is not None and unit.find("wbr") is None  # 「(1名500円)」 stays whole
    guide = _page(built, "guide/index.html")
    assert all(li.find("wbr") for li in guide.select("main li"))
    assert all(td.find("wbr") for td in guide.select("main td") if "万円" not in td.get_text())
    assert not any(p.find("wbr") for p in guide.select("main p"))  # paragraphs: the browser's
    news = _page(built, "news/index.html")
    titles = news.select(".news-list a")
    assert titles and all(a.find("wbr") for a in titles)
    menu = home.select(".menu-list a")
    assert menu and all(a.find("wbr") for a in menu if len(a.get_text()) > 6)


def test_the_stylesheet_breaks_short_texts_only_at_those_phrases(built: Path) -> None:
    css = "\n".join(p.read_text(encoding="utf-8") for p in (built / "assets").rglob("*.css"))
    flat = " ".join(css.split())
    for selector in SHORT_TEXT_RULES:
        rule = next(
            (
                block
                for block in flat.split("}")
                if selector in block.split("{")[0].split(",")
                or f"{selector}," in block.split("{")[0]
                or f" {selector} " in f" {block.split('{')[0]} "
            ),
            "",
        )
        assert "word-break: keep-all" in rule, (selector, rule)
        assert "overflow-wrap: break-word" in rule, (selector, rule)


@pytest.mark.parametrize("width", [320, 375])
@pytest.mark.parametrize("page", ["index.html", "guide/index.html", "news/index.html"])
def test_each_line_breaks_between_phrases_in_chromium(built: Path, width: int, page: str) -> None:
    with chromium() as browser, static_server(built) as url:
        tab = browser.new_page(viewport={"width": width, "height": 800})
        tab.goto(f"{url}/{page}")
        tab.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        tab.evaluate("document.fonts.ready")
        inside_words = tab.evaluate(CHECKS, WRAPPING)
        wrapped = tab.evaluate(
            f"[...document.querySelectorAll('{WRAPPING}')].filter(e => +e.dataset.lines > 1).length"
        )
        tab.close()
    assert inside_words == [], inside_words
    assert wrapped > 0  # the check saw lines that wrap
