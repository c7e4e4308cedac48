"""A persistent cache of build results in the project's `.cache/` folder.

One folder for all of a build's caches: image variants and file hashes here, pages below
`.cache/pages/` (sitegen.incremental.page_cache). Whatever is damaged in any of them is ignored
with the same note (W801, once per build) and rewritten; `--no-cache` builds with
`Cache(None)`, which reads and writes nothing.

Entries are files named by a key (any string; hashed into the file name), each written whole
through `core.files.replace_file`, so two builds at once each see an entry complete or not at
all. Beside each entry's bytes a small label holds its key, size and checksum: an entry that
is truncated, damaged or from another key is ignored (with a W note) and rewritten. The
folder may be deleted at any time; the next build simply does the work again.

A second table remembers the SHA-256 of source files by path, size and modification time, so
an unchanged large file (a photo) is not read again to learn its hash.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from sitegen.core.files import replace_file
from sitegen.core.problems import Problem
from sitegen.incremental.sealed import seal, unseal

FOLDER = ".cache"
_MAGIC = b"sitegen-cache 2\n"
_MEMO_FILE = "source-hashes.json"
# A file changed this recently may change again with the same size and time (git's "racily
# clean" files; FAT keeps times to 2 s): its digest is computed, never kept.
_RACY_NS = 3_000_000_000


class Cache:
    """get/put bytes by key, and file hashes remembered by size and modification time."""

    def __init__(self, root: Path | None):
        """A cache in root (usually `PROJECT/.cache`); None keeps nothing (every get misses)."""
        self.root = root
        self.notes: list[Problem] = []
        self._lock = threading.RLock()
        self._memo: dict[str, list[object]] | None = None
        self._memo_changed = False
        # The files of entries/ and templates/ this run used, relative to root (collect()).
        self.used: set[str] = set()

    @classmethod
    def for_project(cls, project_root: Path, use: bool = True) -> Cache:
        """The project's cache; with use false one that keeps nothing (`--no-cache`)."""
        return cls(project_root / FOLDER if use else None)

    def folder(self, name: str) -> Path | None:
        """A folder of its own in the cache for another kind of entry (None if it is off)."""
        if self.root is None:
            return None
        _ignore_in_git(self.root)
        return self.root / name

    # --- entries --------------------------------------------------------------------------

    def _paths(self, key: str) -> tuple[Path, Path]:
        """The entry's bytes, as they are (so they can be linked), and its label."""
        assert self.root is not None
        # The format is part of the name: an entry of another format is never read.
        digest = hashlib.sha256(_MAGIC + key.encode("utf-8")).hexdigest()
        self.used.add(f"entries/{digest[:2]}/{digest[2:]}")
        blob = self.root / "entries" / digest[:2] / digest[2:]
        return blob, blob.with_name(blob.name + ".label")

    def _label(self, key: str, label: Path) -> dict[str, object] | None:
        try:
            raw = label.read_bytes()
        except OSError:
            return None
        data = _unwrap(raw, key)
        header = _json(data) if data is not None else None
        if not isinstance(header, dict):
            self.note(label)
            return None
        return header

    def get(self, key: str) -> bytes | None:
        """The bytes stored under key, or None if there are none (or they are damaged)."""
        if self.root is None:
            return None
        blob, label = self._paths(key)
        header = self._label(key, label)
        if header is None:
            return None
        try:
            data = blob.read_bytes()
        except OSError:
            return None
        if len(data) != header.get("size") or _sha(data) != header.get("sha256"):
            self.note(blob)
            return None
        return data

    def file_of(self, key: str, size: int | None = None) -> str | None:
        """The file holding the entry of key, to link or copy it without reading it.

        Only its size is checked (reading every entry would cost what the cache saves):
        against its label, or against size when the caller remembers it (one file read
        less per entry). Entries are never changed in place, so a link to one stays valid.
        """
        if self.root is None:
            return None
        if size is None:
            _, label = self._paths(key)
            header = self._label(key, label)
            if header is None:
                return None
            size = header.get("size")  # type: ignore[assignment]
        # Plain strings: a cached build asks this for every variant of every image.
        # The format is part of the name: an entry of another format is never read.
        digest = hashlib.sha256(_MAGIC + key.encode("utf-8")).hexdigest()
        self.used.add(f"entries/{digest[:2]}/{digest[2:]}")
        path = os.path.join(self.root, "entries", digest[:2], digest[2:])
        try:
            actual = os.stat(path).st_size
        except OSError:
            return None
        if actual != size:
            self.note(Path(path))
            return None
        return path

    def put(self, key: str, data: bytes) -> Path | None:
        """Store data under key; returns the entry's file (None if the cache is off or fails).

        A cache that cannot be written (a read-only folder, a full disk) only costs time.
        """
        if self.root is None:
            return None
        return self._store(key, None, data)

    def enter(self, key: str, path: Path, data: bytes) -> Path | None:
        """Store under key the file at path, which holds data: the entry is the same file
        (a hard link) where the file system allows, else a copy. None if the cache is off
        or fails. The file at path must never be changed in place afterwards."""
        if self.root is None:
            return None
        return self._store(key, path, data)

    def _store(self, key: str, path: Path | None, data: bytes) -> Path | None:
        """The entry key: the file at path linked in (else data written), then its label."""
        assert self.root is not None
        blob, label = self._paths(key)
        header = {"size": len(data), "sha256": _sha(data)}
        try:
            _ignore_in_git(self.root)
            if path is None or not _linked(path, blob):
                replace_file(blob, data)
            replace_file(label, _wrap(key, json.dumps(header).encode("utf-8")))
        except OSError:
            return None
        return blob

    def collected_notes(self) -> list[Problem]:
        """One note for all the damaged entries met so far (one per build is enough to read)."""
        with self._lock:
            if not self.notes:
                return []
            first = self.notes[0]
            self.notes.clear()
        return [first]

    def has_note(self, path: Path) -> bool:
        """Whether a damaged file at path was met, and not yet collected."""
        with self._lock:
            return any(note.path == path for note in self.notes)

    def note(self, path: Path) -> None:
        """A damaged or foreign cache file met: ignored, to be rewritten (W801)."""
        with self._lock:
            self.notes.append(Problem.of("W801", path))

    # --- collection ------------------------------------------------------------------------

    def collect(self, mode: str, started: float) -> None:
        """After a successful run of mode (build, preview, check): remove the entries no
        mode used in its last successful run, but none written since started (a run going
        on at the same time may have just made it). Deleting any entry costs time only."""
        if self.root is None:
            return
        folder = self.root / "used"
        with contextlib.suppress(OSError):
            replace_file(folder / f"{mode}.txt", "\n".join(sorted(self.used)).encode())
        kept: set[str] = set()
        try:
            for record in folder.glob("*.txt"):
                kept.update(record.read_text("utf-8").split())
        except (OSError, UnicodeDecodeError):
            return  # unsure what another mode uses: keep everything
        for kind in ("entries", "templates"):
            _remove_unused(self.root, kind, kept, started)
        self._prune_memo()

    def _prune_memo(self) -> None:
        """Forget the hashes of files that are gone (renamed or deleted photos)."""
        memo = self._load_memo()
        gone = [name for name in memo if not os.path.exists(name)]
        for name in gone:
            del memo[name]
        if gone:
            self._memo_changed = True
            self.save()

    # --- source file hashes ---------------------------------------------------------------

    def file_hash(self, path: Path, compute: Callable[[Path], str] | None = None) -> str:
        """The SHA-256 of a file (compute's result, if given), computed again only when its
        size or modification time changed."""
        stat = path.stat()
        stamp = [stat.st_size, stat.st_mtime_ns]
        name = os.path.abspath(path)
        with self._lock:
            memo = self._load_memo()
            known = memo.get(name)
            if known is not None and known[:2] == stamp:
                return str(known[2])
        digest = (compute or _sha256_file)(path)
        if time.time_ns() - stat.st_mtime_ns < _RACY_NS:
            return digest
        with self._lock:
            self._load_memo()[name] = [*stamp, digest]
            self._memo_changed = True
        return digest

    def _load_memo(self) -> dict[str, list[object]]:
        if self._memo is None:
            self._memo = {}
            if self.root is not None:
                path = self.root / _MEMO_FILE
                try:
                    raw = path.read_bytes()
                except OSError:
                    raw = None
                if raw is not None:
                    data = _unwrap(raw, _MEMO_FILE)
                    loaded = _json(data) if data is not None else None
                    if isinstance(loaded, dict):
                        self._memo = loaded
                    else:
                        self.note(path)
        return self._memo

    def save(self) -> None:
        """Write the file-hash table if it changed (a lost race with another build is harmless)."""
        if self.root is None or not self._memo_changed or self._memo is None:
            return
        data = json.dumps(self._memo, sort_keys=True).encode("utf-8")
        try:
            replace_file(self.root / _MEMO_FILE, _wrap(_MEMO_FILE, data))
            _ignore_in_git(self.root)
        except OSError:
            return
        self._memo_changed = False


