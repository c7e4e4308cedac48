"""The build cache of pages: converted bodies and finished pages, kept in .cache/pages/.

Two levels, each keyed by what it depends on (sitegen.incremental.page_keys): a converted body
(HTML, headings, problems), so that a template or data change renders every page again
without converting any Markdown; and a finished page, with its links and ids, its warnings,
and the pages its body looked up. Builds and previews keep separate folders (a preview
shows drafts), so neither evicts the other's entries.

A cached page reaches the staging folder as a hard link (a copy across file systems), after
checking that the cached file still has the size and modification time recorded when it was
stored: a file edited by hand, in the cache or in dist/ through the shared inode, fails the
check and its page is rendered again. Links and anchors, and the pages no other page links
to, are checked every build from the scans kept in the index.

Finished pages are files named by their key, written under a temporary name and renamed, so
two builds at once (the preview and a build) never see half an entry; bodies are rows of one
SQLite file (sitegen.incremental.body_store), written a chunk of pages at a time; the index
(marshal, sealed: three times faster to load than JSON at 10,000 pages) is last-writer-wins,
which costs at worst misses. A damaged or foreign index or entry is noted
in the project's cache (sitegen.incremental.cache: W801, once per build), ignored and rewritten;
deleting the folder is always safe.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import marshal
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from sitegen.core.files import replace_file
from sitegen.core.problems import Problem
from sitegen.incremental.body_store import BodyStore
from sitegen.incremental.cache import Cache
from sitegen.incremental.page_keys import FORMAT
from sitegen.incremental.sealed import read_sealed, write_sealed
from sitegen.render.page_body import Converted
from sitegen.source.site import Page
from sitegen.validate.links import Scanned

FOLDER = "pages"
INDEX = "index.marshal"
_MAGIC = b"sitegen-page-index\n"


@dataclass(frozen=True)
class Stored:
    """A finished page in the cache, as the index records it."""

    size: int
    mtime_ns: int
    scan: Scanned
    body: str  # the key of its converted body, kept while the page is
    seen: dict[str, str]  # the pages its body looked up (records.LookedUp)
    warnings: list[list[Any]]  # as JSON (problem_entries), its file left out when the page's
    output: str = ""  # the page's file in the output
    names: frozenset[str] = frozenset()  # the inputs it read (records), by name
    own: str = ""  # what is its own (page_keys.page_own)
    file: str = ""  # its content file's digest, as it was read
    media: bool = False  # whether that file's body may show media (page_keys.may_show_media)


class PageCache:
    """The page cache of one project and mode, and the index read at the start of a build."""

    def __init__(self, cache: Cache, folder: Path):
        self.cache = cache  # the project's cache, which holds the notes of damaged files
        self.folder = folder
        self._pages = os.path.join(folder, "html")
        self.bodies = BodyStore(cache, folder)
        self._made: set[str] = set()
        self._inodes: dict[str, int] = {}  # of the files lookup found whole, by key
        self.inputs: dict[str, str] = {}  # each input's digest in the build that saved the index
        self.collected = ""  # the day every entry on disk was last looked at (_collect)
        self.index: dict[str, Stored] = self._read_index()
        self.by_output = {stored.output: key for key, stored in self.index.items()}

    # ------------------------------------------------------------------ finished pages

    def page_file(self, key: str) -> str:
        # Strings, not Paths: this runs for every page of every build.
        return os.path.join(self._pages, key[:2], key + ".html")

    def lookup(self, key: str) -> Stored | None:
        """The index entry of a finished page, if its file is still as it was stored."""
        stored = self.index.get(key)
        if stored is None:
            return None
        try:
            now = os.stat(self.page_file(key))
        except OSError:
            return None
        if now.st_size != stored.size or now.st_mtime_ns != stored.mtime_ns:
            return None
        self._inodes[key] = now.st_ino
        return stored

    def inode(self, key: str) -> int | None:
        """The inode of a finished page's file: as lookup found it, else as it is now."""
        known = self._inodes.get(key)
        if known is None:
            try:
                known = os.stat(self.page_file(key)).st_ino
            except OSError:
                return None
        return known

    def place(self, key: str, target: str) -> bool:
        """Put the cached page at target (a hard link, or a copy); False if it is gone."""
        source = self.page_file(key)
        try:
            os.link(source, target)
        except FileNotFoundError:
            return False  # removed by a build running at the same time
        except OSError:
            try:
                shutil.copyfile(source, target)
            except OSError:
                return False
        return True

    def store_page(
        self, key: str, written: Path, stat: os.stat_result | None = None
    ) -> tuple[int, int] | None:
        """Enter a page just written to the staging folder; its size and mtime, or None.

        stat is the written file's, when the caller has it (the entry is the same file).
        """
        target = self.page_file(key)
        try:
            self._folder_of(target)
            try:
                # Most often the entry is new: one link, no temporary name.
                os.link(written, target)
            except FileExistsError:
                # An old entry (a file edited by hand, a build at the same time): replaced
                # whole by a rename, never rewritten in place.
                temporary = f"{target}.{os.getpid()}.tmp"
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temporary)
                os.link(written, temporary)
                os.replace(temporary, target)
            if stat is None or os.name == "nt":  # Windows may set the time at close
                stat = os.stat(target)
        except OSError:
            try:  # another file system, or no hard links there: a copy
                _write_entry(target, Path(written).read_bytes())
                stat = os.stat(target)
            except OSError:
                return None  # a cache that cannot be written only costs the next build time
        return stat.st_size, stat.st_mtime_ns

    def _folder_of(self, path: str) -> None:
        """Make the folder of an entry once per process (there are 256 of each kind)."""
        folder = os.path.dirname(path)
        if folder not in self._made:
            os.makedirs(folder, exist_ok=True)
            self._made.add(folder)

    # ------------------------------------------------------------------ bodies

    def read_body(self, key: str, page: Page) -> Converted | None:
        """The converted body stored under key; None (and a note) if it is missing or bad."""
        stored = self.bodies.get(key)
        if stored is None:
            return None
        try:
            data = json.loads(stored)
            if data["format"] != FORMAT:
                raise ValueError("format")
            body = Converted(
                Markup(str(data["html"])),
                list(data["toc"]),
                problems_of(_entries(data["problems"]), page),
                _seen(data["seen"]),
            )
        except (ValueError, KeyError, TypeError):
            self.cache.note(self.bodies.path)
            return None
        return body

    def store_body(self, key: str, body: Converted, page: Page) -> None:
        problems = problem_entries(body.problems, page)
        data = {
            "format": FORMAT,
            "html": str(body.html),
            "toc": body.toc,
            "problems": problems,
            "seen": body.seen,
        }
        self.bodies.put(key, json.dumps(data, ensure_ascii=False).encode())

    def settle_bodies(self, kept: set[str]) -> None:
        """Keep only the converted bodies under kept: remove those the last index named and
        this build does not, and once a day every other one (as _collect does for pages;
        rewriting the list of 10,000 kept bodies took a twentieth of every rebuild)."""
        if self.collected != datetime.date.today().isoformat():
            self.bodies.settle(kept)
        else:
            self.bodies.settle(kept, {s.body for s in self.index.values()} - kept)

    def flush(self) -> None:
        """Write the bodies stored so far (a worker, at the end of its chunk)."""
        self.bodies.flush()

    # ------------------------------------------------------------------ the index

    def _read_index(self) -> dict[str, Stored]:
        path = self.folder / INDEX
        try:
            data = marshal.loads(read_sealed(path, _MAGIC))
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise ValueError("format")
            lists = [frozenset(names) for names in data["lists"]]
            self.inputs = dict(data["inputs"])
            pages = {key: _stored(entry, lists) for key, entry in data["pages"].items()}
            self.collected = data["collected"]
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, KeyError, TypeError, IndexError, EOFError):
            self.cache.note(path)
            self.inputs = {}
            return {}
        return pages

    def recorded(self, output: str) -> tuple[str, Stored] | None:
        """The entry the last build made for this output file, with its key."""
        key = self.by_output.get(output)
        return None if key is None else (key, self.index[key])

    def save(self, pages: dict[str, Stored], inputs: dict[str, str]) -> None:
        """Write the index of a successful build and remove the entries it no longer names.

        inputs holds the digest of every input the pages name, for `--explain`.
        """
        lists: dict[frozenset[str], int] = {}
        for s in pages.values():
            lists.setdefault(s.names, len(lists))
        today = datetime.date.today().isoformat()
        shared: dict[str, str] = {}
        data = {
            "format": FORMAT,
            "inputs": inputs,
            "lists": [sorted(names) for names in lists],
            "pages": {key: _entry(s, lists[s.names], shared) for key, s in pages.items()},
            "collected": today,
        }
        with contextlib.suppress(OSError):
            write_sealed(self.folder / INDEX, _MAGIC, marshal.dumps(data))
            self._collect(set(pages), every=self.collected != today)
        self.bodies.close()
        # Bodies were files in body/ before they moved into one database, the index JSON.
        shutil.rmtree(self.folder / "body", ignore_errors=True)
        with contextlib.suppress(OSError):
            os.unlink(self.folder / "index.json")

    def _collect(self, keep: set[str], every: bool) -> None:
        """Remove the entries no page of this build uses (old versions, deleted pages).

        Those the last index named are known; every entry on disk is looked at once a day
        (and when the last index could not be read), for the entries of a build that stopped
        before saving its index, or whose index another build's replaced. Listing 10,000
        entries took a twentieth of every rebuild. A build running at the same time may lose
        an entry it has just written: a miss for it next time (or a page rendered again
        instead of placed), never a wrong page.
        """
        if not every:
            for key in self.index.keys() - keep:
                with contextlib.suppress(OSError):
                    os.unlink(self.page_file(key))
            return
        names = {f"{key}.html" for key in keep}
        top = os.path.join(self.folder, "html")
        if not os.path.isdir(top):
            return
        for group in os.scandir(top):
            if not group.is_dir():
                continue
            for entry in os.scandir(group.path):
                if entry.name not in names:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)


