"""Static assets, copied with a content hash in their names."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from sitegen.source.editor_junk import is_editor_junk

HASH_LENGTH = 10
# Downloads (assets/files/: PDF, Office documents) keep their names, published in files/:
# their addresses are sent by e-mail and their names end up in readers' download folders.
DOWNLOADS = "files"

Manifest = dict[str, tuple[str, bytes]]  # asset name -> (output path, bytes)


def collect(assets_dir: Path, skip: Callable[[PurePosixPath], bool] | None = None) -> Manifest:
    """Map each asset's name ("css/site.css") to its hashed output path and bytes.

    skip leaves out the files published otherwise (photos, as resized variants).
    """
    manifest: Manifest = {}
    if not assets_dir.is_dir():
        return manifest
    for path in sorted(assets_dir.rglob("*")):
        relative = PurePosixPath(path.relative_to(assets_dir).as_posix())
        if not path.is_file() or any(is_editor_junk(part) for part in relative.parts):
            continue
        if skip is not None and skip(relative):
            continue
        data = path.read_bytes()
        manifest[relative.as_posix()] = (hashed_name(relative, data), data)
    return manifest


def hashed_name(relative: PurePosixPath, data: bytes) -> str:
    """assets/css/site.css -> assets/css/site.0123456789.css; assets/files/a.pdf -> files/a.pdf."""
    if relative.parts[:1] == (DOWNLOADS,) and len(relative.parts) > 1:
        return relative.as_posix()
    digest = hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
    name = f"{relative.stem}.{digest}{relative.suffix}"
    return (PurePosixPath("assets") / relative.parent / name).as_posix()
