"""The last few published builds, kept on this computer so that one can be put back."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

STATE = "state.json"


@dataclass(frozen=True)
class Releases:
    """Copies of published folders below folder, oldest first, and which one is live."""

    folder: Path

    def _state(self) -> dict[str, object]:
        try:
            return json.loads((self.folder / STATE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {"releases": [], "current": None}

    def names(self) -> list[str]:
        return [n for n in self._state().get("releases", []) if (self.folder / n).is_dir()]  # type: ignore[union-attr]

    def current(self) -> str | None:
        current = self._state().get("current")
        return current if isinstance(current, str) and current in self.names() else None

    def previous(self) -> str | None:
        """The release published before the live one."""
        names, current = self.names(), self.current()
        if current is None:
            return None
        index = names.index(current)
        return names[index - 1] if index > 0 else None

    def path(self, name: str) -> Path:
        return self.folder / name

    def keep(self, site: Path, keep: int) -> str:
        """Store a copy of site as the live release; drop all but the newest keep."""
        name = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        self.folder.mkdir(parents=True, exist_ok=True)
        shutil.copytree(site, self.folder / name)
        names = [n for n in self.names() if n != name] + [name]
        for old in names[:-keep]:
            shutil.rmtree(self.folder / old, ignore_errors=True)
        self._save(names[-keep:], name)
        return name

    def mark_current(self, name: str) -> None:
        self._save(self.names(), name)

    def _save(self, names: list[str], current: str) -> None:
        state = {"releases": names, "current": current}
        temporary = self.folder / (STATE + ".tmp")
        temporary.write_text(json.dumps(state, indent=1) + "\n", encoding="utf-8")
        temporary.replace(self.folder / STATE)
