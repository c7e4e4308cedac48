"""The one way files reach the disk: whole or not at all, never half written."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

# Windows refuses to replace a file or folder that another program holds open: the preview
# serving it, an antivirus or OneDrive reading it just after it was written, Explorer
# showing it. These let go within moments; an editor's open file does not.
RETRY_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.8)
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


class FileLockedError(OSError):
    """Another program holds target open, so it cannot be replaced."""

    def __init__(self, path: Path):
        super().__init__(f"locked by another program: {path}")
        self.path = path


def write_new(folder: Path, relative: str, data: bytes) -> os.stat_result:
    """Write a file into a folder that nobody reads yet (a staging folder), making parents;
    the file's size and times as written."""
    # Strings and one mkdir: this runs for every page of a build.
    target = os.path.join(folder, relative)
    parent = os.path.dirname(target)
    try:
        os.mkdir(parent)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(parent, exist_ok=True)
    # os.open, not open(): a file object asks whether the file is a terminal and where it
    # starts, three system calls per page that a build of 10,000 pages does not need.
    try:
        handle = os.open(target, _NEW_FILE, 0o666)
    except FileExistsError:
        # A staging folder reused from a build before (sitegen.output.spare): the file there
        # may be a hard link into the page cache and the published site, never written into.
        remove_file(target)
        handle = os.open(target, _NEW_FILE, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
        return os.fstat(handle)
    finally:
        os.close(handle)


def remove_file(target: str) -> None:
    """Remove a file (gone already is fine); wait briefly for a program holding it open."""
    for delay in (*RETRY_DELAYS, None):
        try:
            os.unlink(target)
            return
        except FileNotFoundError:
            return
        except PermissionError:
            if delay is None:
                raise FileLockedError(Path(target)) from None
            time.sleep(delay)


def replace_file(target: Path, data: bytes) -> None:
    """Write target so that a reader sees the old bytes or the new, never half of them."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        replace(Path(temporary), target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def swap_folder(new: Path, out: Path, remove_old: bool = True) -> Path | None:
    """Put the complete folder new where out is; the old out is removed once new is in place.

    With remove_old false, the old out is left under a hidden name beside out, which is
    returned, for the caller to remove when it has time.
    """
    if not out.exists():
        replace(new, out)
        return None
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    old.rmdir()
    replace(out, old)
    try:
        replace(new, out)
    except OSError:
        replace(old, out)
        raise
    if not remove_old:
        return old
    shutil.rmtree(old, ignore_errors=True)
    return None


def replace(source: Path, target: Path) -> None:
    """Rename source to target, replacing a file that is there; wait briefly for a lock."""
    for delay in (*RETRY_DELAYS, None):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if delay is None:
                # Name what is there: the file being replaced, or the folder being moved.
                raise FileLockedError(target if target.exists() else source) from None
            time.sleep(delay)
