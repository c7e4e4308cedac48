"""The pages' front matter as the last build read it, kept in `.cache/pages/fronts.pickle`.

Parsing the YAML of every page took a third of a rebuild after one page changed (0.19 s at
1,000 pages). Two kinds of entry, each keyed by what it was made of (no trust in sizes or
times): a page file's (`parse_page`), by its path and the SHA-256 of its bytes, holds the
front matter, where the body starts and the body's first line, so a page read again is
neither decoded, checked nor split (its body is taken from its bytes if it is asked for);
a front matter's (`load_front`, also for sections), by the file's path and the front
matter's exact text. A result is kept only for our YAML code and PyYAML as they were (the
fingerprint). Each entry holds the pickled values, loaded afresh for each build: a build
that changes its copy changes nothing kept. A file with a mistake is never kept, so its
error is reported every build.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from sitegen.incremental.cache import Cache
from sitegen.incremental.page_cache import FOLDER
from sitegen.incremental.page_keys import digest, own_code
from sitegen.incremental.sealed import read_sealed, write_sealed
from sitegen.source.site import Parsed

FORMAT = "sitegen-fronts/2"
NAME = "fronts.pickle"
_MAGIC = b"sitegen-fronts\n"
Key = tuple[str, int, str]
FileKey = tuple[str, str]  # a page file's path and the digest of its bytes


class FrontCache:
    """A YAML loader for front matter that reuses what the last build parsed."""

    def __init__(self, cache: Cache, folder: Path):
        self.cache = cache  # the project's cache, which holds the notes of damaged files
        self.path = folder / NAME
        self.code = _fingerprint()
        self.kept: dict[Key, bytes] = {}
        self.files_kept: dict[FileKey, bytes] = {}
        self._read()
        self.used: dict[Key, bytes] = {}
        self.files_used: dict[FileKey, bytes] = {}

    def __call__(
        self, compute: Callable[..., Any], text: str, path: Path, line_offset: int = 0
    ) -> Any:
        """compute's result (frontmatter.load_front) for this front matter of this file,
        parsed or kept."""
        key = (_absolute(path), line_offset, text)
        found = _kept(self.kept, self.used, key, path)
        if found is not _MISSING:
            return found
        value = compute(text, path, line_offset=line_offset)
        self.used[key] = _pickled(value, path)
        return value

    def page_file(
        self, compute: Callable[..., Parsed], raw: bytes, digest: str, source: Path
    ) -> Parsed:
        """parse_page's result for these bytes of this file: kept (without the body), or
        parsed."""
        key = (_absolute(source), digest)
        found = _kept(self.files_kept, self.files_used, key, source)
        if found is not _MISSING:
            meta, body_line, body_start = found
            return Parsed(meta, None, body_line, body_start)
        parsed = compute(raw, digest, source)
        self.files_used[key] = _pickled((parsed.meta, parsed.body_line, parsed.body_start), source)
        return parsed

    def save(self) -> None:
        """Keep what this build read (a deleted page's is dropped)."""
        data = {
            "format": FORMAT,
            "code": self.code,
            "entries": self.used,
            "files": self.files_used,
        }
        payload = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
        with contextlib.suppress(OSError):
            write_sealed(self.path, _MAGIC, payload)

    def _read(self) -> None:
        try:
            data = pickle.loads(read_sealed(self.path, _MAGIC))
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise ValueError("format")
            entries, files = data["entries"], data["files"]
            if not isinstance(entries, dict) or not isinstance(files, dict):
                raise ValueError("entries")
        except FileNotFoundError:
            return
        except Exception:  # damaged, truncated or foreign: whatever unpickling raises
            self.cache.note(self.path)
            return
        if data.get("code") == self.code:
            self.kept, self.files_kept = entries, files


# The page's own path, which every Mapping of its front matter holds, is kept as a mark and
# given back as the Path this build has: making 1,000 Paths again cost more than the rest.
_SOURCE = "source"


class _Pickler(pickle.Pickler):
    def __init__(self, stream: io.BytesIO, source: Path):
        super().__init__(stream, protocol=pickle.HIGHEST_PROTOCOL)
        self.source = source

    def persistent_id(self, obj: Any) -> str | None:
        return _SOURCE if obj is self.source else None


_MISSING = object()


def _absolute(path: Path) -> str:
    name = os.fspath(path)
    # Pages' paths are absolute already (a tenth of a second at 10,000 pages otherwise).
    return name if os.path.isabs(name) else os.path.abspath(name)


def _kept(kept: dict[Any, bytes], used: dict[Any, bytes], key: Any, source: Path) -> Any:
    """The value kept under key (noted as used), or _MISSING (none, or a damaged entry)."""
    blob = kept.get(key)
    if blob is None:
        return _MISSING
    try:
        value = _unpickled(blob, source)
    except Exception:  # a damaged entry: parsed again
        return _MISSING
    used[key] = blob
    return value


def _pickled(value: Any, source: Path) -> bytes:
    stream = io.BytesIO()
    _Pickler(stream, source).dump(value)
    return stream.getvalue()


def _unpickled(blob: bytes, source: Path) -> Any:
    """blob's value, the mark of the page's path given back as source (pickle's own
    unpickler, told how to load the mark: a subclass costs a tenth more at 10,000 pages)."""
    unpickler = pickle.Unpickler(io.BytesIO(blob))
    unpickler.persistent_load = functools.partial(_source_of, source)  # type: ignore[method-assign]
    return unpickler.load()


def _source_of(source: Path, pid: Any) -> Path:
    if pid != _SOURCE:
        raise pickle.UnpicklingError("unknown mark")
    return source


def open_fronts(cache: Cache) -> FrontCache | None:
    """The front matter cache inside the project's cache (None when that is off)."""
    folder = cache.folder(FOLDER)
    return None if folder is None else FrontCache(cache, folder)


def _fingerprint() -> str:
    """Python, PyYAML and our code (one fingerprint for every store: own_code): a result
    kept under others is not used."""
    return digest(FORMAT, sys.version, yaml.__version__, own_code())
