"""The layer's one collection: what no mode used in its last successful run is removed from
`.cache/`, never what is younger than the collection's start (issue 26)."""

from __future__ import annotations

import datetime
import os
import sqlite3
import time
from pathlib import Path

import pytest
from test_page_cache import TODAY, growing_site, photo

from sitegen.core.problems import ContentError
from sitegen.core.project import Project
from sitegen.incremental import page_cache
from sitegen.pipeline import build

from conftest import tree_digest

OLD = time.time() - 3600


def _entries(root: Path) -> set[str]:
    top = root / ".cache" / "entries"
    return {p.relative_to(top).as_posix() for p in top.rglob("*") if p.is_file()}


def _built(root: Path) -> None:
    build(Project(root), root / "dist", today=TODAY)


def _age(root: Path) -> None:
    """Make every file of the cache an hour old (as if written by an earlier session)."""
    for path in (root / ".cache").rglob("*"):
        if path.is_file():
            os.utime(path, (OLD, OLD))


def test_the_variants_of_a_replaced_photo_are_removed(tmp_path: Path) -> None:
    root = growing_site(tmp_path / "site")
    _built(root)
    before = _entries(root)
    _age(root)
    photo(root / "content" / "guide" / "photo.jpg", 99, (360, 240))

    _built(root)

    after = _entries(root)
    assert before - after, "the old photo's variants are still kept"
    assert after - before, "the new photo's variants were not kept"
    # What remains builds the same site as a cold build.
    out = tree_digest(root / "dist")
    build(Project(root), tmp_path / "cold", use_cache=False, today=TODAY)
    assert out == tree_digest(tmp_path / "cold")


def test_what_another_mode_used_and_what_is_young_are_kept(tmp_path: Path) -> None:
    root = growing_site(tmp_path / "site")
    _built(root)
    group = root / ".cache" / "entries" / "ff"
    group.mkdir(parents=True, exist_ok=True)
    other, young, stale = group / ("a" * 62), group / ("b" * 62), group / ("c" * 62)
    for path in (other, young, stale):
        path.write_bytes(b"entry")
    os.utime(other, (OLD, OLD))
    os.utime(stale, (OLD, OLD))
    soon = time.time() + 600  # as if written by another run after this build began
    os.utime(young, (soon, soon))
    (root / ".cache" / "used" / "preview.txt").write_text(f"entries/ff/{'a' * 62}\n", "utf-8")

    _built(root)

    assert other.exists()  # the preview's last run used it
    assert young.exists()  # written after this build began: a run going on at the same time
    assert not stale.exists()


def test_a_failed_build_collects_nothing(tmp_path: Path) -> None:
    root = growing_site(tmp_path / "site")
    _built(root)
    _age(root)
    before = _entries(root)
    photo(root / "content" / "guide" / "photo.jpg", 99, (360, 240))
    (root / "content" / "about.md").write_text("---\ntitle: [\n---\n", "utf-8")
    with pytest.raises(ContentError):
        _built(root)
    assert before <= _entries(root)


def _bodies(root: Path) -> set[str]:
    database = sqlite3.connect(root / ".cache" / "pages" / "build" / "bodies.sqlite")
    try:
        return {key for (key,) in database.execute("SELECT key FROM bodies")}
    finally:
        database.close()


def _pages(root: Path) -> set[str]:
    top = root / ".cache" / "pages" / "build" / "html"
    return {p.name for p in top.rglob("*.html")}


def test_a_deleted_pages_entry_goes_at_once_a_strays_within_the_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry the last index named is removed by the next build; one no index named (a
    build stopped before saving its index) by the first build of another day."""
    root = growing_site(tmp_path / "site")
    _built(root)
    stray = root / ".cache" / "pages" / "build" / "html" / "ab" / ("ab" + "0" * 62 + ".html")
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_text("<p>途中で止まったビルドの残り</p>", encoding="utf-8")
    before, bodies_before = _pages(root), _bodies(root)
    (root / "content" / "news" / "2026-10-01-site.md").unlink()
    _built(root)
    after = _pages(root)
    assert before - after  # the deleted post's, and the old news list's
    assert bodies_before - _bodies(root)  # the deleted post's converted body
    assert stray.exists()  # the same day: only what the index named is looked at

    class Tomorrow(datetime.date):
        @classmethod
        def today(cls) -> datetime.date:
            return datetime.date(2099, 1, 1)

    monkeypatch.setattr(page_cache.datetime, "date", Tomorrow)
    _built(root)
    assert not stray.exists()
    assert _pages(root) == after - {stray.name}  # every page of the site is still kept
