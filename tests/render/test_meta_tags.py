"""The head of every page: title, description, canonical address, share tags and icons."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import soup


def _meta(page: BeautifulSoup, key: str) -> str:
    tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    assert tag is not None, key
    return tag["content"]


def test_title_description_canonical_and_share_tags(shipped: Path, home: BeautifulSoup) -> None:
    assert (
        home.title.get_text()
        == "1契約で包括的に補償「サイバーリスク保険」のご案内｜一般社団法人 日本美容医療リスクマネジメント協会"
    )
    assert _meta(home, "description").startswith("強固なセキュリティを構築しても")
    assert home.find("link", rel="canonical")["href"] == "https://biyouiryou.jp/"
    assert _meta(home, "og:locale") == "ja_JP"
    assert _meta(home, "og:type") == "website"
    assert _meta(home, "og:url") == "https://biyouiryou.jp/"
    assert _meta(home, "og:title") == "1契約で包括的に補償「サイバーリスク保険」のご案内"
    assert _meta(home, "twitter:card") == "summary_large_image"
    image = _meta(home, "og:image")
    assert image == _meta(home, "twitter:image")
    assert re.fullmatch(r"https://biyouiryou\.jp/assets/share\.[0-9a-f]{10}\.png", image)
    png = (shipped / image.removeprefix("https://biyouiryou.jp/")).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(png[16:20], "big") == 1200 and int.from_bytes(png[20:24], "big") == 630
    assert (_meta(home, "og:image:width"), _meta(home, "og:image:height")) == ("1200", "630")
    assert _meta(home, "theme-color") == "#12355b"
    touch = (shipped / home.find("link", rel="apple-touch-icon")["href"].lstrip("/")).read_bytes()
    assert int.from_bytes(touch[16:20], "big") == 180
    assert home.find("link", rel="icon")["type"] == "image/svg+xml"


def test_every_page_has_its_own_title_and_a_description(shipped: Path) -> None:
    titles = set()
    for path in shipped.rglob("*.html"):
        page = soup(path)
        titles.add(page.title.get_text())
        assert _meta(page, "description")
    assert len(titles) == len(list(shipped.rglob("*.html")))
