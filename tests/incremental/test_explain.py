"""`python build.py --explain TARGET`: what an output read, and what changed since (issue 26)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_page_cache import append, growing_site

from conftest import run_build

SAME, CHANGED = "同じ", "変わりました"
REUSED = "前回のページをそのまま使います"
REBUILT = "次に作るときにこのページを作り直します"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = growing_site(tmp_path / "site")
    assert run_build(root).code == 0
    return root


def _line(output: str, label: str) -> str:
    """The line of the answer that names label."""
    found = [line for line in output.splitlines() if label in line]
    assert found, output
    return found[0]


def test_a_page_with_nothing_changed_is_reused_and_says_what_it_read(site: Path) -> None:
    for target in (
        "content/about.md",
        "about/index.html",
        "dist/about/index.html",
        "/cyber/about/",
    ):
        result = run_build(site, "--explain", target)
        assert result.code == 0, result.err
        assert "content/about.md から作るページ about/index.html" in result.out
        assert _line(result.out, "templates/page.html").endswith(SAME)
        assert _line(result.out, "サイト設定 content/site.yml").endswith(SAME)
        assert REUSED in result.out
    # A relative link of the body is recorded with the page it led to.
    assert "本文のリンク先「guide/faq.md」" in result.out
    # The top page reads the latest news; the about page does not.
    assert "最新のお知らせ" not in result.out
    assert "最新のお知らせ" in run_build(site, "--explain", "content/index.md").out


def test_it_names_what_changed(site: Path) -> None:
    append(site / "templates" / "partials" / "news_list.html", "<!-- 変更 -->\n")
    append(site / "content" / "about.md", "\n追記です。\n")

    home = run_build(site, "--explain", "/cyber/").out
    about = run_build(site, "--explain", "content/about.md").out

    assert _line(home, "templates/partials/news_list.html").endswith(CHANGED)
    assert REBUILT in home
    assert _line(about, "このページのファイル content/about.md").endswith(CHANGED)
    assert "news_list.html" not in about  # the about page never loaded it
    assert run_build(site).code == 0
    assert REUSED in run_build(site, "--explain", "/cyber/").out


def test_a_page_never_built_has_no_record(tmp_path: Path) -> None:
    root = growing_site(tmp_path / "site")
    result = run_build(root, "--explain", "content/about.md")
    assert result.code == 0
    assert "前回の作成の記録がありません" in result.out


def test_a_site_file_and_an_image(site: Path) -> None:
    sitemap = run_build(site, "--explain", "sitemap.xml")
    assert "sitemap.xml は毎回作ります" in sitemap.out
    assert "公開するすべてのページ" in sitemap.out

    image = run_build(site, "--explain", "content/guide/photo.jpg")
    assert image.code == 0
    assert "画像 content/guide/photo.jpg(480×320)から作る WEBP" in image.out
    assert "使い回します" in image.out
    variant = next((site / "dist" / "assets" / "guide").glob("photo-*.webp"))
    one = run_build(site, "--explain", variant.relative_to(site / "dist").as_posix())
    assert "画像 content/guide/photo.jpg" in one.out


def test_something_that_is_not_of_the_site(site: Path) -> None:
    result = run_build(site, "--explain", "/nowhere/")
    assert result.code == 1
    assert "E020" in result.err and "「/nowhere/」" in result.err
    assert "Traceback" not in result.err
