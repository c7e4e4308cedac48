"""The preview's state: the last build's outcome, shared by the watcher and the requests."""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection
from pathlib import Path

from sitegen.core.problems import ContentError, Problem
from sitegen.core.project import Project
from sitegen.pipeline import Builder, BuildResult


class Preview:
    """Rebuilds on demand and tells waiting browsers when there is something new to show.

    `epoch` counts finished builds, failed ones included, so that a browser reloads to show
    an error as well as to show a fix.
    """

    def __init__(
        self,
        project: Project,
        out: Path,
        report: Callable[[BuildResult | None, list[Problem]], None] = lambda r, p: None,
    ):
        self.project = project
        self.out = out
        self.report = report
        # Drafts and pages dated after today are shown, each with its banner.
        self.builder = Builder(project, out, preview=True)
        self.problems: list[Problem] = []
        self.epoch = 0
        self.closed = False
        self._lock = threading.Lock()  # one build at a time
        self._changed = threading.Condition()

    @property
    def base_path(self) -> str:
        state = self.builder.state
        return state.site.base_path if state else "/"

    def rebuild(self, changed: Collection[Path] | None = None) -> None:
        """Build everything (changed None) or what changed; record the outcome; wake browsers."""
        with self._lock:
            result, problems = None, []
            try:
                if changed is None or self.problems:
                    result = self.builder.build()
                else:
                    result = self.builder.rebuild(changed)
            except ContentError as error:
                problems = error.problems
            except Exception as exc:  # the server must survive anything a build does
                problems = [Problem.of("E901", detail=f"{type(exc).__name__}: {exc}")]
            with self._changed:
                self.problems = problems
                self.epoch += 1
                self._changed.notify_all()
            # Reported once the server already shows the outcome, so what the terminal says
            # is what a browser gets.
            self.report(result, problems)

    def wait(self, since: int, timeout: float) -> int:
        """Block until a build newer than since has finished (or timeout); return the epoch."""
        with self._changed:
            self._changed.wait_for(lambda: self.epoch != since or self.closed, timeout)
            return self.epoch

    def close(self) -> None:
        """Release every waiting browser request, so that the server can stop at once."""
        with self._changed:
            self.closed = True
            self._changed.notify_all()
