"""What a deploy needs of a server, and the failures it can meet there, by kind.

A transport reads, writes (atomically: a temporary name, then a rename) and deletes files
below the remote folder. Every failure becomes a RemoteError whose kind says what the user
can do about it; `transient` ones are worth retrying after reconnecting.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Protocol

# Kinds of RemoteError; each has a message in messages.py (see deploy.py).
UNREACHABLE = "unreachable"
LOGIN = "login"
CERTIFICATE = "certificate"
NO_TLS = "no_tls"
HOST_KEY_MISMATCH = "host_key_mismatch"
HOST_KEY_UNKNOWN = "host_key_unknown"
PERMISSION = "permission"
DISK_FULL = "disk_full"
TRANSIENT = "transient"
OTHER = "other"

TEMPORARY_SUFFIX = ".sitegen-upload"


class RemoteError(Exception):
    """A failure on the server or on the way to it."""

    def __init__(self, kind: str, detail: str = "", path: str = ""):
        super().__init__(f"{kind}: {detail}")
        self.kind, self.detail, self.path = kind, detail, path


class Transport(Protocol):
    """A connection to the remote folder; paths are relative to it, with `/`."""

    def read(self, path: str) -> bytes | None:
        """The file's bytes, or None if there is no such file."""

    def write(self, path: str, data: bytes) -> None:
        """Replace the file so that a visitor sees the old bytes or the new, never a part."""

    def delete(self, path: str) -> None:
        """Remove the file; a file that is already gone is not an error."""

    def close(self) -> None: ...


class RemoteFolder:
    """The remote root: full paths below it, and the folders already made on this connection."""

    def __init__(self, root: str, make_folder: Callable[[str], None]):
        self.root = root
        self.make_folder = make_folder  # creates one folder (a full path) if it is missing
        self.made: set[str] = set()

    def full(self, path: str) -> str:
        return posixpath.join(self.root, path) if path else self.root

    def make_folders(self, folder: str) -> None:
        """Create folder and its parents below the root, and the root, once each."""
        if folder in self.made:
            return
        if folder:
            self.make_folders(posixpath.dirname(folder))
        self.make_folder(self.full(folder))
        self.made.add(folder)


def temporary_name(path: str) -> str:
    """Where a file is uploaded before it is renamed into place (hidden, in its folder)."""
    folder, _, name = path.rpartition("/")
    return f"{folder}/.{name}{TEMPORARY_SUFFIX}" if folder else f".{name}{TEMPORARY_SUFFIX}"
