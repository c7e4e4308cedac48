"""A site that grows (issue 14): a menu, pages in folders linked as files, news, drafts, under
a subfolder base path. The test site is tests/sites/growing (url: https://example.jp/cyber/)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import ROOT, copy_project, run_build, soup

GROWING = ROOT / "tests" / "sites" / "growing"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(GROWING, tmp_path_factory.mktemp("growing") / "site")
    result = run_build(root)
    assert result.code == 0, result.err
    return root / "dist"


def _pages(dist: Path) -> list[Path]:
    return sorted(dist.rglob("*.html"))


def test_every_internal_link_resolves_under_the_base_path(dist: Path) -> None:
    checked = 0
    for path in _pages(dist):
        for element in soup(path).select("[href], [src]"):
            address = element.get("href") or element.get("src")
            parts = urlsplit(address)
            if parts.scheme or not parts.path:
                continue
            checked += 1
            assert parts.path.startswith("/cyber/"), (path, address)
            target = dist / unquote(parts.path).removeprefix("/cyber/")
            if target.is_dir() or not target.suffix:
                target = target / "index.html"
            assert target.is_file(), (path, address)
            assert not parts.path.endswith(".md"), (path, address)
    assert checked > 50


def test_links_written_as_files_become_page_addresses(dist: Path) -> None:
    about = soup(dist / "about" / "index.html")
    links = {a.get_text(): a["href"] for a in about.select("main a")}
    assert links["ご案内のよくある質問"] == "/cyber/guide/faq/#申し込みについて"
    assert links["お知らせ"] == "/cyber/news/"
    # An image written as a bare name of assets/ (share.png): a picture under the base path.
    image = about.select_one("main picture img")["src"]
    assert image.startswith("/cyber/assets/share")
    assert (dist / image.removeprefix("/cyber/")).is_file()
    webp = about.select_one("main picture source")["srcset"]
    assert all(s.split()[0].startswith("/cyber/assets/share") for s in webp.split(", "))
    faq = soup(dist / "guide" / "faq" / "index.html")
    links = {a.get_text(): a["href"] for a in faq.select("main a")}
    assert links["協会の概要"] == "/cyber/about/"  # written /about/
    assert links["トップページ"] == "/cyber/"  # written /
    assert links["トップページの「まとめて補償」"] == "/cyber/#coverage"  # ../index.md#coverage


def test_draft_is_absent_from_dist_sitemap_feed_and_lists(dist: Path) -> None:
    assert not (dist / "news" / "2026-12-draft").exists()
    everything = " ".join(p.read_text(encoding="utf-8") for p in dist.rglob("*.*ml"))
    assert "年末年始" not in everything and "2026-12-draft" not in everything
    locs = [e.text for e in ET.parse(dist / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")]
    assert "https://example.jp/cyber/news/2026-11-20-renewal/" in locs
    assert all("draft" not in loc for loc in locs)


def test_menu_marks_the_current_page_in_both_menus(dist: Path) -> None:
    page = soup(dist / "about" / "index.html")
    bar = page.select(".menu-bar a")
    drawer = page.select("details.menu-drawer nav a")
    assert [a.get_text() for a in bar] == ["トップ", "協会の概要", "ご案内", "お知らせ"]
    assert [a["href"] for a in drawer] == [
        "/cyber/",
        "/cyber/about/",
        "/cyber/guide/",
        "/cyber/news/",
    ]
    assert [a.get("aria-current") for a in bar] == [None, "page", None, None]
    assert [a.get("aria-current") for a in drawer] == [None, "page", None, None]
    assert page.select_one("details.menu-drawer summary").get_text() == "メニュー"


def test_breadcrumb_only_for_pages_in_folders(dist: Path) -> None:
    assert soup(dist / "about" / "index.html").select_one(".breadcrumb") is None
    crumbs = soup(dist / "guide" / "faq" / "index.html").select(".breadcrumb li a")
    assert [(a.get_text(), a["href"]) for a in crumbs] == [
        ("トップ", "/cyber/"),
        ("ご案内", "/cyber/guide/"),
        ("よくある質問", "/cyber/guide/faq/"),
    ]
    assert crumbs[-1]["aria-current"] == "page"


def test_news_list_newest_first_and_latest_on_top_page(dist: Path) -> None:
    items = soup(dist / "news" / "index.html").select(".news-list li")
    assert [li.time["datetime"] for li in items] == ["2026-11-20", "2026-11-01", "2026-10-01"]
    assert items[0].time.get_text() == "2026年11月20日"
    top = soup(dist / "index.html").select(".news .news-list a")
    assert [a.get_text() for a in top] == ["更新のご案内", "セミナーを開催します"]  # latest_news: 2


def test_atom_feed_is_valid_atom_1_0_with_absolute_addresses(dist: Path) -> None:
    feed = ET.parse(dist / "news" / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    # RFC 4287: a feed has id, title, updated and an author (or every entry has one).
    for name in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{name}") is not None, name
    self_link = feed.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link == "https://example.jp/cyber/news/feed.xml"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 3
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{name}").text, name
        link = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        assert link.startswith("https://example.jp/cyber/news/")
        assert entry.find(f"{ATOM}updated").text.endswith("+09:00")
    assert entries[0].find(f"{ATOM}updated").text == "2026-11-25T00:00:00+09:00"
    page = soup(dist / "news" / "index.html")
    alternate = page.find("link", attrs={"type": "application/atom+xml"})
    assert alternate["href"] == "/cyber/news/feed.xml"


def test_dates_in_sitemap_structured_data_and_page(dist: Path) -> None:
    sitemap = ET.parse(dist / "sitemap.xml").getroot()
    lastmod = {
        u.find(f"{SITEMAP}loc").text: getattr(u.find(f"{SITEMAP}lastmod"), "text", None)
        for u in sitemap
    }
    assert lastmod["https://example.jp/cyber/about/"] == "2026-11-02"  # updated:
    assert lastmod["https://example.jp/cyber/news/2026-10-01-site/"] == "2026-10-01"  # date:
    assert lastmod["https://example.jp/cyber/guide/"] is None
    import json

    page = soup(dist / "about" / "index.html")
    data = [json.loads(s.string) for s in page.select('script[type="application/ld+json"]')]
    dated = next(d for d in data if d.get("@type") == "WebPage")
    assert dated["datePublished"] == "2026-04-01T00:00:00+09:00"
    assert dated["dateModified"] == "2026-11-02T00:00:00+09:00"
    assert dated["url"] == "https://example.jp/cyber/about/"
    shown = page.select_one(".page-dates").get_text(" ", strip=True)
    assert "2026年4月1日" in shown and "2026年11月2日" in shown


def test_aliases_become_permanent_redirects(dist: Path) -> None:
    htaccess = (dist / ".htaccess").read_text(encoding="utf-8")
    assert 'RedirectMatch 301 "^/cyber/kyokai(/|/index\\.html)?$" "/cyber/about/"' in htaccess
    assert 'RedirectMatch 301 "^/cyber/about\\.html$" "/cyber/about/"' in htaccess
    redirects = (dist / "_redirects").read_text(encoding="utf-8").splitlines()
    assert "/cyber/kyokai/ /cyber/about/ 301" in redirects
    assert "/cyber/about.html /cyber/about/ 301" in redirects


def test_first_screen_calls_the_marked_main_number(dist: Path) -> None:
    hero = soup(dist / "index.html").select_one(".hero")
    call = hero.select_one("a.call")
    # The insurer is marked `main: true` in this site, though the association comes first.
    assert call["href"] == "tel:+81-3-3515-4143"
    assert hero.select_one("a.to-contacts")["href"] == "#contacts"


def test_without_a_menu_no_navigation_is_rendered(tmp_path: Path) -> None:
    root = copy_project(GROWING, tmp_path / "site")
    settings = root / "content" / "site.yml"
    text = settings.read_text(encoding="utf-8")
    start, end = text.index("menu:\n"), text.index("# トップページに載せるお知らせの数")
    settings.write_text(text[:start] + text[end:], encoding="utf-8")
    result = run_build(root)
    assert result.code == 0, result.err
    page = soup(root / "dist" / "about" / "index.html")
    assert page.select("header nav, header details") == []
    assert (
        page.select_one("header .site-name").get_text()
        == "一般社団法人 日本美容医療リスクマネジメント協会"
    )


def test_images_in_pages_carry_their_size(dist: Path) -> None:
    image = soup(dist / "about" / "index.html").select_one("main img")
    assert (image["width"], image["height"]) == ("1200", "630")
