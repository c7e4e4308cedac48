"""Static assets, copied with a content hash in their names."""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath

from sitegen.source.editor_junk import is_editor_junk

HASH_LENGTH = 10


def collect(assets_dir: Path) -> dict[str, tuple[str, bytes]]:
    """Map each asset's name ("css/site.css") to its hashed output path and bytes."""
    manifest: dict[str, tuple[str, bytes]] = {}
    if not assets_dir.is_dir():
        return manifest
    for path in sorted(assets_dir.rglob("*")):
        relative = PurePosixPath(path.relative_to(assets_dir).as_posix())
        if not path.is_file() or any(is_editor_junk(part) for part in relative.parts):
            continue
        data = path.read_bytes()
        manifest[relative.as_posix()] = (hashed_name(relative, data), data)
    return manifest


def hashed_name(relative: PurePosixPath, data: bytes) -> str:
    """assets/css/site.css -> assets/css/site.0123456789.css."""
    digest = hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
    name = f"{relative.stem}.{digest}{relative.suffix}"
    return (PurePosixPath("assets") / relative.parent / name).as_posix()
