"""The previous output is kept as the spare and brought up to date by the next build; nothing
in it is trusted: a spare damaged or edited by hand, or by a sync client, never reaches dist/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitegen.core.problems import ContentError
from sitegen.core.project import Project
from sitegen.output import spare, swap
from sitegen.pipeline import build

from conftest import ROOT, copy_project, tree_digest, write_pages

GROWING = ROOT / "tests" / "sites" / "growing"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A project built twice, the second time with one page changed: dist/ and a spare."""
    root = copy_project(GROWING, tmp_path / "site")
    pages = write_pages(root / "content", 6)
    build(Project(root), root / "dist")
    _edit(pages[1], "二回目")
    build(Project(root), root / "dist")
    assert (root / ".dist.spare" / "cases" / "case-00001" / "index.html").is_file()
    _edit(pages[2], "三回目")
    return root


def _edit(page: Path, words: str) -> None:
    page.write_text(page.read_text(encoding="utf-8") + f"\n{words}の追記。\n", encoding="utf-8")


def _is_the_cold_build(root: Path, tmp_path: Path) -> None:
    build(Project(root), tmp_path / "cold", use_cache=False)
    assert tree_digest(root / "dist") == tree_digest(tmp_path / "cold")
    folders = {p.relative_to(root / "dist") for p in (root / "dist").rglob("*") if p.is_dir()}
    assert folders == {
        p.relative_to(tmp_path / "cold") for p in (tmp_path / "cold").rglob("*") if p.is_dir()
    }
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".dist")) == [".dist.spare"]


def test_the_spare_is_brought_up_to_date(site: Path, tmp_path: Path) -> None:
    spare = site / ".dist.spare"
    kept = (spare / "cases" / "case-00004" / "index.html").stat().st_ino
    result = build(Project(site), site / "dist")
    assert result.reused == result.pages - 1
    # The unchanged page is the same file as before: its folder was not laid out again.
    assert (site / "dist" / "cases" / "case-00004" / "index.html").stat().st_ino == kept
    _is_the_cold_build(site, tmp_path)


def test_a_changed_page_never_writes_into_the_published_file(site: Path) -> None:
    # case-00002 is the same file in dist/ and in the spare (a link into the page cache).
    published = site / "dist" / "cases" / "case-00002" / "index.html"
    spared = site / ".dist.spare" / "cases" / "case-00002" / "index.html"
    assert published.stat().st_ino == spared.stat().st_ino
    before = published.read_bytes()
    handle = published.open("rb")  # the old file, as a web server reading it holds it
    build(Project(site), site / "dist")
    assert handle.read() == before
    handle.close()
    assert "三回目" in published.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "damage",
    ["deleted", "replaced", "edited", "added", "added-folder", "emptied", "link", "odd-name"],
)
def test_a_spare_touched_by_hand_is_never_published(
    site: Path, tmp_path: Path, damage: str
) -> None:
    spare = site / ".dist.spare"
    page = spare / "cases" / "case-00004" / "index.html"
    if damage == "deleted":
        page.unlink()
    elif damage == "replaced":  # a sync client writes its copy under the same name
        data = page.read_bytes()
        page.unlink()
        page.write_bytes(data.replace(b"</main>", b"<p>sync</p></main>"))
    elif damage == "edited":  # in place: the page cache's entry changes with it
        with page.open("ab") as stream:
            stream.write(b"<!-- edited -->")
    elif damage == "added":
        (spare / "cases" / "case-00004" / "index-PCNAME.html").write_text("conflict copy")
    elif damage == "added-folder":
        (spare / "新しいフォルダー" / "中").mkdir(parents=True)
        (spare / "新しいフォルダー" / "中" / "memo.txt").write_text("メモ", encoding="utf-8")
    elif damage == "emptied":
        for path in sorted(spare.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
    elif damage == "link":  # writing through it would write outside the spare
        outside = tmp_path / "outside"
        outside.mkdir()
        page.parent.rename(tmp_path / "moved")
        os.symlink(outside, page.parent)
    elif damage == "odd-name":
        (spare / "sitemap.xml").write_text("<urlset>古い</urlset>", encoding="utf-8")
    build(Project(site), site / "dist")
    _is_the_cold_build(site, tmp_path)
    if damage == "link":
        assert list((tmp_path / "outside").iterdir()) == []


def test_a_failed_build_leaves_dist_and_keeps_the_spare(site: Path) -> None:
    before = tree_digest(site / "dist")
    (site / "content" / "cases" / "case-00003.md").write_text("---\ntitle: [\n---\n", "utf-8")
    with pytest.raises(ContentError):
        build(Project(site), site / "dist")
    assert tree_digest(site / "dist") == before
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".dist")) == [".dist.spare"]


@pytest.mark.parametrize("how", ["no-cache", "cache-deleted"])
def test_without_the_cache_the_build_is_the_cold_build(
    site: Path, tmp_path: Path, how: str
) -> None:
    if how == "cache-deleted":
        import shutil

        shutil.rmtree(site / ".cache")
    build(Project(site), site / "dist", use_cache=how != "no-cache")
    _is_the_cold_build(site, tmp_path)
    build(Project(site), site / "dist")  # and the build after it, from the spare
    _is_the_cold_build(site, tmp_path)


def test_where_names_cannot_be_exchanged_two_renames_keep_the_spare(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(swap, "exchange", lambda first, second: False)
    build(Project(site), site / "dist")
    _is_the_cold_build(site, tmp_path)


def test_exchange_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x").write_text("a")
    (tmp_path / "b").mkdir()
    if not swap.exchange(tmp_path / "a", tmp_path / "b"):
        pytest.skip("this file system cannot exchange names")
    assert (tmp_path / "b" / "x").read_text() == "a"
    assert list((tmp_path / "a").iterdir()) == []


def test_a_spare_is_listed_here_when_no_child_can_be_started(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no processes left")

    monkeypatch.setattr(spare.subprocess, "Popen", refuse)
    build(Project(site), site / "dist")
    _is_the_cold_build(site, tmp_path)
