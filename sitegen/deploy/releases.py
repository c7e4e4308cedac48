"""The last few published builds, kept on this computer so that one can be put back.

The releases form a stack in the order they went live: a deploy pushes one, a rollback
pops the live one and publishes the one below it again. Beside each folder, NAME.json keeps
what the deploy knew of its pages and the redirects that went live with it (publish.py).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

STATE = "state.json"


@dataclass(frozen=True)
class Releases:
    """Copies of published folders below folder, and the order they went live in."""

    folder: Path

    def history(self) -> list[str]:
        """Names of the kept releases, oldest first; the last is live."""
        try:
            state = json.loads((self.folder / STATE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        names = state.get("history", []) if isinstance(state, dict) else []
        return [n for n in names if isinstance(n, str) and (self.folder / n).is_dir()]

    def current(self) -> str | None:
        history = self.history()
        return history[-1] if history else None

    def previous(self) -> str | None:
        """The release that was live before the live one."""
        history = self.history()
        return history[-2] if len(history) > 1 else None

    def path(self, name: str) -> Path:
        return self.folder / name

    def record(self, name: str) -> bytes | None:
        """What was recorded with the release (see keep_record); None if nothing was."""
        try:
            return self._record_path(name).read_bytes()
        except OSError:
            return None

    def keep_record(self, name: str, data: bytes) -> None:
        temporary = self.folder / f"{name}.json.tmp"
        temporary.write_bytes(data)
        temporary.replace(self._record_path(name))

    def _record_path(self, name: str) -> Path:
        return self.folder / f"{name}.json"

    def _remove(self, name: str) -> None:
        shutil.rmtree(self.folder / name, ignore_errors=True)
        self._record_path(name).unlink(missing_ok=True)

    def push(self, site: Path, keep: int) -> str:
        """Store a copy of site as the live release; drop all but the newest keep."""
        name = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        self.folder.mkdir(parents=True, exist_ok=True)
        shutil.copytree(site, self.folder / name)
        history = [*self.history(), name]
        self._save(history[-keep:])
        for old in history[:-keep]:
            self._remove(old)
        return name

    def pop(self) -> None:
        """Forget the live release, once the previous one is published again."""
        history = self.history()
        if history:
            self._remove(history[-1])
            self._save(history[:-1])

    def _save(self, history: list[str]) -> None:
        temporary = self.folder / (STATE + ".tmp")
        temporary.write_text(json.dumps({"history": history}, indent=1) + "\n", encoding="utf-8")
        temporary.replace(self.folder / STATE)
