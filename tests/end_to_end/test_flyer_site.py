"""The shipped site, built end to end and read as a visitor's browser parses it."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import FLYER, soup

BOLD_PHRASES = [
    "「サイバーリスク保険」",
    "不正なプログラム(マルウェア)に感染していることが判明",
    "約10万人分の個人情報",
    "プライバシーの侵害を理由に損害賠償請求訴訟を提起",
    "サイバーリスク保険",
    "“まとめて”補償",
    "03-6380-4771",
    "03-6893-6500",
    "0120-961-069",
    "03-3515-4143",
]
APPROVAL = "1760-ER04-14027-202310"


INLINE = ["a", "strong", "em", "b", "i", "span", "sup", "sub", "abbr", "small", "wbr"]


def visible_text(page: BeautifulSoup) -> str:
    """The page's text with white space folded: inline tags joined, blocks spaced."""
    page = BeautifulSoup(str(page), "html5lib")
    for tag in page.find_all(INLINE):
        tag.unwrap()
    page.smooth()
    return re.sub(r"\s+", " ", page.body.get_text(" "))


def seed_fragments() -> list[str]:
    """Every piece of the flyer's text, as the flyer prints it."""
    text = FLYER.read_text(encoding="utf-8")
    # The flyer's own marks: bold, a link, a superscript, list bullets, and the card separator.
    text = text.replace("**", "").replace("<", "").replace(">", "").replace("^(*)", "(*)")
    fragments = []
    for line in text.splitlines():
        line = re.sub(r"^- ", "", line.strip())
        for piece in re.split(r"\t| ● ", line):
            fragments += [f for f in piece.split(" ") if f]
    return fragments


# Where the site writes the flyer's words the way Japanese typesetting and the web want them.
TYPESET = {"~": "〜"}
LABELS_WITH_COLON = {"TEL:", "FAX:", "URL:"}


def test_every_word_of_the_flyer_is_on_the_home_page(home: BeautifulSoup) -> None:
    text = visible_text(home)
    missing = []
    for fragment in seed_fragments():
        if fragment in LABELS_WITH_COLON:
            fragment = fragment[:-1]
        for printed, typeset in TYPESET.items():
            fragment = fragment.replace(printed, typeset)
        if fragment not in text:
            missing.append(fragment)
    assert not missing, missing


def test_sections_in_the_flyers_order(home: BeautifulSoup) -> None:
    text = visible_text(home)
    order = [
        "強固なセキュリティを構築しても、",
        "1契約で包括的に補償",
        "サイバー攻撃への備えは大丈夫ですか？",
        "サイバー攻撃による主な被害",
        "警察のセンサー(*)に対する不正アクセス件数(1日あたり)",
        "たとえばこんな事故が…",
        "事故例",
        "支出",
        "合計",
        "なら“まとめて”補償できます!",
        "補償を一本化!",
        "このご案内書は、",
        "【協会事務局】",
        "【引受保険会社】",
        APPROVAL,
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)


def test_one_h1_and_headings_in_order(home: BeautifulSoup) -> None:
    assert len(home.find_all("h1")) == 1
    levels = [int(h.name[1]) for h in home.find_all(re.compile(r"^h[1-6]$"))]
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_bold_phrases_are_strong(home: BeautifulSoup) -> None:
    strong = {s.get_text() for s in home.find_all("strong")}
    for phrase in BOLD_PHRASES:
        assert phrase in strong, phrase


def test_four_damage_cards_with_their_attacks(home: BeautifulSoup) -> None:
    cards = home.select(".cards > li")
    assert [c.h4.get_text() for c in cards] == [
        "マルウェア感染",
        "ウェブサイトの改ざん",
        "個人情報・法人情報の窃盗",
        "業務妨害",
    ]
    assert [c.select_one(".card-attack").get_text() for c in cards] == [
        "標的型メール攻撃",
        "不正アクセス",
        "なりすまし",
        "DoS攻撃",
    ]


def test_cost_table_items_and_computed_total(home: BeautifulSoup) -> None:
    rows = home.select("table.costs tbody tr")
    amounts = [r.td.get_text() for r in rows]
    assert amounts == [
        "100万円",
        "1,100万円",
        "200万円",
        "5,000万円",
        "500万円",
        "1億円",
        "300万円",
    ]
    assert rows[3].th.get_text() == "見舞金支払い(1名500円)"
    total = home.select_one("table.costs tfoot tr")
    assert total.th.get_text() == "合計" and total.td.get_text() == "1億7,200万円"


def test_four_kinds_of_cover_the_fourth_an_option(home: BeautifulSoup) -> None:
    kinds = [k.h3.get_text() for k in home.select(".kinds > li")]
    assert kinds == [
        "損害賠償責任リスク",
        "危機管理対応リスク",
        "情報漏えいリスク",
        "事業中断リスク(オプション)",
    ]


