"""Watching the source folders: which files changed, once a burst of saves has settled."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen.preview.watcher import Watcher, changed_paths, snapshot


def _tree(root: Path) -> Path:
    (root / "content" / "data").mkdir(parents=True)
    (root / "content" / "index.md").write_text("# 見出し\n", encoding="utf-8")
    (root / "content" / "data" / "chart.yml").write_text("a: 1\n", encoding="utf-8")
    return root / "content"


def test_snapshot_leaves_out_editors_temporary_files(tmp_path: Path) -> None:
    content = _tree(tmp_path)
    for junk in ("index.md~", ".index.md.swp", "#index.md#", ".DS_Store", "4913", "~$a.md"):
        (content / junk).write_text("x", encoding="utf-8")
    (content / ".git").mkdir()
    (content / ".git" / "HEAD").write_text("x", encoding="utf-8")
    assert set(snapshot([content])) == {content / "index.md", content / "data" / "chart.yml"}


def test_changed_paths_are_the_added_removed_and_modified(tmp_path: Path) -> None:
    content = _tree(tmp_path)
    before = snapshot([content])
    (content / "data" / "chart.yml").unlink()
    (content / "about.md").write_text("# 概要\n", encoding="utf-8")
    index = content / "index.md"
    index.write_text("# 見出しを直した\n", encoding="utf-8")
    assert changed_paths(before, snapshot([content])) == {
        content / "data" / "chart.yml",
        content / "about.md",
        index,
    }
    assert changed_paths(before, before) == set()


def test_a_rename_over_a_file_is_a_change_even_with_the_same_size_and_time(tmp_path: Path) -> None:
    content = _tree(tmp_path)
    index = content / "index.md"
    before = snapshot([content])
    replacement = content / ".index.md.tmp"
    replacement.write_bytes(index.read_bytes())
    times = index.stat()
    os.utime(replacement, ns=(times.st_atime_ns, times.st_mtime_ns))
    os.replace(replacement, index)  # the way VS Code and vim save: a new file (a new inode)
    assert changed_paths(before, snapshot([content])) == {index}


class _Calls:
    """The watcher's callbacks, and an event set by each."""

    def __init__(self) -> None:
        self.calls: list[set[Path]] = []
        self.arrived = threading.Event()

    def __call__(self, changed: set[Path]) -> None:
        self.calls.append(set(changed))
        self.arrived.set()


def test_a_burst_of_saves_is_one_call_with_every_changed_file(tmp_path: Path) -> None:
    content = _tree(tmp_path)
    calls = _Calls()
    # A long quiet period: the whole burst below happens well inside it.
    watcher = Watcher([content], calls, poll=0.02, quiet=1.5)
    watcher.record()
    watcher.start()
    try:
        (content / "index.md").write_text("# 一\n", encoding="utf-8")
        (content / "about.md").write_text("# 二\n", encoding="utf-8")
        (content / "data" / "chart.yml").write_text("a: 22\n", encoding="utf-8")
        assert calls.arrived.wait(10)
    finally:
        watcher.stop()
    assert calls.calls == [
        {content / "index.md", content / "about.md", content / "data" / "chart.yml"}
    ]
    assert not watcher.thread.is_alive()


def test_changes_before_start_are_seen_when_recorded_earlier(tmp_path: Path) -> None:
    content = _tree(tmp_path)
    calls = _Calls()
    watcher = Watcher([content], calls, poll=0.02, quiet=0.05)
    watcher.record()  # as the preview does before its first build
    (content / "index.md").write_text("# 最初の保存\n", encoding="utf-8")
    watcher.start()
    try:
        assert calls.arrived.wait(10)
    finally:
        watcher.stop()
    assert calls.calls == [{content / "index.md"}]


def test_stop_ends_the_thread_without_a_call(tmp_path: Path) -> None:
    content = _tree(tmp_path)
    calls = _Calls()
    watcher = Watcher([content], calls, poll=0.02, quiet=0.05)
    watcher.start()
    watcher.stop()
    assert not watcher.thread.is_alive() and calls.calls == []


def test_when_the_systems_events_fail_the_folders_are_polled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    watchfiles = pytest.importorskip("watchfiles")
    content = _tree(tmp_path)
    calls = _Calls()

    def failing(*roots: object, **options: object) -> Iterator[set[tuple[int, str]]]:
        # As watchfiles fails when the system's limit of watches is reached.
        raise RuntimeError("error in underlying watcher: No space left on device (os error 28)")
        yield set()  # a generator, as watchfiles.watch is

    monkeypatch.setattr(watchfiles, "watch", failing)
    watcher = Watcher([content], calls, poll=0.02, quiet=0.05)
    assert watcher.uses_events
    watcher.record()
    watcher.start()
    try:
        (content / "index.md").write_text("# 保存\n", encoding="utf-8")
        assert calls.arrived.wait(10), "no change reported once the events failed"
    finally:
        watcher.stop()
    assert calls.calls == [{content / "index.md"}]
    assert not watcher.thread.is_alive()
