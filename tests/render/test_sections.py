"""Sections: the parts of a page that editors write as Markdown files (content/sections/)."""

from __future__ import annotations

import collections
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import run_inline, soup

DAMAGES = Path("content/sections/damages")


def card_titles(root: Path) -> list[str]:
    page = soup(root / "dist" / "index.html")
    return [h.get_text() for h in page.select(".cards .card-title")]


def write(root: Path, relative: Path | str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def build_ok(root: Path) -> None:
    result = run_inline(root)
    assert result.code == 0, result.err


def test_a_card_is_added_removed_and_reordered_by_its_file(project: Path) -> None:
    build_ok(project)
    before = card_titles(project)
    write(
        project,
        DAMAGES / "5-ransomware.md",
        "---\ntitle: 身代金要求\nattack: ランサムウェア\n---\n\nデータを暗号化して身代金を求めます。\n",
    )
    build_ok(project)
    assert card_titles(project) == [*before, "身代金要求"]
    (project / DAMAGES / sorted(p.name for p in (project / DAMAGES).glob("[!i]*.md"))[0]).unlink()
    build_ok(project)
    assert card_titles(project) == [*before[1:], "身代金要求"]
    # An order field puts a card first whatever its file name.
    card = project / DAMAGES / "5-ransomware.md"
    card.write_text(
        card.read_text(encoding="utf-8").replace("---\ntitle", "---\norder: 1\ntitle"),
        encoding="utf-8",
    )
    build_ok(project)
    assert card_titles(project) == ["身代金要求", *before[1:]]


def test_a_section_body_may_hold_paragraphs_a_list_and_a_link(project: Path) -> None:
    body = "一つ目の段落です。\n\n二つ目の段落です。\n\n- 一つ目\n- 二つ目\n\n[協会のサイト](https://example.jp/)\n"
    write(project, DAMAGES / "5-extra.md", f"---\ntitle: 追加\nattack: 検証\n---\n\n{body}")
    build_ok(project)
    card = soup(project / "dist" / "index.html").select(".cards .card")[-1]
    text = card.select_one(".card-text")
    assert [p.get_text() for p in text.find_all("p")][:2] == [
        "一つ目の段落です。",
        "二つ目の段落です。",
    ]
    assert [li.get_text() for li in text.select("ul li")] == ["一つ目", "二つ目"]
    assert text.find("a")["href"] == "https://example.jp/"


def test_drafts_are_left_out_and_sections_are_not_pages(project: Path) -> None:
    build_ok(project)
    before = card_titles(project)
    write(project, DAMAGES / "_6-draft.md", "---\ntitle: 下書き1\nattack: x\n---\n")
    write(project, DAMAGES / "7-draft.md", "---\ntitle: 下書き2\nattack: x\ndraft: true\n---\n")
    build_ok(project)
    assert card_titles(project) == before
    dist = project / "dist"
    assert not list(dist.rglob("*sections*")) and not list(dist.rglob("*malware*"))
    sitemap = (dist / "sitemap.xml").read_text(encoding="utf-8")
    assert "sections" not in sitemap and "damages" not in sitemap


def test_every_id_of_a_page_is_unique_whatever_the_headings_say(project: Path) -> None:
    index = project / "content" / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8") + "\n## main\n\n## contacts\n\n## damages\n",
        encoding="utf-8",
    )
    write(
        project, DAMAGES / "5-extra.md", "---\ntitle: 追加\nattack: 検証\n---\n\n### main\n\n本文\n"
    )
    build_ok(project)
    page: BeautifulSoup = soup(project / "dist" / "index.html")
    ids = [tag["id"] for tag in page.find_all(id=True)]
    assert [i for i, n in collections.Counter(ids).items() if n > 1] == []
    # The skip link still reaches the main content, not a heading.
    assert page.find(id="main").name == "main"


def test_a_broken_link_in_a_section_is_reported_in_that_file(project: Path) -> None:
    card = write(
        project,
        DAMAGES / "5-extra.md",
        "---\ntitle: 追加\nattack: 検証\n---\n\n本文\n\n[概要](/no-such-page/)\n",
    )
    result = run_inline(project, "check")
    assert result.code == 1
    # Line 8, at the address (column 6: after "[概要](").
    assert f"{card.relative_to(project).as_posix()}:8:6: E601" in result.out, result.out
    assert result.out.count("E601") == 1


def test_front_matter_mistakes_in_a_section_are_reported_at_their_line(project: Path) -> None:
    incident = project / "content" / "sections" / "incident.md"
    text = incident.read_text(encoding="utf-8").replace("yen: 3000000", 'yen: "300万円"')
    incident.write_text(text, encoding="utf-8")
    line = text[: text.index('yen: "300万円"')].count("\n") + 1
    result = run_inline(project, "check")
    assert result.code == 1
    # At the key's column, as for every value of a YAML file.
    assert f"content/sections/incident.md:{line}:5: E202" in result.out, result.out


def test_a_missing_section_and_an_unknown_one_are_named(project: Path) -> None:
    (project / "content" / "sections" / "incident.md").rename(
        project / "content" / "sections" / "incidnet.md"
    )
    result = run_inline(project, "check")
    assert result.code == 1
    assert "content/sections/incident.md: E125" in result.out
    assert "content/sections/incidnet.md:1: W302" in result.out
