"""The previous output, kept beside the output and brought up to date as the next staging folder.

After a swap the replaced output is renamed `.dist.spare` (for an output folder named dist)
instead of being removed. The next build claims it by renaming it to a staging name of its own,
and makes it exactly the new site without laying out its folders again:

- nothing in it is trusted: it may be a build or two old, half updated by a build that was
  killed, or touched by hand or by a sync client. It is listed first (names and kinds only);
  anything that is neither a folder nor a regular file (a link) makes it useless, and the build
  starts from an empty folder;
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

import os
import shutil
import tempfile
from collections.abc import Iterable
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


def claim(out: Path) -> tuple[Path, Listing] | None:
    """Take the spare for this build: renamed to a staging name of its own, and listed.

    None when there is none (a first build, `.cache/`-less or not, a spare claimed by a build
    running at the same time) or it holds something else than folders and regular files (then
    it is removed, in the background).
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
    listing = list_folder(staging)
    if listing is None:
        from sitegen.output.staging import remove_later

        remove_later(staging, 0)
        return None
    return staging, listing


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


def settle_pages(staging: Path, to_place: dict[str, tuple[str, object]], file_of: object) -> None:
    """Of the pages to take from the cache, drop those already in staging as the cache's own
    file; remove whatever else is at the others' names, so that they are linked anew.

    to_place is CacheRecord.to_place (key -> (output, page)), file_of the cache's page_file.
    """
    top = str(staging)
    for key, (output, _) in list(to_place.items()):
        target = os.path.join(top, output)
        try:
            there = os.lstat(target)
        except FileNotFoundError:
            continue
        try:
            same = os.stat(file_of(key)).st_ino == there.st_ino  # type: ignore[operator]
        except OSError:
            same = False
        if same:
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
