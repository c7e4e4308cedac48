"""Converted bodies kept in one SQLite file, written a batch at a time.

A file per body cost a temporary file and a rename per page, and the two workers of a build
queued for the same 256 folders: at 10,000 pages that was about a tenth of a cold build's
CPU. One database takes a worker's whole chunk in one transaction. SQLite's own locking
lets the preview and a build use it at once; a database it cannot lock in time is skipped
(the next build converts those pages again), one that is damaged or is not a database is
noted (W801), removed and made again.

Connections are opened by the process that uses them: a forked worker never uses its
parent's.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from sitegen.build.cache import Cache

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
        self._broken = False  # noted once, made again once: then left alone this build

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

    def keep_only(self, keys: Iterable[str]) -> None:
        """Remove every body whose key is not among keys (a successful build's)."""
        self.flush()
        kept = [(key,) for key in keys]

        def collect(db: sqlite3.Connection) -> None:
            db.execute("CREATE TEMP TABLE IF NOT EXISTS kept (key TEXT PRIMARY KEY)")
            db.execute("DELETE FROM kept")
            db.executemany("INSERT OR IGNORE INTO kept (key) VALUES (?)", kept)
            db.execute("DELETE FROM bodies WHERE key NOT IN (SELECT key FROM kept)")

        self._transaction(collect)

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
        for _ in range(2):
            try:
                return work(self._connection())
            except sqlite3.OperationalError:
                return None  # locked too long, read-only, full: the cache only saves time
            except sqlite3.DatabaseError:
                if not self._remake():
                    return None
            except OSError:
                return None
        return None

    def _connection(self) -> sqlite3.Connection:
        if self._db is None or self._pid != os.getpid():
            self._db = None  # a parent's connection is not used after a fork
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=_WAIT_SECONDS, isolation_level=None)
            # A cache: losing the last transaction in a power cut costs a conversion; a file
            # damaged that way is noted and made again.
            db.execute("PRAGMA synchronous = OFF")
            db.execute(_TABLE)
            # `with db` opens a transaction that holds the write lock from its start, so two
            # builds wait for each other instead of failing halfway.
            db.isolation_level = "IMMEDIATE"
            self._db, self._pid = db, os.getpid()
        return self._db

    def _remake(self) -> bool:
        """Note the damaged file and start an empty one; False if that was done already."""
        if self._broken:
            return False
        self._broken = True
        self.cache.note(self.path)
        self.close()
        for suffix in ("", "-journal", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.unlink(f"{self.path}{suffix}")
        return True
