"""What changed on the server since the last deploy, told by its listing, its exact times
and, where those cannot tell, by reading files back."""

from __future__ import annotations

import hashlib
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sitegen.deploy.connections import Pool
from sitegen.deploy.listing import Listing
from sitegen.deploy.plan import Manifest

# A time recorded to the second, and confirmed this long after, is past its listed minute.
SETTLED_SECONDS = 120


def drifted_files(
    pool: Pool, folder: Path, local: dict[str, str], remote: Manifest, listing: Listing
) -> set[str]:
    """Files the manifest says are as built but the listing shows missing or changed.

    The others' sizes and times are recorded in the manifest for the next comparison.
    """
    drifted, unsure = set(), []
    for path, digest in remote.files.items():
        if local.get(path) != digest:
            remote.seen.pop(path, None)
            continue  # sent anyway, or stale
        stat = listing.files.get(path)
        seen = remote.seen.get(path)
        if stat is None or stat.size != (folder / path).stat().st_size:
            same: bool | None = False
        else:
            same = True if seen is None else seen.same_time(stat)
        if same is False:
            drifted.add(path)
            remote.seen.pop(path, None)
        elif same is None:
            unsure.append(path)
        else:
            remote.seen[path] = stat
    return drifted | _changed_to_the_second(pool, remote, listing, unsure)


def _changed_to_the_second(
    pool: Pool, remote: Manifest, listing: Listing, paths: list[str]
) -> set[str]:
    """Those of paths (whose listing is too coarse to tell) that the server's exact time
    (MDTM) shows changed since recorded. Once the recorded minute is long past, the listing
    is recorded instead: a later edit falls in a later minute, which the listing shows."""
    if not paths:
        return set()
    with ThreadPoolExecutor(pool.size, thread_name_prefix="sitegen-mdtm") as workers:
        times = list(workers.map(lambda p: pool.run(lambda t: t.exact_time(p)), paths))
    changed = set()
    for path, exact in zip(paths, times, strict=True):
        recorded = remote.seen[path]
        if exact is None or exact != recorded.mtime:
            changed.add(path)  # unknown is not the same
            remote.seen.pop(path, None)
        elif time.time() - exact > SETTLED_SECONDS:
            remote.seen[path] = listing.files[path]
    return changed


def already_there(
    pool: Pool,
    folder: Path,
    local: dict[str, str],
    remote: Manifest,
    listing: Listing,
    drifted: set[str],
) -> set[str]:
    """Files to send whose copy on the server, of the same size, already has their bytes;
    they are recorded in the manifest as sent (and returned).

    A deploy that was cut sent files after the manifest was last saved: they are there, at
    their name (each arrives whole, by a rename), but not recorded. Downloading one costs
    about what sending it would, and only files of the same size are read.
    """
    candidates = [
        path
        for path, digest in local.items()
        if (remote.files.get(path) != digest or path in drifted)
        and path in listing.files
        and listing.files[path].size == (folder / path).stat().st_size
    ]
    if not candidates:
        return set()
    there = _matching(pool, candidates, local)
    for path in there:
        remote.files[path] = local[path]
        remote.seen[path] = listing.files[path]
    return there


def _matching(pool: Pool, paths: list[str], local: dict[str, str]) -> set[str]:
    """Those of paths whose bytes on the server hash as local says, read workers at a time."""

    def digest(path: str) -> str | None:
        data = pool.run(lambda t: t.read(path))
        return None if data is None else hashlib.sha256(data).hexdigest()

    with ThreadPoolExecutor(pool.size, thread_name_prefix="sitegen-read") as workers:
        found = workers.map(digest, paths)
        return {path for path, got in zip(paths, found, strict=True) if got == local[path]}


def differing_content(
    pool: Pool, local: dict[str, str], remote: Manifest, drifted: set[str]
) -> set[str]:
    """(--verify) The files that seem unchanged but whose bytes on the server differ."""
    paths = [p for p, d in local.items() if remote.files.get(p) == d and p not in drifted]
    differing = set(paths) - _matching(pool, paths, local)
    for path in differing:
        remote.seen.pop(path, None)
    return differing
