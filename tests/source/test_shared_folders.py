"""A site folder shared through OneDrive, Google Drive, Dropbox or Syncthing (issue 30).

Sync tools leave conflict copies beside a file, and editors' desktops leave litter: neither
is ever published. A copy is named in a note with its original, and `deploy` refuses until
someone has merged it, since one of the two versions may hold a colleague's change.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import run_inline, soup

PAGE = "---\ntitle: 協会の概要\n---\n\n# 概要\n\n本文。\n"

# A copy of each kind, where it turns up, and its original (created when not in the site).
COPIES = {
    "content/about (山田 の競合コピー 2026-12-01).md": "content/about.md",
    "content/about (Yamada's conflicted copy 2026-12-01).md": "content/about.md",
    "content/about.sync-conflict-20261201-123456-ABCDEFG.md": "content/about.md",
    "content/about - コピー.md": "content/about.md",
    "content/about (1).md": "content/about.md",
    "content/about-DESKTOP-7K2P9QX.md": "content/about.md",
    "content/index-DESKTOP-7K2P9QX.md": "content/index.md",
    "content/sections/damages/4-disruption (1).md": "content/sections/damages/4-disruption.md",
    "content/sections/incident - コピー.md": "content/sections/incident.md",
    "content/data/chart.sync-conflict-20261201-123456-ABCDEFG.yml": "content/data/chart.yml",
    "assets/share (1).png": "assets/share.png",
    "assets/css/site - コピー.css": "assets/css/site.css",
}
# Every kind of litter, in every folder an editor's tools reach.
LITTER = [
    ".DS_Store",
    "Thumbs.db",
    "desktop.ini",
    "~$about.md",
    "~$申込書.docx",
    ".about.md.swp",
    "about.md~",
    "#about.md#",
    ".#about.md",
    "about.md.bak",
    "about.md.tmp",
    "4913",
    "about.md.crswap",
    "photo.jpg.part",
]
LITTER_FOLDERS = ["content", "content/sections/damages", "content/data", "assets", "assets/css"]


def _place(project: Path, relative: str, original: str) -> None:
    target, source = project / relative, project / original
    if not source.exists():
        source.write_text(PAGE, encoding="utf-8")
    shutil.copy(source, target)


@pytest.mark.parametrize("copy", sorted(COPIES))
def test_a_conflict_copy_is_left_out_with_a_note_naming_its_original(
    project: Path, copy: str
) -> None:
    _place(project, copy, COPIES[copy])
    result = run_inline(project)
    assert result.code == 0, result.err
    name, original = Path(copy).name, Path(COPIES[copy]).name
    assert f"{copy}: W001 注意: 「{name}」は「{original}」の競合コピー" in result.err, result.err
    dist = project / "dist"
    stem = Path(copy).stem
    assert not [p for p in dist.rglob("*") if stem in p.as_posix()], "published"
    if copy.endswith(".md") and "/sections/" not in copy:
        assert (dist / Path(COPIES[copy]).relative_to("content").with_suffix("")).exists() or (
            dist / "index.html"
        ).exists()
    home = soup(dist / "index.html").get_text()
    if "damages" in copy:  # a card's copy would show the card twice
        assert home.count("業務妨害") == 1


def test_check_names_each_copy_too(project: Path) -> None:
    _place(project, "content/about (1).md", "content/about.md")
    result = run_inline(project, "check")
    assert result.code == 0
    assert "content/about (1).md: W001 注意:" in result.out


def test_a_name_that_only_looks_like_a_copy_is_a_page(project: Path) -> None:
    (project / "content" / "about (1).md").write_text(PAGE, encoding="utf-8")
    (project / "content" / "about-us.md").write_text(PAGE, encoding="utf-8")
    (project / "content" / "about.md").write_text(PAGE, encoding="utf-8")
    result = run_inline(project)
    assert result.code == 0
    assert "about-us.md: W001" not in result.err
    assert (project / "dist" / "about-us" / "index.html").is_file()


@pytest.mark.parametrize("folder", LITTER_FOLDERS)
def test_editor_litter_stays_out_of_the_site(project: Path, folder: str) -> None:
    for name in LITTER:
        (project / folder / name).write_bytes(b"---\ntitle: x\n---\n\x00junk")
    result = run_inline(project)
    assert result.code == 0, result.err
    assert " E0" not in result.err and "W001" not in result.err
    published = {p.name for p in (project / "dist").rglob("*")}
    for name in LITTER:
        stem = name.strip(".#~$").split(".")[0]
        assert not [p for p in published if p.startswith(name) or p == stem], name
    assert not (project / "dist" / "~$about").exists()


def test_deploy_refuses_while_a_copy_is_there(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SITEGEN_DEPLOY_PASSWORD", "unused")
    (project / "deploy.yml").write_text(
        "protocol: ftps\nhost: 127.0.0.1\nport: 9\nuser: kyokai\nremote_path: /site/\n"
        "retries: 0\ntimeout: 2\n",
        encoding="utf-8",
    )
    _place(project, "content/about - コピー.md", "content/about.md")
    refused = run_inline(project, "deploy")
    assert refused.code == 1
    assert "content/about - コピー.md: E008 エラー:" in refused.err, refused.err
    assert "元のファイル: about.md" in refused.err
    assert "E711" not in refused.err  # refused before connecting
    (project / "content" / "about - コピー.md").unlink()
    tried = run_inline(project, "deploy")
    assert "E008" not in tried.err and "E711" in tried.err, tried.err
