"""What a deploy sends and removes, in an order that keeps the live site whole.

The server keeps a manifest: every file we put there, with the SHA-256 of its bytes, and the
size and time the server's listing last showed for it; for each page, its address, source and
text fingerprint (pages.py); and the redirects of renamed pages (renames.py). A plan compares
it, and the listing, with the folder to publish. Uploads go in phases: files that pages refer
to (hashed assets, images) first, then pages that are new on the server, then pages that
change, then the files that announce pages (sitemap, robots.txt) — so a visitor never gets a
page whose stylesheet, image or linked page is not there yet (see order.py for why this
order is enough). Stale files are removed only on request, after every page is replaced, and
only files the manifest lists: anything else on the server was not put there by us and is
left alone.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.core.messages import text
from sitegen.deploy.pages import PageRecord, SitePages
from sitegen.deploy.transport import RemoteStat

MANIFEST = ".sitegen-manifest.json"
# Announce pages, or where old addresses go (Netlify's redirects): sent once every page is there.
LAST = ("sitemap.xml", "robots.txt", "_redirects")
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
    pages: dict[str, PageRecord] = field(default_factory=dict)  # by file, for pages
    redirects: dict[str, str] = field(default_factory=dict)  # renamed pages: old -> new

    @property
    def damaged(self) -> bool:
        return bool(self.damage)

    def record_page(self, path: str, pages: SitePages | None) -> None:
        """Record what pages know of the file at path, as it now is on the server."""
        page = pages.pages.get(path) if pages is not None else None
        if page is not None:
            self.pages[path] = page
        else:
            self.pages.pop(path, None)

    def to_bytes(self) -> bytes:
        seen = {
            path: [stat.size, stat.mtime, stat.resolution]
            for path, stat in sorted(self.seen.items())
            if path in self.files
        }
        pages = {
            path: page.to_json() for path, page in sorted(self.pages.items()) if path in self.files
        }
        data = {
            "generator": "sitegen",
            "version": 2,
            "files": dict(sorted(self.files.items())),
            "seen": seen,
            "pages": pages,
            "redirects": dict(sorted(self.redirects.items())),
        }
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

    @classmethod
    def from_bytes(cls, raw: bytes | None) -> Manifest:
        """The manifest read from the server: empty if there is none, damaged if unreadable
        or if any field holds what this deploy did not write there (checked, not trusted:
        a wrong type must not stop every deploy, and a path must stay below the folder)."""
        if raw is None:
            return cls()
        try:
            data = json.loads(raw.decode("utf-8"))
        except ValueError:
            return cls(damage=text("manifest_garbled"))
        try:
            return _checked(data)
        except _WrongFieldError as error:
            name = "manifest_wrong_entry" if error.key else "manifest_wrong_field"
            return cls(damage=text(name, field=error.field, entry=error.key))


class _WrongFieldError(Exception):
    """A field of the manifest that does not hold what a deploy writes there."""

    def __init__(self, field: str, key: str = ""):
        super().__init__(field, key)
        self.field, self.key = field, key


def _checked(data: object) -> Manifest:
    """The manifest that data (parsed JSON) describes; _WrongFieldError at the first wrong value."""
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        raise _WrongFieldError("files")
    for key in data.keys() - MANIFEST_FIELDS:
        raise _WrongFieldError(str(key))
    if data.get("generator", "sitegen") != "sitegen" or data.get("version", 1) not in (1, 2):
        raise _WrongFieldError("version")
    manifest = Manifest()
    for path, digest in data["files"].items():
        if not _is_relative_path(path) or not (digest == "" or _is_digest(digest)):
            raise _WrongFieldError("files", path)
        manifest.files[path] = digest
    # Version 1 had neither pages nor redirects: its pages are known by their file names.
    for path, value in _mapping(data, "seen").items():
        manifest.seen[path] = _seen(path, value)
    for path, value in _mapping(data, "pages").items():
        manifest.pages[path] = _page(path, value)
    for old, new in _mapping(data, "redirects").items():
        if not (_is_address(old) and _is_address(new)):
            raise _WrongFieldError("redirects", old)
        manifest.redirects[old] = new
    return manifest


MANIFEST_FIELDS = {"generator", "version", "files", "seen", "pages", "redirects"}


def _mapping(data: dict[str, object], name: str) -> dict[str, object]:
    value = data.get(name) or {}
    if not isinstance(value, dict):
        raise _WrongFieldError(name)
    for key in value:
        if not _is_relative_path(key) and name != "redirects":
            raise _WrongFieldError(name, key)
    return value


def _seen(path: str, value: object) -> RemoteStat:
    """[size, time or null, resolution in seconds], integers."""
    if not isinstance(value, list) or len(value) != 3:
        raise _WrongFieldError("seen", path)
    size, mtime, resolution = value
    if not (_is_count(size) and (mtime is None or _is_count(mtime)) and _is_count(resolution)):
        raise _WrongFieldError("seen", path)
    if resolution < 1:
        raise _WrongFieldError("seen", path)
    return RemoteStat(size, mtime, resolution)


def _page(path: str, value: object) -> PageRecord:
    if not isinstance(value, dict) or not set(value) <= {"url", "source", "text"}:
        raise _WrongFieldError("pages", path)
    url, source, fingerprint = value.get("url"), value.get("source", ""), value.get("text", "")
    if not (_is_address(url) and isinstance(source, str) and isinstance(fingerprint, str)):
        raise _WrongFieldError("pages", path)
    return PageRecord(url, source, fingerprint)  # type: ignore[arg-type]


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_digest(value: object) -> bool:
    return isinstance(value, str) and re.fullmatch(r"[0-9a-f]{64}", value) is not None


def _is_address(value: object) -> bool:
    """An address with the base path, as pages.py records it (quoted: no space or quote,
    which would break the line it is written into in .htaccess or _redirects)."""
    return isinstance(value, str) and re.fullmatch(r"/[^\s\"\\]*", value) is not None


def _is_relative_path(value: object) -> bool:
    """A path below the remote folder with `/` ("a/b.html"): nothing that climbs out of it."""
    if not isinstance(value, str) or not value or "\\" in value or "\0" in value:
        return False
    return all(part not in ("", ".", "..") for part in value.split("/"))


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
