"""How the layer wraps the images stage (sitegen/images/), which takes no cache parameter.

While `remembering` is in force, the stage's pure functions are answered from the project's
cache: a file's hash (`file_digest`) from the table of hashes by size and modification
time; an image's size and format (`image_info`) and each variant's size from one entry, the
image table (a cached build reads one file, not one per image and variant); an asset image
found to carry no metadata, or its copy without it (`without_metadata`), from entries.

At write, the layer places the variants it keeps into the staging folder (hard links) and
has the stage encode the others; the stage tells of each variant it writes (`tell("image
variant", …)`) and the layer enters that file in the cache (the same file: a hard link).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from sitegen.core.problems import Problem
from sitegen.core.remembered import keeping
from sitegen.images import images
from sitegen.images.images import Source, Variant
from sitegen.incremental.cache import Cache

_TABLE_KEY = f"image-table:{images.RECIPE}"


class ImageTable:
    """Each image's size and format by its hash, and each variant's size by its key."""

    def __init__(self, cache: Cache):
        self.cache = cache
        self.info: dict[str, object] = {}
        self.sizes: dict[str, object] = {}
        self.changed = False
        data = cache.get(_TABLE_KEY)
        loaded = json.loads(data) if data is not None else None
        if isinstance(loaded, dict) and all(isinstance(v, dict) for v in loaded.values()):
            self.info = loaded.get("info", {})
            self.sizes = loaded.get("sizes", {})

    def __call__(
        self, compute: Callable[[Path, str], dict[str, object]], path: Path, digest: str
    ) -> dict[str, object]:
        """image_info's result for the image of this hash: kept, or read from its header."""
        info = self.info.get(digest)
        if not isinstance(info, dict):
            info = self.info[digest] = compute(path, digest)
            self.changed = True
        return info

    def save(self) -> None:
        if self.changed:
            table = {"info": self.info, "sizes": self.sizes}
            self.cache.put(_TABLE_KEY, json.dumps(table, sort_keys=True).encode("utf-8"))
            self.changed = False


class ClaimedSizes:
    """claimed_size's results by the bytes' hash, in the image table: a rebuild need not
    load Pillow and all its format plugins (0.03 s) to read the headers of the same icons."""

    def __init__(self, table: ImageTable):
        self.table = table

    def __call__(
        self, compute: Callable[[bytes], tuple[int, int] | None], data: bytes
    ) -> tuple[int, int] | None:
        key = "header:" + hashlib.sha256(data).hexdigest()
        kept = self.table.info.get(key)
        if isinstance(kept, dict) and "size" in kept:
            size = kept["size"]
            if size is None:
                return None
            if isinstance(size, list) and len(size) == 2 and all(type(n) is int for n in size):
                return (size[0], size[1])
        found = compute(data)
        self.table.info[key] = {"size": None if found is None else list(found)}
        self.table.changed = True
        return found


class FileHashes:
    """file_digest's results, computed again only when a file's size or time changed."""

    def __init__(self, cache: Cache):
        self.cache = cache

    def __call__(self, compute: Callable[[Path], str], path: Path) -> str:
        return self.cache.file_hash(path, compute)


class CleanImages:
    """without_metadata's results: "plain" for an image without metadata, else its copy."""

    def __init__(self, cache: Cache):
        self.cache = cache

    def __call__(self, compute: Callable[[bytes], bytes], data: bytes) -> bytes:
        sha = hashlib.sha256(data).hexdigest()
        version = f"{images.RECIPE}:{images.pillow_version()}:{sha}"
        plain, clean = f"plain:{version}", f"clean:{version}"
        if self.cache.get(plain) is not None:
            return data
        kept = self.cache.get(clean)
        if kept is not None:
            return kept
        result = compute(data)
        if result is data:
            self.cache.put(plain, b"plain")
        else:
            self.cache.put(clean, result)
        return result


class VariantEntries:
    """The variants the stage encodes, entered in the cache as it writes them."""

    def __init__(self, cache: Cache, table: ImageTable):
        self.cache = cache
        self.table = table

    def __call__(self, variant: Variant, data: bytes, written: Path | None) -> None:
        if written is not None:
            entry = self.cache.enter(variant.key, written, data)
        else:
            entry = self.cache.put(variant.key, data)
        if entry is not None:
            self.table.sizes[variant.key] = len(data)
            self.table.changed = True


@contextlib.contextmanager
def remembering(cache: Cache, table: ImageTable) -> Iterator[None]:
    """The images stage's hashes, sizes, headers and plain assets answered from cache and
    table."""
    with (
        keeping("file hash", FileHashes(cache)),
        keeping("image info", table),
        keeping("clean image", CleanImages(cache)),
        keeping("image header", ClaimedSizes(table)),
    ):
        yield
    cache.save()  # the table of file hashes
    table.save()


def publish(
    cache: Cache, table: ImageTable, sources: Iterable[Source], staging: Path
) -> list[Problem]:
    """The variants of sources into staging: those the cache keeps linked from it, the
    others encoded by the stage (images.encode_variants) and entered in the cache."""
    missing = []
    for source in sources:
        variants = [v for v in source.variants if not _placed(cache, table, v, staging)]
        if variants:
            missing.append((source, variants))
    with keeping("image variant", VariantEntries(cache, table)):
        _, problems = images.encode_variants(missing, staging)
    table.save()
    return problems


def _placed(cache: Cache, table: ImageTable, variant: Variant, staging: Path) -> bool:
    """Whether the cache keeps variant: then linked into staging."""
    known = table.sizes.get(variant.key)
    entry = cache.file_of(variant.key, known if isinstance(known, int) else None)
    if entry is None:
        return False
    if not isinstance(known, int):
        table.sizes[variant.key] = os.stat(entry).st_size
        table.changed = True
    _link(entry, os.path.join(staging, variant.output))
    return True


def _link(entry: str, target: str) -> None:
    """A hard link to a cache entry (entries are never changed in place), else a copy."""
    try:
        os.link(entry, target)
        return
    except FileNotFoundError:  # the first file of its folder
        os.makedirs(os.path.dirname(target), exist_ok=True)
    except OSError:
        pass
    try:
        os.link(entry, target)
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(entry, target)
        os.chmod(target, 0o644)
