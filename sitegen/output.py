"""Writing the built site so that the old one is replaced only by a complete new one."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def write_atomic(files: dict[str, bytes], out: Path) -> None:
    """Write files into a new folder beside out, then swap it in for out.

    The new site is complete on disk before the old one moves, so a failure at any point
    before the swap leaves out exactly as it was.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        for relative, data in sorted(files.items()):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        os.chmod(staging, 0o755)
        _swap(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _swap(new: Path, out: Path) -> None:
    """Put new where out is; the old folder is removed once new is in place."""
    if not out.exists():
        new.rename(out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    old.rmdir()
    out.rename(old)
    try:
        new.rename(out)
    except OSError:
        old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)
