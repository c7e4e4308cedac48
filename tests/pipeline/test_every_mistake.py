"""Every mistake in one run: a mistake found by one stage never hides another file's (issue 26).

docs/editing.md promises that `check` (and a build) lists every mistake of every file at
once. Each test puts mistakes in several files that different stages find (reading, the
menu, the old addresses, rendering a page, checking links) and asserts all of them are
reported by one run, each at its file and line, with the address as the editor wrote it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.core.problems import ContentError
from sitegen.core.project import Project
from sitegen.pipeline import render_site

from conftest import ROOT, copy_project, run_build

GROWING = ROOT / "tests" / "sites" / "growing"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_project(GROWING, tmp_path / "site")


def _write(root: Path, relative: str, text: str) -> None:
    path = root / "content" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _page(title: str, body: str, front: str = "") -> str:
    return f"---\ntitle: {title}\n{front}---\n\n# {title}\n\n{body}\n"


def _replace(root: Path, relative: str, old: str, new: str) -> None:
    path = root / "content" / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _codes(root: Path) -> list[str]:
    """Each problem of a check as `file:line: CODE`, in the order reported."""
    try:
        render_site(Project(root), preview=True)
    except ContentError as error:
        problems = error.problems
    else:
        return []
    shown = []
    for p in problems:
        name = p.path.relative_to(root).as_posix() if p.path else "-"
        shown.append(f"{name}:{p.line}: {p.code}")
    return shown


def _four_files(root: Path) -> None:
    """Mistakes in four files, each found by a different stage after reading."""
    # The menu names a page that does not exist (found while the menu is made).
    _replace(root, "site.yml", "link: about.md", "link: nothing.md")
    # An old address that is not a site address (found with the redirects).
    _write(root, "moved.md", _page("移転", "本文です。", "aliases:\n  - old page\n"))
    # A link to a file that is not there (found while the page is rendered).
    _write(root, "guide/files.md", _page("資料", "前置き\n\n[申込書](form-missing.md)"))
    # A link to a heading that is not there, written as the page's file (found by the
    # link check, once every page is rendered).
    _write(root, "guide/anchor.md", _page("目印", "前置き\n\n[質問へ](faq.md#nope)"))


def test_mistakes_in_four_files_are_all_reported_by_one_check(site: Path) -> None:
    _four_files(site)
    codes = _codes(site)
    assert any(c.startswith("content/site.yml:") for c in codes), codes
    assert any(c.startswith("content/moved.md:") and c.endswith("E608") for c in codes), codes
    assert "content/guide/files.md:9: E606" in codes, codes
    assert "content/guide/anchor.md:9: E602" in codes, codes


def test_the_command_line_shows_them_all_and_the_link_as_written(site: Path) -> None:
    _four_files(site)
    for command in (("check",), ()):
        result = run_build(site, *command)
        assert result.code == 1
        output = result.out + result.err
        assert "content/guide/files.md:9:" in output
        assert "content/moved.md:" in output
        # The link as the editor wrote it, at its line and column, not the converted address.
        assert "content/guide/anchor.md:9:7: E602" in output
        assert "「faq.md#nope」" in output
    assert not (site / "dist").exists()  # nothing was written


def test_an_unreadable_site_yml_hides_no_page_mistake(site: Path) -> None:
    (site / "content" / "site.yml").write_text("name: [協会\n", encoding="utf-8")
    _write(site, "guide/links.md", _page("リンク", "前置き\n\n[どこにもない](nowhere.md)"))
    _write(site, "guide/raw.md", _page("生 HTML", '前置き\n\n<script>alert("x")</script>'))
    codes = _codes(site)
    assert any(c.startswith("content/site.yml:") for c in codes), codes
    assert "content/guide/links.md:9: E606" in codes, codes
    assert any(c.startswith("content/guide/raw.md:9:") for c in codes), codes


def test_a_file_that_cannot_be_read_hides_no_render_mistake(site: Path) -> None:
    _write(site, "broken.md", "---\ntitle: [壊れた\n---\n\n本文\n")
    _write(site, "guide/files.md", _page("資料", "前置き\n\n[申込書](form-missing.md)"))
    _replace(site, "site.yml", "link: about.md", "link: nothing.md")
    codes = _codes(site)
    assert any(c.startswith("content/broken.md:2:") for c in codes), codes
    assert "content/guide/files.md:9: E606" in codes, codes
    assert any(c.startswith("content/site.yml:") for c in codes), codes
