"""Converted bodies kept in one SQLite file, written a batch at a time.

A file per body cost a temporary file and a rename per page, and the two workers of a build
queued for the same 256 folders: at 10,000 pages that was about a tenth of a cold build's
CPU. One database takes a worker's whole chunk in one transaction. SQLite's own locking
lets the preview and a build use it at once; a database it cannot lock in time is skipped
(the next build converts those pages again).

A database that is damaged or is not a database is noted (W801) by whichever process meets
it, and read as empty. Only the process that opened the store (the build, never one of its
forked workers) makes it again, and only between the steps of its build: before the workers
start (`check`) and once they are done (`settle`), so that no two processes of one build
remove the file under each other. A row that reads back under its key holds that key's
body whatever happened to the file (keys are digests of what a body depends on).

Connections are opened by the process that uses them: a forked worker never uses its
parent's (the parent closes its own before its workers start).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from sitegen.incremental.cache import Cache

FILE = "bodies.sqlite"
_TABLE = "CREATE TABLE IF NOT EXISTS bodies (key TEXT PRIMARY KEY, data BLOB NOT NULL)"
Result = TypeVar("Result")
# How long a build waits for another one's transaction before going on without the cache.
_WAIT_SECONDS = 10


class BodyStore:
    """get and put the bytes of converted bodies by key; put is batched until flush."""

    def __init__(self, cache: Cache, folder: Path):
        self.cache = cache  # where damaged files are noted
        self.path = folder / FILE
        self._pending: list[tuple[str, bytes]] = []
        self._db: sqlite3.Connection | None = None
        self._pid = 0
        self._owner = os.getpid()  # the one process that may make the file again
        self.damaged = False  # met damage in this process: read as empty from then on

    def get(self, key: str) -> bytes | None:
        """The bytes stored under key, or None."""
        query = "SELECT data FROM bodies WHERE key = ?"
        found = self._run(lambda db: db.execute(query, (key,)).fetchone())
        return bytes(found[0]) if found else None

    def put(self, key: str, data: bytes) -> None:
        """Keep data under key at the next flush."""
        self._pending.append((key, data))

    def flush(self) -> None:
        """Write what put kept, in one transaction."""
        pending, self._pending = self._pending, []
        if pending:
            self._transaction(
                lambda db: db.executemany(
                    "INSERT OR REPLACE INTO bodies (key, data) VALUES (?, ?)", pending
                )
            )

    def check(self) -> None:
        """Before the workers start: open the file (a file that is no database is made
        again now), then close it, so that no connection crosses a fork."""
        self._run(lambda db: None)
        self._repair()
        self.close()

    def settle(self, keys: Iterable[str], dropped: Iterable[str] | None = None) -> None:
        """Once every page is rendered: keep only the bodies under keys (or, when the caller
        knows them, remove just those dropped), or, if this build met damage in the file
        (here or in a worker, whose note came back), make it again."""
        self.flush()
        if self.damaged or self.cache.has_note(self.path):
            self.damaged = True
            self._repair()
        elif dropped is not None:
            gone = [(key,) for key in dropped]
            self._transaction(lambda db: db.executemany("DELETE FROM bodies WHERE key = ?", gone))
        else:
            self._transaction(_keeping([(key,) for key in keys]))
        self.close()

    def close(self) -> None:
        if self._db is not None and self._pid == os.getpid():
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None

    # ------------------------------------------------------------------ the database

    def _transaction(self, work: Callable[[sqlite3.Connection], object]) -> None:
        def run(db: sqlite3.Connection) -> None:
            with db:  # commits, or rolls back on an error
                work(db)

        self._run(run)

    def _run(self, work: Callable[[sqlite3.Connection], Result]) -> Result | None:
        """work(connection)'s result; None if the database is busy, unwritable or damaged."""
        if self.damaged:
            return None
        try:
            return work(self._connection())
        except sqlite3.OperationalError:
            return None  # locked too long, read-only, full: the cache only saves time
        except sqlite3.DatabaseError:
            self.damaged = True
            self.cache.note(self.path)
        except OSError:
            return None
        return None

    def _connection(self) -> sqlite3.Connection:
        if self._db is None or self._pid != os.getpid():
            self._db = None  # a parent's connection is not used after a fork
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=_WAIT_SECONDS, isolation_level=None)
            try:
                # A cache: losing the last transaction in a power cut costs a conversion; a
                # file damaged that way is noted and made again.
                db.execute("PRAGMA synchronous = OFF")
                db.execute(_TABLE)
            except BaseException:
                db.close()  # Windows cannot remove a file that is still open
                raise
            # `with db` opens a transaction that holds the write lock from its start, so two
            # builds wait for each other instead of failing halfway.
            db.isolation_level = "IMMEDIATE"
            self._db, self._pid = db, os.getpid()
        return self._db

    def _repair(self) -> None:
        """Remove a damaged file (its owner only, between steps); the next use starts anew."""
        if not self.damaged or os.getpid() != self._owner:
            return
        self.close()
        for suffix in ("", "-journal"):
            with contextlib.suppress(OSError):
                os.unlink(f"{self.path}{suffix}")
        self.damaged = False


def _keeping(kept: list[tuple[str]]) -> Callable[[sqlite3.Connection], None]:
    def collect(db: sqlite3.Connection) -> None:
        db.execute("CREATE TEMP TABLE IF NOT EXISTS kept (key TEXT PRIMARY KEY)")
        db.execute("DELETE FROM kept")
        db.executemany("INSERT OR IGNORE INTO kept (key) VALUES (?)", kept)
        db.execute("DELETE FROM bodies WHERE key NOT IN (SELECT key FROM kept)")

    return collect
