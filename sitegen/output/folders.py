"""Making the pages' folders in the staging folder in the background.

At 10,000 pages making a folder for each page took most of a second of system calls (a
folder costs up to 0.1 ms on some file systems), during which Python waited. A child process
makes them while this one computes keys, renders and checks; the pages are put in only once
it is done. The child is a bare interpreter running _CHILD (standard library only, no site
packages), so it starts in a few hundredths of a second; should it fail to start or fail,
the folders are made here. Either way every folder exists before a page is placed in it.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable

from sitegen.output.crash import point
from sitegen.output.staging import reused

# The folders come NUL-separated on the child's standard input, relative to its working
# folder (the staging folder), each after its parent.
_CHILD = r"""
import os, sys
for name in sys.stdin.buffer.read().split(b"\0"):
    if name:
        try:
            os.mkdir(name)
        except FileExistsError:
            pass
        except FileNotFoundError:
            os.makedirs(name, exist_ok=True)
"""

# Below this many folders they are made here: starting the child costs more.
IN_CHILD_FROM = 200


class Folders:
    """The folders below root, being made; finish() waits until they all exist."""

    def __init__(self, root: str, folders: Iterable[str]):
        self.root = root
        # A reused spare (sitegen.output.spare) has most of them already.
        listing = reused(root)
        there = listing.folders if listing is not None else set()
        # Sorted: a folder after its parent (the child then rarely needs makedirs).
        self.folders = sorted({f for f in folders if f and f not in there})
        self._child: subprocess.Popen[bytes] | None = None
        if len(self.folders) >= IN_CHILD_FROM:
            self._child = _start(root, self.folders)

    def finish(self) -> None:
        """Return once every folder exists (made here if the child could not)."""
        child, self._child = self._child, None
        if child is not None:
            try:
                if child.wait() == 0:
                    return
            except OSError:
                _stop(child)
        for folder in self.folders:
            os.makedirs(os.path.join(self.root, folder), exist_ok=True)
        point("folders")

    def close(self) -> None:
        """Stop the child and wait for it (the build failed: nothing is kept)."""
        child, self._child = self._child, None
        if child is not None:
            _stop(child)


def _start(root: str, folders: list[str]) -> subprocess.Popen[bytes] | None:
    """The child making folders below root, or None if it cannot be started."""
    try:
        # A file, not a pipe: writing 10,000 names to a pipe would wait for the child.
        with tempfile.TemporaryFile() as names:
            names.write(b"\0".join(os.fsencode(f) for f in folders))
            names.seek(0)
            return subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", _CHILD],
                cwd=root,
                stdin=names,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
    except OSError:
        return None


def _stop(child: subprocess.Popen[bytes]) -> None:
    """End the child and wait for it, so that it makes nothing in a folder being removed."""
    with contextlib.suppress(OSError):
        child.kill()
    with contextlib.suppress(OSError):
        child.wait()
