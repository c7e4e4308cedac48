"""What the server holds below the remote folder: every file's size and time, listed in parallel.

MLSD (RFC 3659) gives exact sizes and times; servers without it (vsftpd) answer `LIST -a`
in the `ls -l` format, whose times are to the minute for recent files and to the day for
older ones. SFTP gives both exactly.
"""

from __future__ import annotations

import calendar
import posixpath
import re
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from sitegen.deploy.plan import MANIFEST
from sitegen.deploy.transport import TEMPORARY_SUFFIX, RemoteStat, Transport

DAY = 86400
_MONTHS = {name: n for n, name in enumerate(calendar.month_abbr) if name}
# -rw-r--r--    1 1001     1001         5 Nov 27 03:15 a name with spaces
_LIST_LINE = re.compile(
    r"^(?P<kind>[-dl])\S{9}\S*\s+\d+\s+\S+\s+\S+\s+(?P<size>\d+)\s+"
    r"(?P<month>[A-Z][a-z]{2})\s+(?P<day>\d{1,2})\s+(?P<when>\d{1,2}:\d{2}|\d{4}) (?P<name>.+)$"
)


@dataclass
class Listing:
    """Every file below the remote folder (relative paths) and every folder."""

    files: dict[str, RemoteStat] = field(default_factory=dict)
    folders: set[str] = field(default_factory=set)
    hidden: set[str] = field(default_factory=set)  # the manifest and half-done uploads


def parse_mlsd_time(value: str) -> int | None:
    """`20261127031600` (UTC, RFC 3659) as seconds since the epoch."""
    try:
        return calendar.timegm(time.strptime(value[:14], "%Y%m%d%H%M%S"))
    except ValueError:
        return None


def parse_list_line(line: str, now: float | None = None) -> tuple[str, RemoteStat | None] | None:
    """A name and its size and time from one `ls -l` line (None stat for a folder).

    None for a line that is not an entry (`total 12`) or is a symbolic link.
    """
    found = _LIST_LINE.match(line)
    if found is None or found["kind"] == "l":
        return None
    name = found["name"]
    if found["kind"] == "d":
        return name, None
    month, day, when = _MONTHS[found["month"]], int(found["day"]), found["when"]
    if ":" in when:
        # The year is left out for recent files: the latest year not in the future.
        hours, minutes = (int(part) for part in when.split(":"))
        current = time.gmtime(now if now is not None else time.time())
        year = current.tm_year
        stamp = calendar.timegm((year, month, day, hours, minutes, 0))
        if stamp > calendar.timegm(current) + DAY:
            stamp = calendar.timegm((year - 1, month, day, hours, minutes, 0))
        return name, RemoteStat(int(found["size"]), stamp, 60)
    stamp = calendar.timegm((int(when), month, day, 0, 0, 0))
    return name, RemoteStat(int(found["size"]), stamp, DAY)


def ours_to_compare(path: str) -> bool:
    """Whether a listed file is one a deploy compares (not the manifest, not a half upload)."""
    return path != MANIFEST and not path.endswith(TEMPORARY_SUFFIX)


Run = Callable[[Callable[[Transport], object]], object]


def list_tree(run: Run, workers: int) -> Listing:
    """List every folder below the remote one, workers folders at a time.

    run(action) performs action on a free connection (see connections.Pool.run).
    """
    listing = Listing()
    with ThreadPoolExecutor(max(1, workers), thread_name_prefix="sitegen-list") as pool:

        def submit(folder: str) -> Future[object]:
            return pool.submit(run, lambda t: t.list_folder(folder))

        pending: dict[Future[object], str] = {submit(""): ""}
        try:
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    folder = pending.pop(future)
                    files, folders = future.result()  # type: ignore[misc]
                    for name, stat in files.items():
                        path = posixpath.join(folder, name) if folder else name
                        if ours_to_compare(path):
                            listing.files[path] = stat
                        else:
                            listing.hidden.add(path)
                    for name in folders:
                        path = posixpath.join(folder, name) if folder else name
                        listing.folders.add(path)
                        pending[submit(path)] = path
        finally:
            for future in pending:
                future.cancel()
    return listing
