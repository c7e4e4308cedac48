"""One publish at a time: on this computer, and on the server.

The local lock is an operating-system lock on `.deploy/publish.lock` (flock, or msvcrt's on
Windows): another tab of the editor or a `deploy` in a terminal finds it held; it goes with
the process that holds it, so a crash leaves nothing to clear. Who holds it is written
beside it (`publish.lock.json`) for the message.

The server lock is a folder, LOCK_FOLDER in the remote root, made with MKD (FTP) or mkdir
(SFTP), which fail if it exists: two PCs publishing the same site at once cannot both make
it. Its OWNER file says who and since when; the holder writes it again every REFRESH
seconds, and a lock not refreshed for STALE seconds is one whose publish died (a PC turned
off mid-publish): the next publish takes it over. A lock of this very PC (user@computer)
is taken over at once: the local lock, which every publish takes first, proves it was left
by a publish cut off from the server before it could remove it.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import platform
import posixpath
import secrets
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from sitegen.core.messages import text
from sitegen.deploy.connections import Pool
from sitegen.deploy.transport import RemoteError, Transport, error_detail

LOCAL_LOCK = "publish.lock"
LOCK_FOLDER = ".sitegen-lock"
OWNER = posixpath.join(LOCK_FOLDER, "owner.json")
REFRESH = 60.0
STALE = 600.0
# How long a lock folder with no owner yet is given to get one before it counts as left.
NO_OWNER_GRACE = 2.0


class LockHeldError(Exception):
    """Someone else publishes now; code is the message's, values fill it in."""

    def __init__(self, code: str, **values: object):
        super().__init__(code)
        self.code, self.values = code, values


@dataclass(frozen=True)
class Owner:
    """Who publishes: the user and computer, what (`edit` or `deploy`), since when."""

    who: str
    tool: str
    since: float
    token: str = ""

    @classmethod
    def here(cls, tool: str) -> Owner:
        return cls(f"{_user()}@{platform.node() or '?'}", tool, time.time(), secrets.token_hex(8))

    def to_bytes(self) -> bytes:
        data = {"who": self.who, "tool": self.tool, "since": self.since, "token": self.token}
        return json.dumps(data).encode("utf-8")

    @classmethod
    def from_bytes(cls, raw: bytes | None) -> Owner | None:
        try:
            data = json.loads(raw or b"")
            return cls(
                str(data["who"]), str(data["tool"]), float(data["since"]), str(data["token"])
            )
        except (ValueError, KeyError, TypeError):
            return None

    def shown_time(self) -> str:
        return datetime.fromtimestamp(self.since).strftime("%Y-%m-%d %H:%M")


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (a service account)
        return "?"


# ------------------------------------------------------------------------------ local lock


@contextlib.contextmanager
def local_lock(deploy_folder: Path, tool: str) -> Iterator[Owner]:
    """Hold the local lock while the block runs; LockHeldError (E740) if it is held."""
    deploy_folder.mkdir(parents=True, exist_ok=True)
    path = deploy_folder / LOCAL_LOCK
    stream = path.open("a+b")
    try:
        if not _try_lock(stream):
            raise LockHeldError("E740", **holder(deploy_folder))
        owner = Owner.here(tool)
        (deploy_folder / (LOCAL_LOCK + ".json")).write_bytes(owner.to_bytes())
        try:
            yield owner
        finally:
            (deploy_folder / (LOCAL_LOCK + ".json")).unlink(missing_ok=True)
            _unlock(stream)
    finally:
        stream.close()


def holder(deploy_folder: Path) -> dict[str, str]:
    """Who holds the local lock, as E740 names them."""
    held = Owner.from_bytes(_read(deploy_folder / (LOCAL_LOCK + ".json")))
    if held is None:
        return {"who": "?", "tool": "?", "since": "?"}
    return {"who": held.who, "tool": tool_words(held.tool), "since": held.shown_time()}


