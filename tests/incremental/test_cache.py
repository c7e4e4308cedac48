"""The persistent build cache: what it returns, and what it does with damaged entries."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

from sitegen.incremental.cache import Cache


def test_bytes_put_are_got_back_by_their_key(tmp_path: Path) -> None:
    cache = Cache(tmp_path / ".cache")
    cache.put("a", b"first")
    cache.put("b", b"")
    assert cache.get("a") == b"first"
    assert cache.get("b") == b""
    assert cache.get("c") is None
    assert Cache(tmp_path / ".cache").get("a") == b"first"  # the next build sees it
    assert cache.notes == []


def test_a_cache_that_is_off_keeps_nothing(tmp_path: Path) -> None:
    cache = Cache(None)
    assert cache.put("a", b"x") is None
    assert cache.get("a") is None


def test_the_folder_is_ignored_by_git(tmp_path: Path) -> None:
    Cache(tmp_path / ".cache").put("a", b"x")
    assert (tmp_path / ".cache" / ".gitignore").read_text() == "*\n"


def _entry(cache: Cache, key: str) -> Path:
    path = cache.file_of(key)
    assert path is not None
    return Path(path)


def test_a_damaged_entry_is_ignored_with_a_note_and_rewritten(tmp_path: Path) -> None:
    cache = Cache(tmp_path / ".cache")
    cache.put("photo", b"0123456789")
    entry = _entry(cache, "photo")
    entry.write_bytes(b"0123456780")  # same size, other bytes
    assert cache.get("photo") is None
    assert [note.code for note in cache.notes] == ["W801"]
    cache.put("photo", b"0123456789")
    assert cache.get("photo") == b"0123456789"


def test_a_truncated_entry_is_never_linked(tmp_path: Path) -> None:
    cache = Cache(tmp_path / ".cache")
    cache.put("photo", b"0123456789")
    _entry(cache, "photo").write_bytes(b"01234")
    assert cache.file_of("photo") is None
    assert cache.get("photo") is None
    assert {note.code for note in cache.notes} == {"W801"}


def test_a_label_of_another_key_or_garbage_is_ignored(tmp_path: Path) -> None:
    cache = Cache(tmp_path / ".cache")
    cache.put("a", b"aaa")
    cache.put("b", b"bbb")
    a, b = _entry(cache, "a"), _entry(cache, "b")
    label_a, label_b = (p.with_name(p.name + ".label") for p in (a, b))
    shutil.copy(label_b, label_a)  # a label that names another key
    assert cache.get("a") is None
    label_b.write_bytes(b"\x00garbage")
    assert cache.get("b") is None
    assert len(cache.notes) == 2


def test_a_deleted_cache_only_misses(tmp_path: Path) -> None:
    cache = Cache(tmp_path / ".cache")
    cache.put("a", b"x")
    shutil.rmtree(tmp_path / ".cache")
    assert cache.get("a") is None
    assert cache.put("a", b"y") is not None
    assert cache.get("a") == b"y"


def test_two_builds_writing_at_once_leave_whole_entries(tmp_path: Path) -> None:
    data = {f"key{i}": os.urandom(50_000) for i in range(20)}

    def build() -> None:
        cache = Cache(tmp_path / ".cache")
        for key, value in data.items():
            cache.put(key, value)
            assert cache.get(key) in (None, value)

    threads = [threading.Thread(target=build) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cache = Cache(tmp_path / ".cache")
    assert all(cache.get(key) == value for key, value in data.items())


def test_a_file_is_hashed_again_only_when_its_size_or_time_changes(tmp_path: Path) -> None:
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"A" * 100)
    a_minute_ago = time.time_ns() - 60_000_000_000
    os.utime(photo, ns=(a_minute_ago, a_minute_ago))
    cache = Cache(tmp_path / ".cache")
    first = cache.file_hash(photo)
    cache.save()
    # Same size and time: the remembered hash is trusted (the file is not read again).
    photo.write_bytes(b"B" * 100)
    os.utime(photo, ns=(a_minute_ago, a_minute_ago))
    assert Cache(tmp_path / ".cache").file_hash(photo) == first
    # A new time: read again.
    os.utime(photo, ns=(a_minute_ago, a_minute_ago + 1_000_000_000))
    assert Cache(tmp_path / ".cache").file_hash(photo) != first


def test_a_file_changed_a_moment_ago_is_hashed_every_time(tmp_path: Path) -> None:
    """Saved twice within the clock's step (FAT keeps 2 s), a file keeps its size and time."""
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"A" * 100)
    stamp = photo.stat()
    cache = Cache(tmp_path / ".cache")
    first = cache.file_hash(photo)
    cache.save()
    photo.write_bytes(b"B" * 100)
    os.utime(photo, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert Cache(tmp_path / ".cache").file_hash(photo) != first


def test_a_damaged_hash_table_is_ignored_with_a_note(tmp_path: Path) -> None:
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"A" * 100)
    cache = Cache(tmp_path / ".cache")
    digest = cache.file_hash(photo)
    (tmp_path / ".cache").mkdir(exist_ok=True)
    (tmp_path / ".cache" / "source-hashes.json").write_bytes(b"sitegen-cache 1\n{broken")
    again = Cache(tmp_path / ".cache")
    assert again.file_hash(photo) == digest
    assert [note.code for note in again.notes] == ["W801"]
