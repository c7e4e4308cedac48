"""Writing a file only if it is still what the form was made from, whole or not at all."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

from sitegen.core.files import replace_file
from sitegen.editor.history import History

# One change of content/ at a time (saves, renames, deletes): a check and its change go together.
CHANGES = threading.RLock()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class ConflictError(Exception):
    """The file changed since the form was made: what it holds now."""

    def __init__(self, current: bytes):
        super().__init__("changed since the form was made")
        self.current = current


def still(target: Path, expected: str) -> bytes:
    """target's bytes (none if missing) if their SHA-256 is still expected, else
    ConflictError; called under CHANGES, with the change that depends on it."""
    try:
        current = target.read_bytes()
    except FileNotFoundError:
        current = b""
    if digest(current) != expected:
        raise ConflictError(current)
    return current


@dataclass(frozen=True)
class Saved:
    changed: bool


def save(
    target: Path, name: str, expected: str, data: bytes, history: History, kind: str = "save"
) -> Saved:
    """Replace target (`name` below the project) with data if its SHA-256 is still expected.

    The bytes it held are kept in the history first, the new ones after; a conflict keeps
    what was typed as a version too, so that nothing typed is lost.
    """
    with CHANGES:
        try:
            current = still(target, expected)
        except ConflictError:
            history.keep(name, data, "conflict")
            raise
        if current == data:
            return Saved(False)
        if current:
            history.keep(name, current, "before")
        replace_file(target, data)
        history.keep(name, data, kind)
        return Saved(True)
