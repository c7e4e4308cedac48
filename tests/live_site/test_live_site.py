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


def _summed_files(live: Path) -> list[tuple[Path, str, str, str]]:
    """Each content file whose model adds up a list: (file, list, field, total)."""
    found = []
    for folder in ("sections", "data"):
        for model_file in sorted((live / "models" / folder).glob("*.yml")):
            model = load_yaml(model_file.read_text(encoding="utf-8"), model_file)
            for rule in model.get("rules") or []:
                if "sum" in rule:
                    items, _, field = rule["sum"].partition(".")
                    suffix = ".md" if folder == "sections" else ".yml"
                    source = live / "content" / folder / (model_file.stem + suffix)
                    found.append((source, items, field, rule["equals"]))
    return found


def test_an_editors_first_change_to_an_amount_keeps_the_site_building(
    live: Path, tmp_path: Path
) -> None:
    """README says totals are computed: changing one amount must not stop the build (E301)."""
    summed = _summed_files(live)
    assert summed
    site = copy_project(live, tmp_path / "site")
    for source, _items, field, _total in summed:
        target = site / source.relative_to(live)
        text = target.read_text(encoding="utf-8")
        changed = re.sub(rf"(\n\s*{field}: )(\d+)\n", r"\g<1>1\g<2>\n", text, count=1)
        assert changed != text, target
        target.write_text(changed, encoding="utf-8")
    result = run_build(site, "check")
    assert result.code == 0, result.out + result.err
    assert " E301 " not in result.out
