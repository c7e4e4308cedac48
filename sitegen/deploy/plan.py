"""What a deploy sends and removes, in an order that keeps the live site whole.

The server keeps a manifest: every file we put there, with the SHA-256 of its bytes. A plan
compares it with the folder to publish. Uploads go in phases: files that pages refer to
(hashed assets, images) first, then the pages, then the files that announce pages (sitemap,
robots.txt) — so a visitor never gets a page whose stylesheet or image is not there yet.
Stale files are removed only on request, after every page is replaced, and only files the
manifest lists: anything else on the server was not put there by us and is left alone.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".sitegen-manifest.json"
# Announce pages: sent once every page is there.
LAST = ("sitemap.xml", "robots.txt")


@dataclass(frozen=True)
class Plan:
    """Uploads in phases (each a list of paths), deletions, and what is unchanged."""

    phases: list[list[str]]
    delete: list[str]
    unchanged: list[str]

    @property
    def uploads(self) -> list[str]:
        return [path for phase in self.phases for path in phase]


@dataclass
class Manifest:
    """The files on the server that we put there, with their hashes."""

    files: dict[str, str] = field(default_factory=dict)

    def to_bytes(self) -> bytes:
        data = {"generator": "sitegen", "version": 1, "files": dict(sorted(self.files.items()))}
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

    @classmethod
    def from_bytes(cls, raw: bytes | None) -> Manifest:
        """The manifest read from the server; an unreadable one counts as empty."""
        if not raw:
            return cls()
        try:
            files = json.loads(raw.decode("utf-8")).get("files", {})
        except (ValueError, AttributeError):
            return cls()
        return cls({str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {})


def local_files(folder: Path) -> dict[str, str]:
    """Every file below folder (relative, with `/`) and the SHA-256 of its bytes."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            relative = path.relative_to(folder).as_posix()
            found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def make_plan(local: dict[str, str], remote: dict[str, str], delete: bool) -> Plan:
    """The plan that makes the server hold local (and, with delete, nothing else of ours)."""
    changed = [path for path in sorted(local) if remote.get(path) != local[path]]
    unchanged = [path for path in sorted(local) if remote.get(path) == local[path]]
    phases: list[list[str]] = [[], [], []]
    for path in changed:
        phases[_phase(path)].append(path)
    stale = sorted(path for path in remote if path not in local) if delete else []
    return Plan(phases, stale, unchanged)


def _phase(path: str) -> int:
    if path in LAST:
        return 2
    if path.endswith(".html"):
        return 1
    return 0
