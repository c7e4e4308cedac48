"""What an editor is told about links, drafts, dates, news and aliases (issue 14)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from sitegen.core.project import Project
from sitegen.pipeline import Builder
from sitegen.source.dates import today
from sitegen.source.site import load_site

from conftest import ROOT, copy_project, run_inline, soup

GROWING = ROOT / "tests" / "sites" / "growing"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_project(GROWING, tmp_path / "site")


def _write(root: Path, relative: str, text: str) -> None:
    path = root / "content" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _page(title: str, body: str, **fields: str) -> str:
    front = "".join(f"{name}: {value}\n" for name, value in fields.items())
    return f"---\ntitle: {title}\n{front}---\n\n# {title}\n\n{body}\n"


def test_a_missing_page_file_names_the_file_it_looked_for(site: Path) -> None:
    _write(site, "guide/more.md", _page("追加", "前置き\n\n[質問](../guide/nothing.md#見出し)"))
    result = run_inline(site, "check")
    assert result.code == 1
    assert "content/guide/more.md:9:6: E606" in result.out
    assert "リンク先のファイル content/guide/nothing.md がありません" in result.out


def test_a_missing_image_names_the_asset_it_looked_for(site: Path) -> None:
    _write(site, "photo.md", _page("写真", "![事務所](office.jpg)"))
    result = run_inline(site, "check")
    assert "content/photo.md:7:6: E801" in result.out
    # Where it looked: beside the page, then in assets/.
    assert "content/office.jpg、assets/office.jpg を探しました" in result.out


def test_a_published_page_linking_to_a_draft_is_an_error(site: Path) -> None:
    _write(site, "guide/wip.md", _page("準備中", "準備中です。", draft="true"))
    _write(site, "guide/link.md", _page("リンク", "[準備中](wip.md)"))
    result = run_inline(site)
    assert result.code == 1
    assert "content/guide/link.md:7:7: E607" in result.err
    # A draft may link to a draft.
    (site / "content" / "guide" / "link.md").unlink()
    _write(site, "_notes.md", _page("メモ", "[準備中](guide/wip.md)"))
    assert run_inline(site).code == 0


def test_check_reads_drafts_too(site: Path) -> None:
    _write(site, "_wip.md", _page("下書き", "本文", colour="red"))
    result = run_inline(site, "check")
    assert result.code == 1
    assert "content/_wip.md:3:1: E203" in result.out


def test_a_date_more_than_a_year_ahead_is_a_typo(site: Path) -> None:
    _write(site, "news/typo.md", _page("誤り", "本文", date='"2206-11-27"'))
    result = run_inline(site, "check")
    assert "content/news/typo.md:3:1: E610" in result.out
    assert "日付「2206-11-27」は 1 年以上先です" in result.out


def test_a_news_page_needs_a_date(site: Path) -> None:
    _write(site, "news/undated.md", _page("日付なし", "本文"))
    result = run_inline(site, "check")
    assert "content/news/undated.md:1: E611" in result.out


def test_an_unreached_page_is_a_note(site: Path) -> None:
    _write(site, "orphan.md", _page("孤立", "本文"))
    result = run_inline(site, "check")
    assert result.code == 0
    assert "content/orphan.md:1: W601" in result.out
    assert "ページ「/cyber/orphan/」は、どこからもリンクされていません" in result.out
    assert "content/about.md:1: W601" not in result.out


def test_an_alias_that_is_a_page_address_is_refused(site: Path) -> None:
    text = (site / "content" / "about.md").read_text(encoding="utf-8")
    text = text.replace("  - /about.html\n", "  - /guide/\n  - https://old.example.jp/\n")
    (site / "content" / "about.md").write_text(text, encoding="utf-8")
    result = run_inline(site, "check")
    assert "content/about.md:8:5: E609" in result.out
    assert "content/about.md:9:5: E608" in result.out


def _future(days: int) -> str:
    return (today() + datetime.timedelta(days=days)).isoformat()


def test_a_future_page_waits_for_its_day_and_shows_in_the_preview(
    site: Path, tmp_path: Path
) -> None:
    later = _future(5)
    _write(site, "news/later.md", _page("近日公開", "本文", date=f'"{later}"'))
    result = run_inline(site)
    assert result.code == 0, result.err
    dist = site / "dist"
    assert not (dist / "news" / "later").exists()
    assert "近日公開" not in (dist / "news" / "index.html").read_text(encoding="utf-8")
    assert "later" not in (dist / "sitemap.xml").read_text(encoding="utf-8")
    # On the day it is published: a build then includes it.
    project = Project(site)
    on_the_day = today() + datetime.timedelta(days=5)
    assert any(p.relative == "news/later.md" for p in load_site(project, today=on_the_day).pages)
    preview = Builder(project, tmp_path / "preview", preview=True)
    preview.build()
    page = soup(tmp_path / "preview" / "news" / "later" / "index.html")
    banner = page.select_one(".banner")
    assert banner.strong.get_text() == "公開予定"
    assert banner.time["datetime"] == later


def test_preview_shows_drafts_with_their_banner(site: Path, tmp_path: Path) -> None:
    preview = Builder(Project(site), tmp_path / "preview", preview=True)
    preview.build()
    page = soup(tmp_path / "preview" / "news" / "2026-12-draft" / "index.html")
    assert page.select_one(".banner strong").get_text() == "下書き"
    assert soup(tmp_path / "preview" / "about" / "index.html").select_one(".banner") is None


def test_era_dates_when_the_site_asks(site: Path) -> None:
    settings = site / "content" / "site.yml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "\nera_dates: true\n", encoding="utf-8"
    )
    assert run_inline(site).code == 0
    shown = soup(site / "dist" / "news" / "index.html").select_one(".news-list time")
    assert shown.get_text() == "令和8年11月20日"


def test_a_missing_address_is_named_at_the_line_the_editor_wrote_it(site: Path) -> None:
    _write(site, "guide/more.md", _page("追加", "[なし](/nothing/)"))
    result = run_inline(site, "check")
    assert "content/guide/more.md:7:6: E601" in result.out
    assert "リンク先のページ「/cyber/nothing/」がありません" in result.out


def test_a_menu_entry_that_leads_nowhere_is_named_in_site_yml(site: Path) -> None:
    settings = site / "content" / "site.yml"
    text = settings.read_text(encoding="utf-8")
    text = text.replace("link: about.md", "link: abuot.md").replace("link: /guide/", "link: /gide/")
    text = text.replace(
        "link: news/index.md",
        "link: news/index.md\n  - title: 外部\n    link: https://example.org/",
    )
    settings.write_text(text, encoding="utf-8")
    result = run_inline(site, "check")
    lines = [line for line in result.out.splitlines() if "content/site.yml" in line]
    assert len(lines) == 2, result.out
    assert ": E606 " in lines[0] and "content/abuot.md" in lines[0]
    assert ": E601 " in lines[1] and "/gide/" in lines[1]
