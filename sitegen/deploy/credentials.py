"""The deploy password in the operating system's credential store, through `keyring`.

Windows Credential Manager, macOS Keychain or the Secret Service on Linux keep it, keyed by
SERVICE and `user@host:port`; never a file of the project. Every call has a timeout: a locked
Secret Service can wait for a password dialog nobody sees, and a publish must not hang on it.
`keyring` is the `edit` extra's: without it, or on a box with no store (a headless Linux),
there is no store, and the editor says so and asks each time.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import TypeVar

from sitegen.deploy.settings import DeploySettings

SERVICE = "sitegen-deploy"
TIMEOUT_SECONDS = 5.0
T = TypeVar("T")


class StoreUnavailableError(Exception):
    """No credential store here, or it did not answer in time."""


def account(settings: DeploySettings) -> str:
    """The store's key of a server's login: `user@host:port`."""
    return f"{settings.user}@{settings.host}:{settings.port}"


def store_available(timeout: float = TIMEOUT_SECONDS) -> bool:
    """Whether an operating system's credential store can keep a password here."""
    try:
        return _timed(_has_backend, timeout)
    except StoreUnavailableError:
        return False


def stored_password(settings: DeploySettings, timeout: float = TIMEOUT_SECONDS) -> str | None:
    """The password the store keeps for this server; None if none, or no store answers."""
    try:
        if not _timed(_has_backend, timeout):
            return None
        return _timed(lambda: _keyring().get_password(SERVICE, account(settings)), timeout)
    except StoreUnavailableError:
        return None


def store_password(settings: DeploySettings, secret: str, timeout: float = TIMEOUT_SECONDS) -> None:
    """Keep the password in the store; StoreUnavailableError if there is none or it failed."""
    if not _timed(_has_backend, timeout):
        raise StoreUnavailableError("no backend")
    _timed(lambda: _keyring().set_password(SERVICE, account(settings), secret), timeout)


def forget_password(settings: DeploySettings, timeout: float = TIMEOUT_SECONDS) -> None:
    """Remove a stored password (one the server refused); nothing if none is kept."""
    try:
        if _timed(_has_backend, timeout):
            _timed(lambda: _delete(settings), timeout)
    except StoreUnavailableError:
        pass


def _delete(settings: DeploySettings) -> None:
    keyring = _keyring()
    with contextlib.suppress(keyring.errors.PasswordDeleteError):
        keyring.delete_password(SERVICE, account(settings))


def _keyring():  # type: ignore[no-untyped-def]
    import keyring
    import keyring.errors

    return keyring


def _has_backend() -> bool:
    """keyring is installed and has a real store (not its `fail` or `null` stand-ins)."""
    try:
        keyring = _keyring()
    except ImportError:
        return False
    backend = keyring.get_keyring()
    if type(backend).__module__ in ("keyring.backends.fail", "keyring.backends.null"):
        return False
    return getattr(backend, "backends", True) != []  # a chainer with nothing to chain


def _timed(call: Callable[[], T], timeout: float) -> T:
    """call() in a thread of its own, given up after timeout seconds; any failure of the
    store becomes StoreUnavailableError (its message may name the store, never the secret)."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except Exception as error:  # every backend has errors of its own
            outcome["error"] = type(error).__name__

    worker = threading.Thread(target=run, name="sitegen-keyring", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise StoreUnavailableError("timeout")
    if "error" in outcome:
        raise StoreUnavailableError(str(outcome["error"]))
    return outcome.get("value")  # type: ignore[return-value]
