"""What a deploy sends and removes, in an order that keeps the live site whole.

The server keeps a manifest: every file we put there, with the SHA-256 of its bytes, and the
size and time the server's listing last showed for it. A plan compares it, and the listing,
with the folder to publish. Uploads go in phases: files that pages refer to (hashed assets,
images) first, then pages that are new on the server, then pages that change, then the files
that announce pages (sitemap, robots.txt) — so a visitor never gets a page whose stylesheet,
image or linked page is not there yet (see order.py for why this order is enough). Stale
files are removed only on request, after every page is replaced, and only files the manifest
lists: anything else on the server was not put there by us and is left alone.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.deploy.transport import RemoteStat

MANIFEST = ".sitegen-manifest.json"
# Announce pages: sent once every page is there.
LAST = ("sitemap.xml", "robots.txt")
ASSETS, NEW_PAGES, CHANGED_PAGES, ANNOUNCE = range(4)


@dataclass(frozen=True)
class Plan:
    """Uploads in phases (each a list of paths), deletions, and what is unchanged."""

    phases: list[list[str]]
    delete: list[str]
    unchanged: list[str]
    drifted: list[str] = field(default_factory=list)  # changed or missing on the server

    @property
    def uploads(self) -> list[str]:
        return [path for phase in self.phases for path in phase]


@dataclass
class Manifest:
    """The files on the server that we put there, with their hashes.

    seen holds, for files whose content we trust, the size and time the server's listing
    showed: a later listing that differs means someone changed the file on the server.
    damage says why, when the server held a manifest that could not be read.
    """

    files: dict[str, str] = field(default_factory=dict)
    seen: dict[str, RemoteStat] = field(default_factory=dict)
    damage: str = ""

    @property
    def damaged(self) -> bool:
        return bool(self.damage)

    def to_bytes(self) -> bytes:
        seen = {
            path: [stat.size, stat.mtime, stat.resolution]
            for path, stat in sorted(self.seen.items())
            if path in self.files
        }
        data = {
            "generator": "sitegen",
            "version": 1,
            "files": dict(sorted(self.files.items())),
            "seen": seen,
        }
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

    @classmethod
    def from_bytes(cls, raw: bytes | None) -> Manifest:
        """The manifest read from the server: empty if there is none, damaged if unreadable."""
        if raw is None:
            return cls()
        try:
            data = json.loads(raw.decode("utf-8"))
            files = data["files"]
            if not isinstance(files, dict):
                raise ValueError("files")
            manifest = cls({str(k): str(v) for k, v in files.items()})
            for path, value in (data.get("seen") or {}).items():
                size, mtime, resolution = value
                manifest.seen[str(path)] = RemoteStat(int(size), mtime, int(resolution))
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            return cls(damage=type(error).__name__)
        return manifest


def local_files(folder: Path) -> dict[str, str]:
    """Every file below folder (relative, with `/`) and the SHA-256 of its bytes."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            relative = path.relative_to(folder).as_posix()
            found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def make_plan(
    local: dict[str, str],
    remote: dict[str, str],
    delete: bool,
    on_server: set[str] | None = None,
    drifted: set[str] | frozenset[str] = frozenset(),
) -> Plan:
    """The plan that makes the server hold local (and, with delete, nothing else of ours).

    on_server: the files the server's listing shows (None: trust the manifest alone);
    drifted: files of ours that the listing shows changed or missing, sent again.
    """
    present = set(remote) if on_server is None else on_server
    changed = [p for p in sorted(local) if remote.get(p) != local[p] or p in drifted]
    unchanged = [p for p in sorted(local) if remote.get(p) == local[p] and p not in drifted]
    phases: list[list[str]] = [[], [], [], []]
    for path in changed:
        phases[_phase(path, path in present)].append(path)
    stale = sorted(path for path in remote if path not in local) if delete else []
    return Plan(phases, stale, unchanged, sorted(p for p in drifted if p in local))


def _phase(path: str, on_server: bool) -> int:
    if path in LAST:
        return ANNOUNCE
    if path.endswith(".html"):
        return CHANGED_PAGES if on_server else NEW_PAGES
    return ASSETS
