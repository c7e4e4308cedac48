"""Watching source folders by polling, and telling which files changed once saving settles.

Polling the file list is portable (Windows, network drives, containers) and sees every way
editors save: writes in place, atomic renames, delete-then-create. For this site's few
hundred files one poll costs a few milliseconds.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from sitegen.source.editor_junk import is_editor_junk

Snapshot = dict[Path, tuple[int, int, int]]

POLL_SECONDS = 0.1
# A change is acted on once the folders have been still this long, so that a burst of
# events (an editor's save, a copy of many files) becomes one build and no half-written file
# is read.
QUIET_SECONDS = 0.15


def snapshot(roots: Iterable[Path]) -> Snapshot:
    """Every source file below roots with its modification time, size and inode."""
    found: Snapshot = {}
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not is_editor_junk(d))
            for name in files:
                if is_editor_junk(name):
                    continue
                path = Path(folder, name)
                try:
                    stat = path.stat()
                except OSError:
                    continue  # removed between listing and stat: the next poll sees it
                found[path] = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    return found


def changed_paths(before: Snapshot, after: Snapshot) -> set[Path]:
    """Files added, removed or modified between two snapshots."""
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


class Watcher:
    """Calls on_change with the changed files after each settled burst of changes."""

    def __init__(
        self,
        roots: list[Path],
        on_change: Callable[[set[Path]], None],
        poll: float = POLL_SECONDS,
        quiet: float = QUIET_SECONDS,
    ):
        self.roots = roots
        self.on_change = on_change
        self.poll = poll
        self.quiet = quiet
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="sitegen-watch", daemon=True)

    def record(self) -> None:
        """Record the files as they are now: changes from this moment on will be seen."""
        self._before = snapshot(self.roots)

    def start(self) -> None:
        """Watch for changes since record() (or since now, if it was not called)."""
        if not hasattr(self, "_before"):
            self.record()
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        if self.thread.is_alive():
            self.thread.join(5)

    def _run(self) -> None:
        before = self._before
        while not self.stopping.wait(self.poll):
            now = snapshot(self.roots)
            if now == before:
                continue
            changed = changed_paths(before, now)
            now = self._settle(now, changed)
            if self.stopping.is_set():
                return
            self.on_change(changed)
            before = now

    def _settle(self, now: Snapshot, changed: set[Path]) -> Snapshot:
        """Wait until nothing has changed for the quiet period; collect what did meanwhile."""
        while not self.stopping.wait(self.quiet):
            later = snapshot(self.roots)
            if later == now:
                return now
            changed |= changed_paths(now, later)
            now = later
        return now
