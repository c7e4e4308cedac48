"""Connections to the server: each retried with backoff, several used at once.

A Session is one connection that reconnects after a transient failure. A Pool lends its
sessions to the threads that upload or list, one action at a time. A server that refuses
an extra connection ("421 too many connections", or 530 after the first login worked)
makes the pool smaller, with a note; it is never a failure while one connection works.
A connection that worked and died is not refused when it cannot come back: the server or
the line is down, and that is a cut (E723) however many connections there were.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from sitegen.deploy.transport import TRANSIENT, UNREACHABLE, RemoteError, Transport

T = TypeVar("T")
BACKOFF_SECONDS = 0.5  # doubled after each failed attempt


class ConnectionRefusedByServerError(Exception):
    """The server did not take one more connection."""


class Session:
    """One connection at a time; a transient failure reconnects and tries again, with backoff.

    Once any connection of the deploy worked, a server that cannot be reached is a
    dropped connection (transient), not a wrong host.
    """

    def __init__(
        self,
        open_connection: Callable[[], Transport],
        retries: int,
        pool: Pool | None = None,
    ):
        self.open_connection = open_connection
        self.retries = retries
        self.pool = pool
        self.transport: Transport | None = None
        self.opened = False  # a connection of this session has worked

    def run(self, action: Callable[[Transport], T]) -> T:
        for attempt in range(self.retries + 1):
            try:
                self._connect()
                assert self.transport is not None
                return action(self.transport)
            except RemoteError as error:
                if error.kind == UNREACHABLE and self.pool and self.pool.connected_once:
                    error = RemoteError(TRANSIENT, error.detail, error.path)
                if error.kind not in (TRANSIENT, UNREACHABLE) or attempt == self.retries:
                    raise error from None
                self.drop()
                time.sleep(BACKOFF_SECONDS * 2**attempt)
        raise AssertionError("unreachable")

    def _connect(self) -> None:
        if self.transport is not None:
            return
        try:
            self.transport = self.open_connection()
        except RemoteError as error:
            if self.pool is not None and self.pool.refuses(self, error):
                raise ConnectionRefusedByServerError(error.detail) from None
            raise
        self.opened = True
        if self.pool is not None:
            self.pool.connected_once = True

    def drop(self) -> None:
        if self.transport is not None:
            transport, self.transport = self.transport, None
            with contextlib.suppress(RemoteError):
                transport.close()


class Pool:
    """Up to size sessions, lent one action at a time to whichever thread asks."""

    def __init__(
        self,
        open_connection: Callable[[], Transport],
        retries: int,
        size: int,
        on_fewer: Callable[[int, str], None] = lambda count, detail: None,
    ):
        self.connected_once = False
        self.size = max(1, size)
        self.on_fewer = on_fewer  # told the new count when the server refuses a connection
        self.sessions = [Session(open_connection, retries, self) for _ in range(self.size)]
        self.free: queue.Queue[Session] = queue.Queue()
        for session in self.sessions:
            self.free.put(session)
        self.lock = threading.Lock()

    def run(self, action: Callable[[Transport], T]) -> T:
        """Do action on a free connection, opening it if needed."""
        while True:
            session = self.free.get()
            try:
                result = session.run(action)
            except ConnectionRefusedByServerError:
                continue  # that session is retired; another one does it
            except BaseException:
                self.free.put(session)
                raise
            self.free.put(session)
            return result

    def refuses(self, session: Session, error: RemoteError) -> bool:
        """Whether error, met opening session, is the server refusing one connection too many.

        If so the session is retired. The first connection never is: its failure is real;
        nor one that worked before: coming back after a cut, it finds the server down.
        """
        if not error.refusal or session.opened:
            return False
        with self.lock:
            others_open = any(s.transport is not None for s in self.sessions if s is not session)
            if not (self.connected_once and others_open and len(self.sessions) > 1):
                return False
            self.sessions.remove(session)
            self.size = len(self.sessions)
        self.on_fewer(self.size, error.detail)
        return True

    @property
    def transport(self) -> Transport | None:
        """A connection that is open now, if any (to record progress after a failure)."""
        for session in list(self.sessions):
            if session.transport is not None:
                return session.transport
        return None

    def drop(self) -> None:
        for session in list(self.sessions):
            session.drop()
