"""The build cache of pages: converted bodies and finished pages kept in .cache/pages/.

Two levels, each keyed by a sha256 of everything its value depends on:

- a body (its HTML and headings) by the body's text, the Markdown converter (our code and
  the versions of Markdown, BudouX and pymdown-extensions), the assets, the base path and
  the ids a heading may not take: a template or data change re-renders every page through
  the templates without converting any Markdown again;
- a finished page by the global fingerprint (our code, our dependencies, every template,
  site.yml, data, sections, models, assets and, when a template names `pages`, the path,
  address and front matter of every page: what menus and lists may show of other pages;
  their bodies too if a template reads a `.body`) and the page's own path and text.

A cached page reaches the staging folder as a hard link (a copy across file systems), after
checking that the cached file still has the size and modification time recorded when it was
stored: a file edited by hand, in the cache or in dist/ through the shared inode, fails the
check and its page is rendered again. Links and anchors are checked every build from the
scans kept in the index, so what a page takes from other pages is either in its key or
recomputed.

Entries are files named by their key, written under a temporary name and renamed, so two
builds at once (the preview and a build) never see half an entry; the index (JSON) is
last-writer-wins, which costs at worst misses. A damaged or foreign index or entry is
ignored with a note and rewritten; deleting the folder is always safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen.core.problems import Problem
from sitegen.core.project import Project
from sitegen.source.site import Page, Site
from sitegen.validate.links import Scanned

FOLDER = Path(".cache") / "pages"
FORMAT = "sitegen-page-cache/1"
INDEX = "index.json"
_DEPENDENCIES = ("jinja2", "markupsafe", "markdown", "pymdownx", "budoux", "yaml")
# A template that reads a page's body (`p.body`) may show other pages' text: then every
# page's text is part of every page's key.
_READS_BODY = re.compile(r"\.body\b|\[\s*[\"']body[\"']\s*\]")
# Only a template that names `pages` sees other pages (their titles in a menu, a news list).
_READS_PAGES = re.compile(r"\bpages\b")


@dataclass(frozen=True)
class Stored:
    """A finished page in the cache, as the index records it."""

    size: int
    mtime_ns: int
    scan: Scanned
    body: str  # the key of its converted body, kept while the page is


@dataclass(frozen=True)
class Body:
    """A converted body: its HTML, its table of contents and its problems."""

    html: str
    toc: list[dict[str, Any]]
    problems: list[Problem]


@dataclass
class Keys:
    """The keys of one build: each page's output key and body key, by output path."""

    pages: dict[str, str] = field(default_factory=dict)
    bodies: dict[str, str] = field(default_factory=dict)


