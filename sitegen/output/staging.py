"""Writing the built site so that the old one is replaced only by a complete new one."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from sitegen.core.files import write_new
from sitegen.output import abandoned, spare
from sitegen.output.crash import point
from sitegen.output.swap import swap_in

if TYPE_CHECKING:
    from sitegen.incremental.page_reuse import CacheRecord


class Staging:
    """A folder beside out that is swapped in for out only once it is complete.

    The previous output, kept as the spare (sitegen.output.spare), is brought up to date when
    there is one and reuse allows; else a new empty folder is filled. Used as a context
    manager: leaving it without commit() (an error, a failed check) leaves out exactly as it
    was; a claimed spare becomes the spare again, a new folder is removed.
    """

    def __init__(self, out: Path, reuse: bool = True):
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        abandoned.sweep(self.out)
        claimed = spare.claim(self.out) if reuse else None
        self.claimed = claimed is not None
        self._lister: spare.Lister | None = None
        self._listing: spare.Listing | None = None
        if claimed is not None:
            self.path, self._lister = claimed
            _REUSED[str(self.path)] = self
        else:
            prefix = f".{self.out.name}.new-"
            self.path = Path(tempfile.mkdtemp(prefix=prefix, dir=self.out.parent))

    def __enter__(self) -> Staging:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        _REUSED.pop(str(self.path), None)
        if self._lister is not None:
            self._lister.close()
        if not self.path.exists():
            return
        if self.claimed:
            # Half brought up to date, it is as good a spare as it was: nothing in it is
            # trusted (sitegen.output.spare).
            with contextlib.suppress(OSError):
                if not os.path.lexists(spare.spare_of(self.out)):
                    os.rename(self.path, spare.spare_of(self.out))
                    return
        shutil.rmtree(self.path, ignore_errors=True)

    def listing(self) -> spare.Listing | None:
        """What the reused spare held (waited for); None for a new folder. A spare holding
        something else than folders and files is put aside: the build fills an empty one."""
        lister, self._lister = self._lister, None
        if lister is not None:
            self._listing = lister.result()
            if self._listing is None:
                aside = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.old-", dir=self.out.parent))
                aside.rmdir()
                os.rename(self.path, aside)
                self.path.mkdir()
                self.claimed = False
                remove_later(aside, REMOVE_LATER_FROM)
        return self._listing

    def prune(self, outputs: Iterable[str], pages: Iterable[str]) -> None:
        """In a reused spare, remove all but this build's pages (before the other files are
        written) and the folders no output needs."""
        listing = self.listing()
        if listing is not None:
            spare.prune(self.path, listing, outputs, pages)

    def write(self, files: dict[str, bytes]) -> None:
        for relative, data in sorted(files.items()):
            write_new(self.path, relative, data)
        point("written")

    def commit(self, remove_old: bool = True) -> Path | None:
        """Put the new folder where out is; the old one is kept as the next build's spare.

        A replaced output that cannot be kept (its name taken) is removed, or with remove_old
        false returned instead, to be removed later.
        """
        os.chmod(self.path, 0o755)
        point("swapping")
        left = swap_in(self.path, self.out, spare.spare_of(self.out))
        point("swapped")
        if left is not None and remove_old:
            shutil.rmtree(left, ignore_errors=True)
            return None
        return left


# Staging folders that are a reused spare (for Folders and the placing of cached pages, which
# know the staging folder by its path only).
_REUSED: dict[str, Staging] = {}


def reused(path: str | Path) -> spare.Listing | None:
    """What a staging folder held when it was claimed, if it is a reused spare (waited for:
    called before anything is written into it)."""
    staging = _REUSED.get(str(path))
    return staging.listing() if staging is not None else None


def place_pages(record: CacheRecord, staging: Path) -> None:
    """Put the pages taken from the page cache into staging (in a reused spare, only those
    that are not already there as the cache's own file)."""
    if reused(staging) is not None:
        spare.settle_pages(staging, record.to_place, record.cache.inode)
    record.place(staging)
    point("placed")


# Below this many pages the old output is removed at once: starting a process costs more.
REMOVE_LATER_FROM = 300


def remove_later(folder: Path | None, pages: int) -> None:
    """Remove a replaced output folder; a large one by a process of its own, not waited for.

    The build's result is already printed: the user need not wait for thousands of files of
    the previous build to be deleted. Should that process fail, the next build's swap does
    not care: the folder has a hidden name of its own.
    """
    if folder is None:
        return
    if pages < REMOVE_LATER_FROM:
        shutil.rmtree(folder, ignore_errors=True)
        return
    code = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"
    options: dict[str, Any] = {}
    if os.name == "nt":
        options["creationflags"] = subprocess.DETACHED_PROCESS  # type: ignore[attr-defined]
    else:
        options["start_new_session"] = True
    try:
        subprocess.Popen(
            [sys.executable, "-c", code, str(folder)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=True,
            **options,
        )
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
