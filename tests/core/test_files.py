"""Files reach the disk whole or not at all: a reader sees the old bytes or the new."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from sitegen.core import files
from sitegen.core.files import replace_file, swap_folder, write_new


def test_write_new_makes_the_folders_it_needs(tmp_path: Path) -> None:
    write_new(tmp_path, "about/history/index.html", b"<p>")
    assert (tmp_path / "about" / "history" / "index.html").read_bytes() == b"<p>"


def test_replace_file_puts_the_new_bytes_readable_by_the_web_server(tmp_path: Path) -> None:
    target = tmp_path / "site" / "index.html"
    replace_file(target, b"old")
    replace_file(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in target.parent.iterdir()] == ["index.html"]  # no temporary left


def test_a_failed_replace_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "index.html"
    target.write_bytes(b"old")

    def refuse(source: Path, destination: Path) -> None:
        raise PermissionError("in use by another program")

    monkeypatch.setattr(files, "replace", refuse)
    with pytest.raises(PermissionError):
        replace_file(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]


def _folder(path: Path, text: str) -> Path:
    path.mkdir()
    (path / "index.html").write_text(text, encoding="utf-8")
    return path


def test_swap_folder_puts_the_new_folder_in_place_of_the_old(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    swap_folder(_folder(tmp_path / "first", "一"), out)
    assert (out / "index.html").read_text(encoding="utf-8") == "一"
    swap_folder(_folder(tmp_path / "second", "二"), out)
    assert (out / "index.html").read_text(encoding="utf-8") == "二"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]  # the old one is gone


def test_a_failed_swap_puts_the_old_folder_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _folder(tmp_path / "dist", "公開中")
    new = _folder(tmp_path / "new", "新しい版")
    moves: list[tuple[Path, Path]] = []

    def second_move_fails(source: Path, target: Path) -> None:
        moves.append((source, target))
        if len(moves) == 2:  # out is moved aside; moving new into place fails
            raise OSError("disk full")
        os.replace(source, target)

    monkeypatch.setattr(files, "replace", second_move_fails)
    with pytest.raises(OSError, match="disk full"):
        swap_folder(new, out)
    assert (out / "index.html").read_text(encoding="utf-8") == "公開中"
    assert (new / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist", "new"]
