"""The pages' folders are made by a child process while the build goes on."""

from __future__ import annotations

import datetime
from pathlib import Path

from sitegen.core.project import Project
from sitegen.output.folders import IN_CHILD_FROM, Folders
from sitegen.pipeline import build

from conftest import ROOT, copy_project, tree_digest, write_pages

GROWING = ROOT / "tests" / "sites" / "growing"
TODAY = datetime.date(2026, 11, 26)


def _names(count: int) -> list[str]:
    # Unsorted, and nested below folders that are not named themselves.
    return [f"cases/段{i % 7}/page-{i}" for i in reversed(range(count))] + ["", "about"]


def test_finish_returns_once_every_folder_exists(tmp_path: Path) -> None:
    names = _names(IN_CHILD_FROM + 50)
    folders = Folders(str(tmp_path), names)
    folders.finish()
    for name in names:
        assert (tmp_path / name).is_dir()
    made = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")}
    assert made == {n for n in names if n} | {"cases"} | {f"cases/段{i}" for i in range(7)}


def test_a_few_folders_are_made_here_too(tmp_path: Path) -> None:
    folders = Folders(str(tmp_path), ["news/2024", "news", "about"])
    folders.finish()
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "about",
        "news",
        "news/2024",
    ]


def test_folders_that_exist_already_are_kept(tmp_path: Path) -> None:
    (tmp_path / "cases" / "段1" / "page-1").mkdir(parents=True)
    (tmp_path / "cases" / "段1" / "page-1" / "index.html").write_text("前", encoding="utf-8")
    folders = Folders(str(tmp_path), _names(IN_CHILD_FROM))
    folders.finish()
    assert (tmp_path / "cases" / "段1" / "page-1" / "index.html").read_text(
        encoding="utf-8"
    ) == "前"


def test_closed_folders_are_not_made_after_close(tmp_path: Path) -> None:
    folders = Folders(str(tmp_path), _names(IN_CHILD_FROM))
    folders.close()
    made = set(tmp_path.rglob("*"))
    folders.finish()  # after close: made here, all of them, whatever the child did
    assert made <= set(tmp_path.rglob("*"))
    assert all((tmp_path / n).is_dir() for n in _names(IN_CHILD_FROM))


def test_a_rebuild_of_a_large_site_is_the_cold_build(tmp_path: Path) -> None:
    # Enough pages for the folders to be made by the child process.
    root = copy_project(GROWING, tmp_path / "site")
    pages = write_pages(root / "content", IN_CHILD_FROM + 20)
    build(Project(root), root / "dist", today=TODAY)
    pages[7].write_text(pages[7].read_text(encoding="utf-8") + "\n追記です。\n", encoding="utf-8")
    result = build(Project(root), root / "dist", today=TODAY)
    assert result.reused == len(result.site.pages) - 1
    # The third build brings the first one's output (the spare) up to date.
    pages[3].write_text(pages[3].read_text(encoding="utf-8") + "\n再追記。\n", encoding="utf-8")
    result = build(Project(root), root / "dist", today=TODAY)
    assert result.reused == len(result.site.pages) - 1
    build(Project(root), tmp_path / "cold", use_cache=False, today=TODAY)
    assert tree_digest(root / "dist") == tree_digest(tmp_path / "cold")
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".dist")) == [".dist.spare"]
