"""Putting a complete folder where the output is, so that the output is never missing.

Where the system can exchange two names in one step (Linux's renameat2 RENAME_EXCHANGE, macOS's
renamex_np RENAME_SWAP), the new folder and the output trade places: at every instant the
output's name holds the old site or the new one. Elsewhere (Windows, a file system that cannot
exchange) two renames, as before: the output is renamed away, then the new one renamed in; a
program holding a file of the output open makes the first fail (E004), and nothing is lost.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import sys
import tempfile
from pathlib import Path

from sitegen.core.files import replace
from sitegen.output.crash import point

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # Linux
_RENAME_SWAP = 2  # macOS
# The file system or the system cannot exchange: fall back to two renames.
_UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EXDEV}


@functools.cache
def _libc_call() -> object | None:
    """The C library's exchanging rename, or None where there is none.

    Looked up among the symbols the running Python already has (the C library is one of
    them): ctypes.util.find_library runs `ldconfig -p`, a process, in every build.
    """
    if sys.platform.startswith("linux"):
        name = "renameat2"
    elif sys.platform == "darwin":
        name = "renamex_np"
    else:
        return None
    try:
        return getattr(ctypes.CDLL(None, use_errno=True), name)
    except (OSError, AttributeError):
        return None


def exchange(first: Path, second: Path) -> bool:
    """Swap the names of two folders in one step; False if this system or file system cannot."""
    call = _libc_call()
    if call is None:
        return False
    a, b = os.fsencode(first), os.fsencode(second)
    if sys.platform == "darwin":
        done = call(a, b, _RENAME_SWAP)  # type: ignore[operator]
    else:
        done = call(_AT_FDCWD, a, _AT_FDCWD, b, _RENAME_EXCHANGE)  # type: ignore[operator]
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def swap_in(new: Path, out: Path, spare: Path) -> Path | None:
    """Put the complete folder new at out; the old output is kept as spare when it can be.

    Returns a replaced output that could not become the spare (for the caller to remove).
    """
    if not out.exists():
        replace(new, out)
        return None
    if exchange(new, out):
        point("exchanged")  # new's name now holds the old site
        return _keep(new, spare)
    old = spare if not os.path.lexists(spare) else _unique(out, "old")
    replace(out, old)
    point("renamed-away")  # only where names cannot be exchanged: no output for a moment
    try:
        replace(new, out)
    except OSError:
        replace(old, out)
        raise
    return None if old == spare else old


def _keep(old: Path, spare: Path) -> Path | None:
    """Rename the replaced output to the spare's name; itself if that name is taken."""
    if os.path.lexists(spare):
        return old
    try:
        os.rename(old, spare)
    except OSError:
        return old
    return None


def _unique(out: Path, kind: str) -> Path:
    """A hidden name beside out that no folder has (`.dist.old-…`)."""
    made = Path(tempfile.mkdtemp(prefix=f".{out.name}.{kind}-", dir=out.parent))
    made.rmdir()
    return made
