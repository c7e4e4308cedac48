"""Any Markdown file becomes a page: a second site proves the mechanism."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, FLYER_SITE, copy_project, run_build, soup


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The extra-pages fixture with the flyer site's templates and assets under its own."""
    root = tmp_path_factory.mktemp("extra") / "site"
    copy_project(FLYER_SITE, root)
    shutil.rmtree(root / "content")
    shutil.copytree(FIXTURES / "extra-pages" / "content", root / "content")
    # The flyer site's settings and contacts, renamed and moved to a subfolder.
    settings = (FLYER_SITE / "content" / "site.yml").read_text(encoding="utf-8")
    settings = settings.replace(
        "name: 一般社団法人 日本美容医療リスクマネジメント協会", "name: テスト協会"
    )
    settings = settings.replace("url: https://biyouiryou.jp/", "url: https://example.jp/cyber/")
    (root / "content" / "site.yml").write_text(settings, encoding="utf-8")
    contacts = Path("content") / "sections" / "contacts"
    shutil.copytree(FLYER_SITE / contacts, root / contacts)
    # This site has no home page sections: its models define none but the contacts.
    for model in (root / "models").glob("*/*.yml"):
        if model.stem != "contacts":
            model.unlink()
    shutil.copytree(FIXTURES / "extra-pages" / "templates", root / "templates", dirs_exist_ok=True)
    result = run_build(root)
    assert result.code == 0, result.err
    assert "4 ページ" in result.out
    return root / "dist"


def test_pretty_urls_for_every_markdown_file(built: Path) -> None:
    for output in ("index.html", "about/index.html", "guide/index.html", "guide/faq/index.html"):
        assert (built / output).is_file(), output


def test_drafts_and_data_are_not_pages(built: Path) -> None:
    assert not (built / "_draft").exists() and not (built / "data").exists()
    assert "下書き" not in " ".join(p.read_text(encoding="utf-8") for p in built.rglob("*.html"))


def test_default_template_renders_markdown(built: Path) -> None:
    page = soup(built / "about" / "index.html")
    assert page.h1.get_text() == "協会の概要"
    assert page.select_one("h2")["id"] == "沿革"
    assert page.find("table").find("td").get_text() == "2020"
    assert "当協会は美容医療のリスク管理を支援します。" in page.find("article").get_text()
    assert page.title.get_text().startswith("協会の概要")
    assert page.find("meta", attrs={"name": "description"})["content"] == "協会について"


def test_template_named_in_front_matter(built: Path) -> None:
    page = soup(built / "guide" / "faq" / "index.html")
    assert page.select_one('[data-template="notice"]') is not None


def test_subfolder_base_path_prefixes_every_link(built: Path) -> None:
    page = soup(built / "about" / "index.html")
    assert page.select_one(".site-name")["href"] == "/cyber/"
    for tag in page.find_all(["link", "a"]):
        href = tag.get("href", "")
        if href.startswith("/"):
            assert href.startswith("/cyber/"), href
    icon = page.find("link", rel="icon")["href"]
    assert re.fullmatch(r"/cyber/assets/favicon\.[0-9a-f]{10}\.svg", icon)
    assert page.find("link", rel="canonical")["href"] == "https://example.jp/cyber/about/"


def test_sitemap_lists_pages_under_the_subfolder(built: Path) -> None:
    locs = re.findall(r"<loc>(.*?)</loc>", (built / "sitemap.xml").read_text(encoding="utf-8"))
    assert locs == [
        "https://example.jp/cyber/",
        "https://example.jp/cyber/about/",
        "https://example.jp/cyber/guide/",
        "https://example.jp/cyber/guide/faq/",
    ]