class PageCache:
    """The cache folder of one project, and the index read at the start of a build."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._pages = os.path.join(folder, "html")
        self._bodies = os.path.join(folder, "body")
        self._made: set[str] = set()
        self.notes: list[Problem] = []
        self.index: dict[str, Stored] = self._read_index()

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
        return stored

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

    def store_page(self, key: str, written: Path) -> tuple[int, int] | None:
        """Enter a page just written to the staging folder; its size and mtime, or None."""
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

    def body_file(self, key: str) -> str:
        return os.path.join(self._bodies, key[:2], key + ".json")

    def read_body(self, key: str, page: Page) -> Body | None:
        """The converted body stored under key; None (and a note) if it is missing or bad."""
        path = self.body_file(key)
        try:
            with open(path, "rb") as stream:
                data = json.loads(stream.read())
            body = Body(
                str(data["html"]),
                list(data["toc"]),
                [
                    Problem(str(c), str(t), page.source, line, column, hint)
                    for c, t, line, column, hint in data["problems"]
                ],
            )
            if data["format"] != FORMAT:
                raise ValueError("format")
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as error:
            self.notes.append(_note(Path(path), error))
            return None
        return body

    def store_body(self, key: str, body: Body) -> None:
        problems = [[p.code, p.text, p.line, p.column, p.hint] for p in body.problems]
        data = {"format": FORMAT, "html": body.html, "toc": body.toc, "problems": problems}
        path = self.body_file(key)
        self._folder_of(path)
        _write_entry(path, json.dumps(data, ensure_ascii=False).encode(), made=True)

    # ------------------------------------------------------------------ the index

    def _read_index(self) -> dict[str, Stored]:
        path = self.folder / INDEX
        try:
            data = json.loads(path.read_bytes())
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise ValueError("format")
            return {
                str(key): Stored(int(size), int(mtime), Scanned(list(links), set(ids)), str(body))
                for key, (size, mtime, links, ids, body) in data["pages"].items()
            }
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, KeyError, TypeError) as error:
            self.notes.append(_note(path, error))
            return {}

    def save(self, pages: dict[str, Stored]) -> None:
        """Write the index of a successful build and remove the entries it no longer names."""
        entries = {
            key: [s.size, s.mtime_ns, s.scan.links, sorted(s.scan.ids), s.body]
            for key, s in pages.items()
        }
        data = {"format": FORMAT, "pages": entries}
        keep = {f"{key}.html" for key in pages} | {f"{s.body}.json" for s in pages.values()}
        with contextlib.suppress(OSError):
            _write_entry(self.folder / INDEX, json.dumps(data, ensure_ascii=False).encode())
            self._collect(keep)

    def _collect(self, keep: set[str]) -> None:
        """Remove the entries no page of this build uses (old versions, deleted pages).

        A build running at the same time may lose an entry it has just written: a miss for
        it next time, never a wrong page.
        """
        for kind in ("html", "body"):
            top = self.folder / kind
            if not top.is_dir():
                continue
            for group in os.scandir(top):
                if not group.is_dir():
                    continue
                for entry in os.scandir(group.path):
                    if entry.name not in keep:
                        with contextlib.suppress(OSError):
                            os.unlink(entry.path)


def open_cache(project: Project) -> PageCache:
    return PageCache(project.root / FOLDER)


def _write_entry(path: Path | str, data: bytes, made: bool = False) -> None:
    """Write a cache file whole under a temporary name, then rename it into place.

    The temporary name is the process's own: two builds never write the same temporary file.
    """
    if not made:
        os.makedirs(os.path.dirname(path), exist_ok=True)
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        with open(temporary, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _note(path: Path, error: BaseException) -> Problem:
    return Problem.of("W801", path, detail=f"{type(error).__name__}: {error}"[:200])


# ---------------------------------------------------------------------- keys


def _digest(*parts: bytes | str) -> str:
    """sha256 of the parts, each preceded by its length (so that no two lists collide)."""
    data = [p.encode("utf-8", "surrogatepass") if isinstance(p, str) else p for p in parts]
    lengths = b"".join(len(d).to_bytes(8, "little") for d in data)
    return hashlib.sha256(lengths + b"".join(data)).hexdigest()


def _files(folder: Path, base: Path) -> list[bytes | str]:
    """Every file below folder, as (its path, its bytes), in a stable order."""
    if not folder.is_dir():
        return []
    parts: list[bytes | str] = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            parts += [path.relative_to(base).as_posix(), path.read_bytes()]
    return parts


def code_fingerprint() -> str:
    """Our own code and the versions of the libraries whose output we keep."""
    package = Path(__file__).resolve().parent.parent
    return _digest(FORMAT, sys.version, *_versions(), *_files(package, package))


def _versions() -> list[str]:
    """name=version of each library whose output we keep (from the modules: reading the
    installed packages' metadata takes longer than the rest of a rebuild's fingerprint).

    Called once the converters are made: a library not imported by then is not used.
    """
    found = []
    for name in _DEPENDENCIES:
        module = sys.modules.get(name)
        if module is None:
            found.append(f"{name}=-")
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # markupsafe's __version__
            version = getattr(module, "__version__", None)
        found.append(f"{name}={version or '?'}")
    return found


def body_key(
    code: str, page: Page, assets: dict[str, str], base_path: str, reserved: set[str]
) -> str:
    """The key of a page's converted body (its problems name its file and lines, so they too)."""
    where = str(page.source)
    settings = json.dumps([sorted(assets.items()), base_path, sorted(reserved)])
    return _digest("body", code, settings, where, str(page.body_line), page.body)


def global_fingerprint(
    code: str,
    project: Project,
    site: Site,
    manifest: dict[str, tuple[str, bytes]],
    mode: str = "build",
) -> str:
    """Everything, besides a page's own text, that the page's output may depend on."""
    root = project.root
    templates = _files(project.templates, root)
    texts = [part.decode("utf-8", "replace") for part in templates if isinstance(part, bytes)]
    reads_pages = any(_READS_PAGES.search(text) for text in texts)
    reads_body = reads_pages and any(_READS_BODY.search(text) for text in texts)
    parts: list[bytes | str] = ["global", code, mode, *templates]
    parts += _files(project.models, root)
    parts += _files(project.content / "sections", root)
    parts += [site.settings_file.read_bytes()]
    for name, path in sorted(site.data_files.items()):
        parts += [name, path.read_bytes()]
    for name, (out, data) in sorted(manifest.items()):
        parts += [name, out, hashlib.sha256(data).digest()]
    for page in site.pages if reads_pages else ():
        parts += [page.source.relative_to(root).as_posix(), page.url, page.output, repr(page.meta)]
        if reads_body:
            parts.append(page.body)
    return _digest(*parts)


def page_key(fingerprint: str, page: Page) -> str:
    """The key of a page's finished HTML (its output path names the file that became it)."""
    return _digest("page", fingerprint, page.output, repr(page.meta), page.body)
