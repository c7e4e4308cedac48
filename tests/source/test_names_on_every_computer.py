"""Names the association's computers cannot hold, met in a site (issue 30).

The build runs on Linux here, which holds them all; an editor's Windows PC or Mac, and many
hosts, would not: each is named at its file instead of colliding silently.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from conftest import run_inline, tree_digest

PAGE = "---\ntitle: {title}\n---\n\n# {title}\n\n本文。\n"


def _page(project: Path, relative: str, title: str = "協会の概要") -> None:
    path = project / "content" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PAGE.format(title=title), encoding="utf-8")


@pytest.mark.parametrize(
    ("files", "location", "says"),
    [
        (["About.md", "about.md"], "content/about.md", "「about.md」は「content/About.md」"),
        (
            ["About.md", "about/index.md"],
            "content/about/index.md",
            "「about/index.md」は「About.md」",
        ),
        (["Guide/a.md", "guide/b.md"], "content/guide", "「guide」は「content/Guide」"),
    ],
)
def test_pages_differing_only_in_case_are_named(
    project: Path, files: list[str], location: str, says: str
) -> None:
    assert run_inline(project).code == 0
    before = tree_digest(project / "dist")
    for relative in files:
        _page(project, relative)
    result = run_inline(project)
    assert result.code == 1
    assert f"{location}: E007 エラー: 名前{says}" in result.err, result.err
    assert "大文字・小文字だけが違います" in result.err
    assert tree_digest(project / "dist") == before


@pytest.mark.parametrize(
    ("relative", "location"),
    [
        ("con.md", "content/con.md"),
        ("AUX.md", "content/AUX.md"),
        ("com1.backup.md", "content/com1.backup.md"),
        ("nul/index.md", "content/nul"),
        ("guide/lpt3.md", "content/guide/lpt3.md"),
    ],
)
def test_windows_device_names_are_named_at_the_file(
    project: Path, relative: str, location: str
) -> None:
    _page(project, relative)
    result = run_inline(project)
    assert result.code == 1
    assert f"{location}: E005 エラー:" in result.err, result.err
    assert "Windows のパソコンでは使えません" in result.err


def test_a_device_name_among_the_assets(project: Path) -> None:
    (project / "assets" / "Con.png").write_bytes((project / "assets" / "share.png").read_bytes())
    result = run_inline(project)
    assert result.code == 1 and "assets/Con.png: E005 エラー:" in result.err, result.err


def test_a_character_windows_cannot_hold(project: Path) -> None:
    _page(project, "Q&A: よくある質問.md")
    result = run_inline(project)
    assert result.code == 1
    assert "content/Q&A: よくある質問.md: E006 エラー:" in result.err and "「:」" in result.err


def test_a_decomposed_name_is_published_at_the_address_links_use(project: Path) -> None:
    typed = "ガイド"
    decomposed = unicodedata.normalize("NFD", typed)
    assert decomposed != typed
    _page(project, f"{decomposed}.md", "ガイド")
    index = project / "content" / "index.md"
    index.write_text(index.read_text("utf-8") + f"\n[ガイド]({typed}.md)\n", encoding="utf-8")
    result = run_inline(project)
    assert result.code == 0, result.err
    assert (project / "dist" / typed / "index.html").is_file()
    assert not (project / "dist" / decomposed).exists()
    assert "E606" not in result.err and "W601" not in result.err