def test_chart_is_inline_svg_with_values_eras_and_a_table(home: BeautifulSoup) -> None:
    figure = home.select_one("figure.chart")
    svg = figure.find("svg")
    assert len(svg.find_all("rect")) == 5
    values = [t.get_text() for t in svg.select(".chart-value")]
    assert values == ["2,752.8", "4,192.0", "6,506.0", "7,335.0", "7,707.9"]
    eras = [t.get_text() for t in svg.select(".chart-era")]
    assert eras == ["平成30年", "令和元年", "令和2年", "令和3年", "令和4年"]
    assert svg.select_one(".chart-western").get_text() == "(2018年)"
    widths = [float(r["width"]) for r in svg.find_all("rect")]
    assert widths == sorted(widths) and widths[-1] > 0
    assert widths[0] / widths[-1] == pytest.approx(2752.8 / 7707.9, rel=0.01)
    table_rows = [tr.get_text(" ", strip=True) for tr in figure.select("table tbody tr")]
    assert table_rows[1] == "令和元年(2019年) 4,192.0"
    assert figure.figcaption.get_text() == "警察のセンサー(*)に対する不正アクセス件数(1日あたり)"
    assert "出典) 警視庁" in figure.get_text()
    assert [s["type"] for s in home.find_all("script")] == ["application/ld+json"]
    assert not home.find_all("img")


def test_phone_numbers_are_international_tap_to_call_links_and_fax_is_not(
    home: BeautifulSoup,
) -> None:
    links = {a["href"]: a.get_text() for a in home.select('a[href^="tel:"]')}
    assert links == {"tel:+81-3-6380-4771": "03-6380-4771", "tel:+81-3-3515-4143": "03-3515-4143"}
    assert not home.select('a[href*="6893-6500"]') and not home.select('a[href*="961-069"]')


def test_hours_and_web_address(home: BeautifulSoup) -> None:
    text = visible_text(home)
    assert "(平日: 10:00〜16:00)" in text and "(9:00〜17:00)" in text
    assert home.select_one('a[href="https://biyouiryou.jp"]').get_text() == "https://biyouiryou.jp"


def test_every_page_carries_the_approval_number_and_disclaimer(shipped: Path) -> None:
    pages = sorted(shipped.rglob("*.html"))
    assert len(pages) >= 2
    for path in pages:
        text = visible_text(soup(path))
        assert APPROVAL in text, path
        assert "このご案内書は、サイバーリスク保険の概要をご紹介しますもので" in text, path


def test_japanese_document_basics(shipped: Path) -> None:
    for path in shipped.rglob("*.html"):
        page = soup(path)
        assert page.html["lang"] == "ja"
        assert page.find("meta", charset=True)["charset"] == "utf-8"
        assert page.title.get_text().strip()
        assert page.find("meta", attrs={"name": "viewport"})


def test_assets_are_hashed_and_referenced_by_those_names(
    shipped: Path, home: BeautifulSoup
) -> None:
    # The stylesheet is inside the page (one round trip); its file is published too.
    assert "--navy:" in home.find("style").string
    assert list(shipped.glob("assets/css/site.*.css"))
    assert not (shipped / "assets/css/site.css").exists()
    for rel in ("icon", "apple-touch-icon"):
        icon = home.find("link", rel=rel)["href"]
        assert re.fullmatch(r"/assets/[\w-]+\.[0-9a-f]{10}\.(svg|png)", icon)
        assert (shipped / icon.lstrip("/")).is_file()


def test_404_sitemap_and_robots(shipped: Path) -> None:
    assert (shipped / "404.html").is_file()
    sitemap = (shipped / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert locs == ["https://biyouiryou.jp/"]
    robots = (shipped / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://biyouiryou.jp/sitemap.xml" in robots


def test_404_page_uses_absolute_asset_paths(shipped: Path) -> None:
    page = soup(shipped / "404.html")
    assert page.find("link", rel="icon")["href"].startswith("/assets/")
    assert page.find("meta", attrs={"name": "robots"}) is None  # hosts send it with status 404


def test_no_third_party_requests(shipped: Path) -> None:
    for path in shipped.rglob("*.html"):
        page = soup(path)
        for tag in page.find_all(["link", "script", "img", "iframe", "source", "style"]):
            if tag.get("rel") == ["canonical"]:
                continue  # names the page's own address; nothing is fetched
            ref = tag.get("href") or tag.get("src") or ""
            assert not ref.startswith(("http:", "https:", "//")), (path, ref)


def test_pages_parse_without_html_errors(shipped: Path) -> None:
    import html5lib

    for path in shipped.rglob("*.html"):
        parser = html5lib.HTMLParser(strict=False)
        parser.parse(path.read_bytes())
        assert parser.errors == [], (path, parser.errors[:3])


def test_top_page_fits_one_round_trip(shipped: Path) -> None:
    import gzip

    html = (shipped / "index.html").read_bytes()
    assert len(gzip.compress(html, 9)) <= 14 * 1024
