"""A page taken from the cache keeps what the last checks found of it, and no more than that."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.core.problems import ContentError
from sitegen.core.project import Project
from sitegen.pipeline import build

from conftest import ROOT, copy_project, run_inline, tree_digest

GROWING = ROOT / "tests" / "sites" / "growing"
TODAY = datetime.date(2026, 11, 26)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _page(title: str, body: str) -> str:
    return f"---\ntitle: {title}\ndescription: {title}のページです。\n---\n\n# {title}\n\n{body}\n"


def _site(tmp_path: Path) -> Path:
    root = copy_project(GROWING, tmp_path / "site")
    guide = root / "content" / "guide"
    _write(guide / "terms.md", _page("用語", "## 免責 {#waiver}\n\n免責の説明です。"))
    _write(guide / "claims.md", _page("請求", "[免責の説明](terms.md#waiver)をご覧ください。"))
    with (guide / "index.md").open("a", encoding="utf-8") as stream:
        stream.write("- [用語](terms.md)\n- [請求](claims.md)\n")
    return root


def _build(root: Path) -> list[str]:
    result = build(Project(root), root / "dist", today=TODAY)
    return [f"{w.code} {w.path.name if w.path else ''}" for w in result.warnings]


def test_an_anchor_removed_from_another_page_breaks_an_unchanged_page(tmp_path: Path) -> None:
    root = _site(tmp_path)
    _build(root)
    terms = root / "content" / "guide" / "terms.md"
    terms.write_text(_page("用語", "## 免責\n\n免責の説明です。"), encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        _build(root)
    found = [(p.code, p.path.name if p.path else "") for p in raised.value.problems]
    assert ("E602", "claims.md") in found


def test_an_anchor_still_there_keeps_the_page_fine(tmp_path: Path) -> None:
    root = _site(tmp_path)
    first = _build(root)
    terms = root / "content" / "guide" / "terms.md"
    terms.write_text(_page("用語", "## 免責 {#waiver}\n\n説明を直しました。"), encoding="utf-8")
    assert _build(root) == first


def test_a_page_no_longer_linked_is_noted_though_its_linker_was_taken(tmp_path: Path) -> None:
    root = _site(tmp_path)
    assert "W601 terms.md" not in _build(root)
    # The only other link to terms.md goes: guide/index.md changes, claims.md does not.
    index = root / "content" / "guide" / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("- [用語](terms.md)\n", ""), encoding="utf-8"
    )
    assert "W601 terms.md" not in _build(root)  # claims.md still links to it
    claims = root / "content" / "guide" / "claims.md"
    claims.write_text(_page("請求", "請求の説明です。"), encoding="utf-8")
    assert "W601 terms.md" in _build(root)


def test_a_new_page_makes_a_broken_link_of_an_unchanged_page_fine(tmp_path: Path) -> None:
    root = _site(tmp_path)
    _build(root)
    claims = root / "content" / "guide" / "claims.md"
    claims.write_text(_page("請求", "[手続き](steps.md)をご覧ください。"), encoding="utf-8")
    with pytest.raises(ContentError):
        _build(root)
    _write(root / "content" / "guide" / "steps.md", _page("手続き", "[請求](claims.md)へ。"))
    assert "E601" not in " ".join(_build(root))


# ---------------------------------------------------------------------- pages' own checks


def _codes(root: Path, today: datetime.date) -> list[tuple[str, str]]:
    try:
        result = build(Project(root), root / "dist", today=today)
    except ContentError as error:
        problems = error.problems
    else:
        problems = result.warnings
    return [(p.code, p.path.name if p.path else "") for p in problems]


def test_a_page_fine_yesterday_is_checked_again_on_another_day(tmp_path: Path) -> None:
    root = _site(tmp_path)
    terms = root / "content" / "guide" / "terms.md"
    terms.write_text(
        terms.read_text(encoding="utf-8").replace("---\n\n", 'updated: "2027-11-20"\n---\n\n', 1),
        encoding="utf-8",
    )
    assert ("E610", "terms.md") not in _codes(root, TODAY)
    # The same file, a year and more before its date: too far ahead now.
    assert ("E610", "terms.md") in _codes(root, datetime.date(2026, 11, 1))


def test_a_page_fine_under_the_old_model_is_checked_against_the_new(tmp_path: Path) -> None:
    root = _site(tmp_path)
    terms = root / "content" / "guide" / "terms.md"
    terms.write_text(
        terms.read_text(encoding="utf-8").replace("---\n\n", "lead: [用語の説明]\n---\n\n", 1),
        encoding="utf-8",
    )
    assert not [c for c in _codes(root, TODAY) if c[1] == "terms.md"]
    model = root / "models" / "page.yml"
    model.write_text(model.read_text(encoding="utf-8").replace("lead:", "summary:"), "utf-8")
    assert [c for c in _codes(root, TODAY) if c[1] == "terms.md"]


# ---------------------------------------------------------------------- their files


@pytest.mark.parametrize("name", ["links/build.pickle", "checks/pages"])
@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: b"\x80\x05garbage",  # foreign
        lambda data: data[:-40] + bytes([data[-40] ^ 1]) + data[-39:],  # one byte flipped
    ],
)
def test_a_damaged_file_is_noted_ignored_and_rewritten(
    tmp_path: Path, name: str, damage: Callable[[bytes], bytes]
) -> None:
    root = _site(tmp_path)
    assert run_inline(root).code == 0
    memo = root / ".cache" / name
    memo.write_bytes(damage(memo.read_bytes()))
    claims = root / "content" / "guide" / "claims.md"
    claims.write_text(_page("請求", "[免責の説明](terms.md#waiver)を。"), encoding="utf-8")

    result = run_inline(root)

    assert result.code == 0, result.err
    assert result.err.count("W801") == 1
    assert "Traceback" not in result.err
    build(Project(root), tmp_path / "cold", use_cache=False)
    assert tree_digest(root / "dist") == tree_digest(tmp_path / "cold")
    again = run_inline(root)
    assert again.code == 0 and "W801" not in again.err