def tool_words(tool: str) -> str:
    """`edit` or `deploy` as a message names it."""
    return text("lock_tool_" + tool) if tool in ("edit", "deploy") else tool


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _try_lock(stream: IO[bytes]) -> bool:
    if sys.platform == "win32":
        import msvcrt

        stream.seek(0)
        try:
            msvcrt.locking(stream.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(stream: IO[bytes]) -> None:
    with contextlib.suppress(OSError):
        if sys.platform == "win32":
            import msvcrt

            stream.seek(0)
            msvcrt.locking(stream.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(stream.fileno(), fcntl.LOCK_UN)


# ----------------------------------------------------------------------------- server lock


@contextlib.contextmanager
def server_lock(pool: Pool, tool: str, stale: float = STALE) -> Iterator[Owner]:
    """Hold the lock folder on the server while the block runs, refreshing it.

    LockHeldError (E741) if another publish holds it and it is not stale."""
    owner = Owner.here(tool)
    pool.run(lambda t: _take(t, owner, stale))
    stop = threading.Event()
    keeper = threading.Thread(
        target=_keep, args=(pool, owner, stop), name="sitegen-lock", daemon=True
    )
    keeper.start()
    try:
        yield owner
    finally:
        stop.set()
        keeper.join()
        with contextlib.suppress(RemoteError):
            pool.run(lambda t: _release(t, owner))


def _take(transport: Transport, owner: Owner, stale: float) -> None:
    transport.folder.make_folders("")  # type: ignore[attr-defined]
    if not _make_folder_once(transport, transport.folder.full(LOCK_FOLDER)):  # type: ignore[attr-defined]
        held = Owner.from_bytes(transport.read(OWNER))
        if held is None:
            # A publish between making the folder and writing who it is, or one that died
            # there: given the time to write, a live one has.
            time.sleep(NO_OWNER_GRACE)
            held = Owner.from_bytes(transport.read(OWNER))
        # Taken over: a lock still with no owner, a stale one, or one of this PC's: the
        # local lock, held now, says no other publish of ours runs, so it was left by one
        # cut off from the server.
        if held is not None and held.who != owner.who and time.time() - held.since < stale:
            raise LockHeldError(
                "E741", who=held.who, tool=tool_words(held.tool), since=held.shown_time()
            )
    transport.write(OWNER, owner.to_bytes())
    now = Owner.from_bytes(transport.read(OWNER))
    if now is None or now.token != owner.token:  # another PC took it over at the same time
        raise LockHeldError("E741", who="?", tool="?", since=owner.shown_time())


def _make_folder_once(transport: Any, full: str) -> bool:
    """Make the folder; False if it is there already. Other failures are RemoteErrors."""
    if hasattr(transport, "sftp"):
        try:
            transport.sftp.mkdir(full, 0o755)
        except OSError:
            if _exists(transport, LOCK_FOLDER):
                return False
            raise RemoteError("permission", "mkdir", full) from None
        return True
    import ftplib

    try:
        transport.ftp.mkd(full)
    except ftplib.error_perm:
        if _exists(transport, LOCK_FOLDER):
            return False
        raise RemoteError("permission", "MKD", full) from None
    except (OSError, EOFError, ftplib.Error) as error:
        raise RemoteError("transient", error_detail(error), full) from None
    return True


def _exists(transport: Transport, name: str) -> bool:
    _, folders = transport.list_folder("")
    return name in folders


def _keep(pool: Pool, owner: Owner, stop: threading.Event) -> None:
    """Write the owner again every REFRESH seconds, so that the lock never looks stale;
    never over another's (a lock taken over as stale is theirs now)."""
    while not stop.wait(REFRESH):
        fresh = Owner(owner.who, owner.tool, time.time(), owner.token)
        with contextlib.suppress(RemoteError):
            if not pool.run(lambda t, f=fresh: _refresh(t, f)):  # type: ignore[misc]
                return


def _refresh(transport: Transport, fresh: Owner) -> bool:
    """Write fresh as the owner if the lock is still its; False if another holds it."""
    held = Owner.from_bytes(transport.read(OWNER))
    if held is not None and held.token != fresh.token:
        return False
    transport.write(OWNER, fresh.to_bytes())
    return True


def _release(transport: Transport, owner: Owner) -> None:
    held = Owner.from_bytes(transport.read(OWNER))
    if held is not None and held.token != owner.token:
        return  # taken over as stale meanwhile: it is someone else's now
    transport.delete(OWNER)
    transport.remove_folder(LOCK_FOLDER)