def _remove_unused(root: Path, kind: str, kept: set[str], started: float) -> None:
    """Remove each file below root/kind (an entry with its label) that is not kept and is
    older than started; kept names them from root ("entries/ab/cd…", "templates/x.bin")."""
    for folder, _, names in os.walk(root / kind):
        where = Path(folder).relative_to(root).as_posix()
        for name in names:
            if f"{where}/{name.removesuffix('.label')}" in kept:
                continue
            with contextlib.suppress(OSError):
                path = os.path.join(folder, name)
                if os.stat(path).st_mtime < started:
                    os.unlink(path)


def _linked(source: Path, target: Path) -> bool:
    """Whether target is now a hard link to source (replaced whole, never in place)."""
    temporary = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        os.link(source, temporary)
        os.replace(temporary, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return False
    return True


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _wrap(key: str, data: bytes) -> bytes:
    return seal(_label(key), data)


def _unwrap(raw: bytes, key: str) -> bytes | None:
    """The data of an entry written by _wrap for key, or None if it is anything else."""
    return unseal(raw, _label(key))


def _label(key: str) -> bytes:
    return _MAGIC + key.encode("utf-8", "surrogatepass") + b"\n"


def _json(raw: bytes) -> object:
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None


def _sha256_file(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def _ignore_in_git(root: Path) -> None:
    """A .gitignore inside the cache folder, so it is never committed wherever it is."""
    marker = root / ".gitignore"
    if not marker.exists():
        root.mkdir(parents=True, exist_ok=True)
        with open(os.open(marker, os.O_WRONLY | os.O_CREAT, 0o644), "w") as stream:
            stream.write("*\n")
