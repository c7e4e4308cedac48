"""GitHub habits through the whole build of a small site of the tests' own.

Notes at the page's own lines from `python3 build.py check`, the footnotes' words from the
site's labels, and the link check applied to bare addresses.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from sitegen.core.project import Project
from sitegen.pipeline import Builder

from conftest import run_inline, soup

SITE = Path(__file__).resolve().parent / "sites" / "habits"

PAGE = """\
---
title: 書き方の試験
---

# 書き方の試験

手順は次のとおり:
- 申し込む
  - 書類を送る
- 払う

#見出し

1. 一
  - 二

本文[^1]です。詳しくはhttps://habits.example.jp/をご覧ください。

[^1]: 注記です。
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(SITE, root)
    (root / "content" / "habits.md").write_text(PAGE, encoding="utf-8")
    return root


def _labels(root: Path) -> dict[str, str]:
    settings = yaml.safe_load((root / "content" / "site.yml").read_text(encoding="utf-8"))
    return settings["labels"]


def test_check_notes_each_habit_it_cannot_honour_at_its_line(site: Path) -> None:
    result = run_inline(site, "check")
    shown = result.out + result.err
    assert result.code == 0, shown
    assert "content/habits.md:12:1: W521 " in shown
    assert "content/habits.md:15:3: W522 " in shown
    assert "Traceback" not in shown


def test_a_page_with_notes_is_built_and_shows_the_habits(site: Path, tmp_path: Path) -> None:
    result = run_inline(site, "--out", str(tmp_path / "out"))
    assert result.code == 0, result.err
    assert "W521" in result.err
    page = soup(tmp_path / "out" / "habits" / "index.html")
    main = page.find("main")
    outer = main.find("ul")
    assert [li.find(string=True).strip() for li in outer.find_all("li", recursive=False)] == [
        "申し込む",
        "払う",
    ]
    assert outer.li.ul.li.get_text() == "書類を送る"
    assert main.find("a", href="https://habits.example.jp/").get_text() == (
        "https://habits.example.jp/"
    )


def test_footnotes_use_the_sites_labels(site: Path, tmp_path: Path) -> None:
    labels = _labels(site)
    result = run_inline(site, "--out", str(tmp_path / "out"))
    assert result.code == 0, result.err
    page = soup(tmp_path / "out" / "habits" / "index.html")
    section = page.find("section", class_="footnotes")
    assert section.h2.get_text() == labels["footnotes"]
    assert section.find("a", href="#fnref-1")["aria-label"] == labels["footnote_back"]


def test_a_bare_address_to_a_missing_page_of_the_site_is_a_broken_link(site: Path) -> None:
    page = site / "content" / "habits.md"
    page.write_text(
        PAGE.replace("habits.example.jp/を", "habits.example.jp/nothing/を"), encoding="utf-8"
    )
    result = run_inline(site, "check")
    assert result.code == 1
    shown = result.out + result.err
    # The address ends before the Japanese text, and is checked as a page of the site.
    assert (
        "content/habits.md:17:14: E601 エラー: リンク先のページ「https://habits.example.jp/nothing/」"
        in shown
    )


def test_a_footnote_is_no_longer_a_broken_link(site: Path) -> None:
    result = run_inline(site, "check")
    assert "E601" not in result.out + result.err


def test_rebuilding_a_page_replaces_its_notes(site: Path, tmp_path: Path) -> None:
    builder = Builder(Project(site), tmp_path / "preview")
    first = builder.build()
    assert sorted(w.code for w in first.warnings) == ["W521", "W522"]
    page = site / "content" / "habits.md"
    page.write_text(PAGE.replace("#見出し", "# 見出し"), encoding="utf-8")
    again = builder.rebuild([page])
    assert [w.code for w in again.warnings] == ["W522"]


def test_a_page_of_every_habit_parses_without_html_errors(site: Path, tmp_path: Path) -> None:
    import html5lib

    page = site / "content" / "habits.md"
    page.write_text(
        PAGE
        + "\n- [ ] 未完了\n- [x] **完了**\n\n~~1万円~~ 10~12時\\\n次の行[^1]\n\n1) 一\n2) 二\n",
        encoding="utf-8",
    )
    result = run_inline(site, "--out", str(tmp_path / "out"))
    assert result.code == 0, result.err
    parser = html5lib.HTMLParser(strict=False)
    parser.parse((tmp_path / "out" / "habits" / "index.html").read_bytes())
    assert parser.errors == []
