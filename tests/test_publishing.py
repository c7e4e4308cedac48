"""What search engines, social networks, hosts and printers get from the built pages."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from browser import CHROMIUM, CHROMIUM_ARGS, require_chromium, static_server
from conftest import ROOT, soup

CONTACTS = [
    yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
    for path in sorted((ROOT / "content" / "sections" / "contacts").glob("[!i]*.md"))
]
SETTINGS = yaml.safe_load((ROOT / "content" / "site.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def home(shipped: Path) -> BeautifulSoup:
    return soup(shipped / "index.html")


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


def test_json_ld_describes_the_association_from_the_contact_data(home: BeautifulSoup) -> None:
    data = json.loads(home.find("script", type="application/ld+json").string)
    office = CONTACTS[0]
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "InsuranceAgency"
    assert data["name"] == " ".join(office["name"])
    assert data["url"] == office["url"]
    address = data["address"]
    assert address["@type"] == "PostalAddress"
    assert address["postalCode"] == office["postal_code"]
    assert address["addressRegion"] + address["addressLocality"] + address["streetAddress"] == (
        "東京都千代田区麹町1-6-6 プルミエ麹町ビル7F"
    )
    assert address["addressCountry"] == "JP"
    point = data["contactPoint"]
    assert point["telephone"] == "+81-3-6380-4771" == data["telephone"]
    hours = point["hoursAvailable"]
    assert (hours["opens"], hours["closes"]) == ("10:00", "16:00")
    assert hours["dayOfWeek"][0] == "https://schema.org/Monday" and len(hours["dayOfWeek"]) == 5
    assert data["faxNumber"] == "+81-3-6893-6500"


def _csp(home: BeautifulSoup) -> str:
    return home.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]


def test_policy_allows_the_inline_style_by_its_hash_and_no_script(home: BeautifulSoup) -> None:
    policy = _csp(home)
    css = home.find("style").string
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode()
    assert f"'sha256-{digest}'" in policy
    assert "script-src 'none'" in policy and "unsafe-inline" not in policy
    assert "default-src 'none'" in policy


REQUIRED_HEADERS = [
    "Content-Security-Policy",
    "X-Content-Type-Options: nosniff",
    "Referrer-Policy",
    "Permissions-Policy",
]


def test_htaccess_for_apache_and_litespeed(shipped: Path, home: BeautifulSoup) -> None:
    text = (shipped / ".htaccess").read_text(encoding="utf-8")
    assert "ErrorDocument 404 /404.html" in text
    assert "mod_deflate" in text and "DEFLATE text/html" in text
    assert 'Header set Cache-Control "public, max-age=31536000, immutable"' in text
    assert "max-age=300" in text
    for name in (
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Permissions-Policy",
    ):
        assert f"Header always set {name}" in text
    assert "Strict-Transport-Security" not in text
    assert "unsafe-inline" not in text
    assert "frame-ancestors 'none'" in text
    style_hash = re.search(r"'sha256-[^']+'", _csp(home))[0]
    assert style_hash in text


def test_headers_file_for_netlify_and_cloudflare(shipped: Path) -> None:
    text = (shipped / "_headers").read_text(encoding="utf-8")
    blocks = dict(re.findall(r"^(/\S*)\n((?:  .+\n)+)", text, flags=re.M))
    assert set(blocks) == {"/*", "/assets/*", "/files/*"}
    for header in REQUIRED_HEADERS:
        assert header in blocks["/*"]
    assert "Cache-Control: public, max-age=31536000, immutable" in blocks["/assets/*"]
    # Downloads keep their names: cached for a day, then asked again.
    assert "Cache-Control: public, max-age=86400, must-revalidate" in blocks["/files/*"]


def test_hsts_only_when_the_setting_turns_it_on(project: Path) -> None:
    from conftest import run_build

    settings = project / "content" / "site.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("hsts: false", "hsts: true"))
    assert run_build(project).code == 0
    for name in (".htaccess", "_headers"):
        assert "Strict-Transport-Security" in (project / "dist" / name).read_text(encoding="utf-8")


def test_headings_and_lead_lines_break_between_phrases(home: BeautifulSoup) -> None:
    assert str(home.find("h2", id="damages")).count("<wbr/>") >= 2
    h1 = home.find("h1")
    assert (
        h1.find("wbr") is not None
        and h1.get_text() == "1契約で包括的に補償 「サイバーリスク保険」のご案内"
    )
    for line in home.select(".lead-line"):
        assert line.find("wbr") is not None
    # Body text is left to the browser: phrase breaks read worse in long paragraphs.
    assert home.select_one(".story").find("wbr") is None


def test_top_page_fits_one_round_trip(shipped: Path) -> None:
    import gzip

    html = (shipped / "index.html").read_bytes()
    assert len(gzip.compress(html, 9)) <= 14 * 1024


def test_print_is_at_most_two_a4_pages(shipped: Path) -> None:
    require_chromium()
    with static_server(shipped) as url, tempfile.TemporaryDirectory() as work:
        pdf = Path(work) / "page.pdf"
        subprocess.run(
            [
                CHROMIUM,
                *CHROMIUM_ARGS,
                f"--user-data-dir={work}/profile",
                "--no-pdf-header-footer",
                f"--print-to-pdf={pdf}",
                url + "/",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        data = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    assert 1 <= pages <= 2
    # A4 is 595 x 842 points.
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)", data)
    assert box and abs(float(box[1]) - 595) < 2 and abs(float(box[2]) - 842) < 2