def open_cache(cache: Cache, preview: bool = False) -> PageCache | None:
    """The page cache inside the project's cache (None when that is off: `--no-cache`)."""
    folder = cache.folder(FOLDER)
    if folder is None:
        return None
    return PageCache(cache, folder / ("preview" if preview else "build"))


def _write_entry(path: Path | str, data: bytes) -> None:
    """Write a cache file whole (core.files: a reader sees it complete or not at all)."""
    replace_file(Path(path), data)


def problem_entries(problems: list[Problem], page: Page) -> list[list[Any]]:
    """Problems as JSON; the file left out when it is the page's own (which may move)."""
    return [
        [
            p.code,
            p.text,
            None if p.path == page.source else (str(p.path) if p.path else ""),
            p.line,
            p.column,
            p.hint,
        ]
        for p in problems
    ]


def problems_of(entries: list[list[Any]], page: Page) -> list[Problem]:
    """The problems problem_entries made, of page as this build reads it."""
    found = []
    for code, text, path, line, column, hint in entries:
        where = page.source if path is None else (Path(path) if path else None)
        found.append(Problem(str(code), str(text), where, line, column, hint))
    return found


def _entries(data: object) -> list[list[Any]]:
    if not isinstance(data, list) or not all(
        isinstance(entry, list) and len(entry) == 6 for entry in data
    ):
        raise TypeError("problems")
    return data


def _seen(data: object) -> dict[str, str]:
    if not isinstance(data, dict):
        raise TypeError("seen")
    return {str(k): str(v) for k, v in data.items()}


def _entry(stored: Stored, names: int, shared: dict[str, str]) -> tuple[Any, ...]:
    """An index entry of the page as save() writes it (names: the number of its list).

    Each link and id is written once (marshal refers to an object written before): every
    page links to the same stylesheet, icons and menu, which made the index twice as long.
    """
    s = stored
    links, ids = s.scan.links, s.scan.ids
    scan = (list(map(shared.setdefault, links, links)), sorted(map(shared.setdefault, ids, ids)))
    rest = (s.body, s.seen, s.warnings, s.output, names, s.own, s.file, s.media)
    return (s.size, s.mtime_ns, *scan, *rest)


def _stored(entry: tuple[Any, ...], lists: list[frozenset[str]]) -> Stored:
    """An index entry as save() wrote it (sealed: the bytes are those written)."""
    size, mtime, links, ids, body, seen, warnings, output, names, own, file, media = entry
    scan = Scanned(links, set(ids))
    return Stored(size, mtime, scan, body, seen, warnings, output, lists[names], own, file, media)
