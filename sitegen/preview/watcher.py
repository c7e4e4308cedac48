"""Watching source folders, and telling which files changed once saving settles.

The operating system's file events (inotify, FSEvents, ReadDirectoryChangesW, through the
`watchfiles` package) tell of a save within milliseconds, so a build starts once a 50 ms
step has brought no new event (50 to 100 ms after a save). Polling the file list stays as the fallback: it is portable
(network drives, which send no events; a machine without watchfiles) and sees every way
editors save: writes in place, atomic renames, delete-then-create. `SITEGEN_WATCH=poll`
chooses it.
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
# is read. Polling sees a change up to a poll late, and so waits a little longer. An
# editor's save is one burst of a few milliseconds (a write, or a write and a rename): 50 ms
# holds it and brings save -> served at 1,000 pages to about 110 ms (80 ms: 150 ms).
QUIET_SECONDS = 0.15
EVENT_QUIET_MS = 50
# The longest a burst of events is gathered before a build starts anyway (a long copy).
EVENT_LONGEST_MS = 1000


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

    @property
    def uses_events(self) -> bool:
        """Whether the operating system's file events are watched (else the folders are polled)."""
        if os.environ.get("SITEGEN_WATCH", "").lower() == "poll":
            return False
        try:
            import watchfiles  # noqa: F401
        except ImportError:
            return False
        return True

    def stop(self) -> None:
        self.stopping.set()
        if self.thread.is_alive():
            self.thread.join(5)

    def _run(self) -> None:
        if self.uses_events:
            try:
                self._run_events()
                return
            except Exception:  # any failure of the events is met the same way
                # The system's events can fail at any time (a watched folder removed, the
                # limit of watches reached): the preview must go on showing saves, so it
                # polls from then on, from the files as they were recorded at the start
                # (a change made meanwhile is a change still).
                if self.stopping.is_set():
                    return
        self._run_polling()

    def _run_events(self) -> None:
        """Act on each settled burst of file events."""
        from watchfiles import watch

        armed = False
        roots = [root for root in self.roots if root.is_dir()]  # a folder must exist to be watched
        for changes in watch(
            *roots,
            watch_filter=_is_source,
            step=EVENT_QUIET_MS,
            debounce=EVENT_LONGEST_MS,
            stop_event=self.stopping,
            rust_timeout=200,
            yield_on_timeout=True,  # the first (empty) yield says the events are watched
            raise_interrupt=False,
        ):
            if self.stopping.is_set():
                return
            changed = {Path(path) for _, path in changes}
            if not armed:
                # Saves made between record() and now sent no event we saw: compare files.
                armed = True
                changed |= changed_paths(self._before, snapshot(self.roots))
            if changed:
                self.on_change(changed)

    def _run_polling(self) -> None:
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


def _is_source(change: object, path: str) -> bool:
    """Whether an event's path is a source file or folder, not an editor's temporary file."""
    return not any(is_editor_junk(part) for part in Path(path).parts[-3:])
