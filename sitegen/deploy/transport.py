"""What a deploy needs of a server, and the failures it can meet there, by kind.

A transport reads, writes (atomically: a temporary name, then a rename) and deletes files
below the remote folder. Every failure becomes a RemoteError whose kind says what the user
can do about it; `transient` ones are worth retrying after reconnecting.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from sitegen.core.messages import text

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
    """A failure on the server or on the way to it.

    refusal: the server answered a new connection and turned it away (FTP's 421 or 530,
    an SSH banner or login refused), as a host that caps logins per account does; not a
    server that cannot be reached, nor a connection that dies mid-transfer.
    """

    def __init__(self, kind: str, detail: str = "", path: str = "", refusal: bool = False):
        super().__init__(f"{kind}: {detail}")
        self.kind, self.detail, self.path, self.refusal = kind, detail, path, refusal


@dataclass(frozen=True)
class RemoteStat:
    """A file as a server's listing shows it: its size and, where given, when it changed.

    mtime is seconds since the epoch as the server reports it, exact to resolution seconds
    (1 for MLSD and SFTP, 60 or a day for LIST's `Nov 27 03:15` and `Nov 27  2025`).
    """

    size: int
    mtime: int | None = None
    resolution: int = 1

    def same_time(self, listed: RemoteStat) -> bool | None:
        """Whether a listing (listed) shows the file as it was when this was recorded:
        False if the times differ, None if the listing cannot tell (unknown, not the same:
        the exact time, MDTM, tells).

        A listing coarser than an exact record cannot tell: vsftpd's `Nov 27 03:15` is the
        same for a file sent at 03:15:10 and one edited at 03:15:40.
        """
        if self.mtime is None and listed.mtime is None:
            return True  # the server gives no times: its sizes are all there is
        if self.mtime is None or listed.mtime is None:
            return None
        if self.resolution == 1 < listed.resolution:
            # Only a time recorded to the second (on sending) is finer than a listing can be;
            # the listing may even be in the server's time zone, unlike MDTM and MLST.
            return None
        step = max(self.resolution, listed.resolution)
        return self.mtime // step == listed.mtime // step


class Transport(Protocol):
    """A connection to the remote folder; paths are relative to it, with `/`."""

    def read(self, path: str) -> bytes | None:
        """The file's bytes, or None if there is no such file."""

    def write(self, path: str, data: bytes) -> RemoteStat | None:
        """Replace the file so that a visitor sees the old bytes or the new, never a part;
        return its size and time as the server now reports them (None if it does not)."""

    def exact_time(self, path: str) -> int | None:
        """The file's time to the second (FTP's MDTM), None if the server cannot say."""

    def delete(self, path: str) -> None:
        """Remove the file; a file that is already gone is not an error."""

    def list_folder(self, path: str) -> tuple[dict[str, RemoteStat], list[str]]:
        """The files (by name) and subfolder names in a folder; both empty if it is missing."""

    def remove_folder(self, path: str) -> None:
        """Remove an empty folder."""

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


def error_detail(error: BaseException) -> str:
    """What went wrong, in the words of the system or the server, without Python's dressing:
    `Connection refused`, not `[Errno 111] Connection refused` nor paramiko's
    `[Errno None] Unable to connect to port 22 on 192.0.2.1`."""
    causes = getattr(error, "errors", None)  # paramiko: one failure per address tried
    if isinstance(causes, dict) and causes:
        return ", ".join(dict.fromkeys(error_detail(cause) for cause in causes.values()))
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.strip()
    if isinstance(error, EOFError) and not str(error):
        return text("connection_closed")
    return one_line(str(error)) or type(error).__name__


def one_line(reply: str) -> str:
    """A server's reply as one short line: Pure-FTPd's three lines `451-Error during write to
    file` ... `451 ...` are joined, each without its code, never shown raw in a message."""
    lines = [_REPLY_CODE.sub("", line).strip() for line in reply.strip().splitlines()]
    text = " / ".join(dict.fromkeys(line for line in lines if line))
    return text if len(text) <= MAX_DETAIL else text[: MAX_DETAIL - 1] + "…"


_REPLY_CODE = re.compile(r"^\d{3}[- ]?")
MAX_DETAIL = 160


def temporary_name(path: str) -> str:
    """Where a file is uploaded before it is renamed into place (hidden, in its folder)."""
    folder, _, name = path.rpartition("/")
    return f"{folder}/.{name}{TEMPORARY_SUFFIX}" if folder else f".{name}{TEMPORARY_SUFFIX}"
