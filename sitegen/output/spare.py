"""The previous output, kept beside the output and brought up to date as the next staging folder.

After a swap the replaced output is renamed `.dist.spare` (for an output folder named dist)
instead of being removed. The next build claims it by renaming it to a staging name of its own,
and makes it exactly the new site without laying out its folders again:

- nothing in it is trusted: it may be a build or two old, half updated by a build that was
  killed, or touched by hand or by a sync client. It is listed (names and kinds only) while
  the build reads the site, before anything is written into it; anything that is neither a
  folder nor a regular file (a link) makes it useless, and the build starts from an empty
  folder;
- a page taken from the page cache stays only if it is the cache's very file (the same inode:
  pages are hard links into the cache, whose files are never changed in place, and the cache
  checks their size and time); any other file at its name is removed and the page linked anew;
- a page rendered by this build is written as a new file (core.files.write_new never writes
  into an existing one, which may be a link shared with the published site);
- every other file it holds (assets, sitemap, feeds, image variants, files of pages that are
  gone, files somebody added) is removed before this build writes its own, and folders no
  output needs are removed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.core.files import remove_file
from sitegen.output.crash import point


@dataclass
class Listing:
    """What a claimed spare held when the build began: files and folders, relative, by '/'."""

    files: set[str] = field(default_factory=set)
    folders: set[str] = field(default_factory=set)


def spare_of(out: Path) -> Path:
    return out.parent / f".{out.name}.spare"


def claim(out: Path) -> tuple[Path, Lister] | None:
    """Take the spare for this build: renamed to a staging name of its own, and being listed.

    None when there is none (a first build, a spare claimed by a build running at the same
    time).
    """
    spare = spare_of(out)
    if not spare.is_dir() or spare.is_symlink():
        return None
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        staging.rmdir()
        os.rename(spare, staging)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        return None
    point("claimed")
    return staging, Lister(staging)


# The spare's folders and files, listed by a bare interpreter while the build reads the site
# (10,000 folders cost a few tenths of a second): one record per entry on standard output,
# its kind ("d" or "f") and its name relative to the working folder, NUL-terminated. Anything
# else (a link, a device) ends it with status 3.
_CHILD = r"""
import os, sys
out = sys.stdout.buffer
stack = [(".", b"")]
while stack:
    path, prefix = stack.pop()
    with os.scandir(path) as entries:
        for entry in entries:
            name = prefix + os.fsencode(entry.name)
            if entry.is_dir(follow_symlinks=False):
                out.write(b"d" + name + b"\0")
                stack.append((entry.path, name + b"/"))
            elif entry.is_file(follow_symlinks=False):
                out.write(b"f" + name + b"\0")
            else:
                sys.exit(3)
"""
_DAMAGED = 3


class Lister:
    """The listing of a claimed spare, made by a child process; result() waits for it."""

    def __init__(self, top: Path):
        self.top = top
        # Closed by result() or close(): the listing outlives this call.
        self._output = tempfile.TemporaryFile()  # noqa: SIM115
        self._child: subprocess.Popen[bytes] | None = None
        try:
            self._child = subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", _CHILD],
                cwd=top,
                stdin=subprocess.DEVNULL,
                stdout=self._output,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            self._child = None

    def result(self) -> Listing | None:
        """What the spare holds; None if it holds something else than folders and files."""
        child, self._child = self._child, None
        try:
            status = child.wait() if child is not None else None
        except OSError:
            status = None
        if status == _DAMAGED:
            return None
        if status != 0:  # no child, or it failed: listed here
            return list_folder(self.top)
        self._output.seek(0)
        listing = Listing()
        for record in self._output.read().split(b"\0"):
            if record:
                kind, name = record[:1], os.fsdecode(record[1:])
                (listing.folders if kind == b"d" else listing.files).add(name)
        self._output.close()
        return listing

    def close(self) -> None:
        """Stop the child (the build ended before it needed the listing)."""
        child, self._child = self._child, None
        if child is not None:
            with contextlib.suppress(OSError):
                child.kill()
            with contextlib.suppress(OSError):
                child.wait()
        self._output.close()


def list_folder(top: Path) -> Listing | None:
    """Every file and folder below top; None if there is anything else (a link, a device)."""
    listing = Listing()
    stack = [(str(top), "")]
    while stack:
        path, prefix = stack.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                name = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    listing.folders.add(name)
                    stack.append((entry.path, name + "/"))
                elif entry.is_file(follow_symlinks=False):
                    listing.files.add(name)
                else:
                    return None
    return listing


def settle_pages(
    staging: Path, to_place: dict[str, tuple[str, object]], inode_of: Callable[[str], int | None]
) -> None:
    """Of the pages to take from the cache, drop those already in staging as the cache's own
    file; remove whatever else is at the others' names, so that they are linked anew.

    to_place is CacheRecord.to_place (key -> (output, page)), inode_of the cache's inode of
    an entry (None if it is gone).
    """
    top = str(staging)
    for key, (output, _) in list(to_place.items()):
        target = os.path.join(top, output)
        try:
            there = os.lstat(target)
        except FileNotFoundError:
            continue
        if inode_of(key) == there.st_ino:
            del to_place[key]
        else:
            remove_file(target)
    point("settled")


def prune(staging: Path, listing: Listing, outputs: Iterable[str], pages: Iterable[str]) -> None:
    """Remove from staging what the listing found and this build does not keep as it is:
    every file but its pages (already in place), and the folders no output is in."""
    kept = listing.files.intersection(pages)
    top = str(staging)
    for count, name in enumerate(sorted(listing.files - kept)):
        remove_file(os.path.join(top, name))
        if count == 0:
            point("pruning")
    needed = set()
    for name in outputs:
        parent = name.rpartition("/")[0]
        while parent and parent not in needed:
            needed.add(parent)
            parent = parent.rpartition("/")[0]
    for name in sorted(listing.folders - needed, reverse=True):  # the deepest first
        try:
            os.rmdir(os.path.join(top, name))
        except FileNotFoundError:
            pass
        except OSError:
            shutil.rmtree(os.path.join(top, name))
    point("pruned")
