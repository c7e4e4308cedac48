"""The association's live site (content/, templates/ and assets/ of the repository).

It is held only to what every site must satisfy: it builds, `check` finds no errors, and the
texts its settings require are on every page. Its wording is the editors' to change, so no
test names it; rules an editor must follow are `check` rules (E307 for the required texts),
and audit/run.py (run by .ci/run) checks its pages in a browser. These are the only tests
the live-site guard of tests/conftest.py lets read the live site.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitegen.source.yaml_loader import load_yaml

from conftest import ROOT, copy_project, run_build, soup


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the live site: building it must not touch the repository's dist/."""
    return copy_project(ROOT, tmp_path_factory.mktemp("live") / "site")


@pytest.fixture(scope="module")
def built(live: Path) -> Path:
    result = run_build(live, "--out", str(live.parent / "dist"))
    assert result.code == 0, result.err
    return live.parent / "dist"


def test_the_live_site_builds(live: Path, built: Path) -> None:
    assert (built / "index.html").is_file()
    assert len(list(built.rglob("*.html"))) >= 1


def test_check_finds_no_errors(live: Path) -> None:
    result = run_build(live, "check")
    assert result.code == 0, result.out + result.err
    assert "エラー 0 件" in result.out
    assert " エラー: " not in result.out


def _folded(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_required_texts_are_on_every_page(live: Path, built: Path) -> None:
    settings_file = live / "content" / "site.yml"
    settings = load_yaml(settings_file.read_text(encoding="utf-8-sig"), settings_file)
    required = [str(settings[name]) for name in settings.get("required_texts") or []]
    for page in sorted(built.rglob("*.html")):
        text = _folded(soup(page).body.get_text())
        for wanted in required:
            assert _folded(wanted) in text, (page.relative_to(built), wanted[:30])
