"""Every version the editor wrote or replaced, kept per file in a folder of our own.

`.sitegen-history/` beside `content/` (not inside `.cache/`, which may be deleted at any
time), with a `.gitignore` of `*` so that it is never committed. Each version is one file
named by its time and kind: `.sitegen-history/content/about.md/20261207-004512-123456-save`.
Each file keeps at most MOST_PER_FILE versions and the folder at most MOST_BYTES; the oldest
go first. A photo's versions (`shared=True`) are hard links to one copy of its bytes in
`.sitegen-history/.objects/<SHA-256>`, so a photo put back after a replace is stored once.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from sitegen.core.files import replace_file
from sitegen.core.project import Project

FOLDER = ".sitegen-history"
KINDS = ("save", "before", "restore", "conflict", "create", "delete", "rename", "renamed")
# A rename's version names the file's other name in a note beside it (`….from`).
NOTE = ".from"
MOST_PER_FILE = 100
MOST_BYTES = 200 * 1024 * 1024
OBJECTS = ".objects"
_STAMP = "%Y%m%d-%H%M%S-%f"


@dataclass(frozen=True)
class Version:
    """One kept version of a file."""

    name: str  # its id in the folder: "20261207-004512-123456-save"
    kind: str
    time: datetime.datetime
    size: int
    digest: str
    path: Path
    note: str = ""  # a rename's other name: where the file came from, or went

    def read(self) -> bytes:
        return self.path.read_bytes()


class History:
    """The history folder of one project."""

    def __init__(self, project: Project):
        self.root = project.root / FOLDER
        self._lock = threading.Lock()

    def folder_of(self, name: str) -> Path:
        """The folder of one file's versions (name: `content/about.md`, already checked)."""
        return self.root.joinpath(*name.split("/"))

    def keep(
        self, name: str, data: bytes, kind: str, note: str = "", shared: bool = False
    ) -> Version | None:
        """Keep data as a version of name (not again if the newest version holds it);
        note is a rename's other name; shared: as a link to one copy of these bytes (photos)."""
        with self._lock:
            self.prepare()
            newest = self._newest(name)
            digest = hashlib.sha256(data).hexdigest()
            if newest is not None and newest.digest == digest and kind == "before":
                return newest
            stamp = datetime.datetime.now().strftime(_STAMP)
            if newest is not None and newest.name.startswith(stamp):
                stamp = (newest.time + datetime.timedelta(microseconds=1)).strftime(_STAMP)
            target = self.folder_of(name) / f"{stamp}-{kind}"
            if note:
                replace_file(target.with_name(target.name + NOTE), note.encode("utf-8"))
            if shared:
                self._link_shared(target, data, digest)
            else:
                replace_file(target, data)
            self._prune(name)
            return self._version(target)

    def versions(self, name: str) -> list[Version]:
        """name's versions, newest first."""
        folder = self.folder_of(name)
        if not folder.is_dir():
            return []
        found = [self._version(path) for path in folder.iterdir() if path.is_file()]
        return sorted((v for v in found if v is not None), key=lambda v: v.name, reverse=True)

    def _newest(self, name: str) -> Version | None:
        """name's newest version, found by its file name: the others are not read (a photo's
        versions can be many megabytes each)."""
        folder = self.folder_of(name)
        if not folder.is_dir():
            return None
        kept = (p for p in folder.iterdir() if p.is_file() and p.name.rpartition("-")[2] in KINDS)
        newest = max(kept, key=lambda p: p.name, default=None)
        return None if newest is None else self._version(newest)

    def find(self, name: str, version: str) -> Version | None:
        return next((v for v in self.versions(name) if v.name == version), None)

    def _version(self, path: Path) -> Version | None:
        stamp, _, kind = path.name.rpartition("-")
        if kind not in KINDS:
            return None
        try:
            time = datetime.datetime.strptime(stamp, _STAMP)
            data = path.read_bytes()
        except (ValueError, OSError):
            return None
        digest = hashlib.sha256(data).hexdigest()
        note = path.with_name(path.name + NOTE)
        said = note.read_text(encoding="utf-8", errors="replace") if note.is_file() else ""
        return Version(path.name, kind, time, len(data), digest, path, said)

    def deleted(self) -> list[tuple[str, Version]]:
        """The files below content/ whose newest version is their deletion, and still gone."""
        found = []
        top = self.root / "content"
        if not top.is_dir():
            return []
        for folder in sorted(p for p in top.rglob("*") if p.is_dir()):
            name = folder.relative_to(self.root).as_posix()
            newest = next(iter(self.versions(name)), None)
            gone = not (self.root.parent / name).exists()
            if newest is not None and newest.kind == "delete" and gone:
                found.append((name, newest))
        return found

    def prepare(self) -> None:
        """Make the folder with its `.gitignore` of `*`."""
        ignore = self.root / ".gitignore"
        if not ignore.exists():
            replace_file(ignore, b"# The browser editor's history (python build.py edit).\n*\n")

    def _link_shared(self, target: Path, data: bytes, digest: str) -> None:
        kept = self.root / OBJECTS / digest
        if not kept.is_file():
            replace_file(kept, data)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(kept, target)
        except OSError:  # a file system without hard links: a copy of its own
            replace_file(target, data)

    def _prune(self, name: str) -> None:
        """Drop name's oldest versions past MOST_PER_FILE, then the oldest of all past MOST_BYTES."""
        for old in self.versions(name)[MOST_PER_FILE:]:
            old.path.unlink(missing_ok=True)
            old.path.with_name(old.path.name + NOTE).unlink(missing_ok=True)
        objects = self.root / OBJECTS
        every = sorted(
            (
                p
                for p in self.root.rglob("*")
                if p.is_file() and p.name != ".gitignore" and p.parent != objects
            ),
            key=lambda p: p.name,
        )
        total = sum(p.stat().st_size for p in every)
        for path in every:
            if total <= MOST_BYTES:
                break
            total -= path.stat().st_size
            path.unlink(missing_ok=True)
        if objects.is_dir():  # a photo's bytes no version links to any more
            for kept in objects.iterdir():
                if kept.stat().st_nlink < 2:
                    kept.unlink(missing_ok=True)
