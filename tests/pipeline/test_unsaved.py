"""A page rendered from text not yet saved: the browser editor's live preview (issue 26)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitegen.core.project import Project
from sitegen.pipeline import build, render_unsaved

from conftest import ROOT, copy_project, tree_digest

GROWING = ROOT / "tests" / "sites" / "growing"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = copy_project(GROWING, tmp_path / "site")
    build(Project(root), root / "dist")
    return root


def test_the_page_shows_the_unsaved_text_and_nothing_is_saved(site: Path) -> None:
    about = site / "content" / "about.md"
    before, dist = about.read_bytes(), tree_digest(site / "dist")
    text = about.read_text("utf-8").replace("当協会は", "まだ保存していない文です。当協会は", 1)

    html, problems = render_unsaved(Project(site), {about: text}, about)

    assert html is not None
    assert "まだ保存していない文です。" in BeautifulSoup(html, "html.parser").get_text()
    assert not [p for p in problems if not p.is_warning]
    assert about.read_bytes() == before  # the file as it was
    assert tree_digest(site / "dist") == dist  # and the site as it was


def test_a_mistake_in_the_unsaved_text_is_shown_at_its_line(site: Path) -> None:
    about = site / "content" / "about.md"
    text = about.read_text("utf-8").replace("title:", "title: [閉じ忘れ", 1)

    html, problems = render_unsaved(Project(site), {about: text}, about)

    assert html is None
    assert any(p.path == about and p.line and not p.is_warning for p in problems), problems


def test_other_pages_see_the_unsaved_title(site: Path) -> None:
    """The unsaved text is read by every stage: a new title shows in the breadcrumbs below."""
    guide = site / "content" / "guide" / "index.md"
    faq = site / "content" / "guide" / "faq.md"
    text = guide.read_text("utf-8").replace("title: ", "title: 未保存の", 1)

    html, _ = render_unsaved(Project(site), {guide: text}, faq)

    assert html is not None and "未保存の" in html.decode("utf-8")
