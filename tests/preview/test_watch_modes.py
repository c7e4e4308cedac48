"""The watcher hears saves through the operating system's events, or by polling as a fallback."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from sitegen.preview.watcher import Watcher


@pytest.mark.parametrize("mode", ["events", "poll"])
def test_saves_made_before_and_after_start_are_each_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    monkeypatch.setenv("SITEGEN_WATCH", "poll" if mode == "poll" else "")
    (tmp_path / "content").mkdir()
    page = tmp_path / "content" / "index.md"
    page.write_text("一", encoding="utf-8")
    seen: list[set[Path]] = []
    done = threading.Event()

    def on_change(paths: set[Path]) -> None:
        seen.append(paths)
        done.set()

    watcher = Watcher([tmp_path / "content", tmp_path / "missing"], on_change)
    assert watcher.uses_events is (mode == "events")
    watcher.record()
    page.write_text("二", encoding="utf-8")  # saved after record(), before the watcher starts
    watcher.start()
    try:
        assert done.wait(10), "the save before start was not reported"
        assert page in set().union(*seen)
        done.clear()
        seen.clear()
        time.sleep(0.3)
        other = tmp_path / "content" / "about.md"
        other.write_text("三", encoding="utf-8")
        (tmp_path / "content" / "about.md~").write_text("backup", encoding="utf-8")
        assert done.wait(10), "a save after start was not reported"
        changed = set().union(*seen)
        assert other in changed
        assert not any(path.name.endswith("~") for path in changed)
    finally:
        watcher.stop()
