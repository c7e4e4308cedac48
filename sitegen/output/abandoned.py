"""Removing what builds that never ended left beside the output folder.

A build works in hidden folders beside dist/ (`.dist.new-…` while it writes, `.dist.old-…`
for a replaced output on its way out). A build killed outright (the window closed, the PC
turned off) cannot remove its own, and in a folder shared through OneDrive each is a whole
copy of the site, synced to every PC. The next build removes those nobody has touched for
an hour: no build runs that long, and one running beside this one (the preview and a
command) keeps its folder younger than that.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

ABANDONED_AFTER = 3600  # seconds since the folder last changed


def sweep(out: Path, now: float | None = None) -> list[Path]:
    """Remove the work folders of out's builds untouched for ABANDONED_AFTER; return them."""
    now = time.time() if now is None else now
    prefixes = (f".{out.name}.new-", f".{out.name}.old-")
    removed = []
    try:
        found = [entry for entry in out.parent.iterdir() if entry.name.startswith(prefixes)]
    except OSError:
        return removed
    for folder in found:
        try:
            if folder.is_symlink() or not folder.is_dir():
                continue
            if now - folder.stat().st_mtime < ABANDONED_AFTER:
                continue
        except OSError:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed
