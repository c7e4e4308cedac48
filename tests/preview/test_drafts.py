"""Drafts in `python build.py serve`: viewable with their banner, never in dist/ (issue 14)."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from conftest import ROOT, copy_project
from preview_server import ServeProcess

GROWING = ROOT / "tests" / "sites" / "growing"


def test_the_preview_shows_a_draft_with_its_banner(tmp_path: Path) -> None:
    root = copy_project(GROWING, tmp_path / "site")
    process = ServeProcess(root)
    try:
        process.wait_for("http://127.0.0.1:")
        status, text = process.get("/cyber/news/2026-12-draft/")
        assert status == 200
        page = BeautifulSoup(text, "html5lib")
        assert page.select_one(".banner strong").get_text() == "下書き"
        assert page.h1.get_text() == "年末年始の休業"
        # The preview lists it with the others; the build never does.
        status, text = process.get("/cyber/news/")
        assert "年末年始の休業(下書き)" in text
    finally:
        process.stop()
    assert not (root / "dist").exists()
