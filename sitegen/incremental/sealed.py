"""Cache files sealed with a SHA-256 of what they hold: a label, the digest, the payload.

A flipped byte could still unpickle (or load as compiled code), as another value: the digest
says whether the payload is the one written. Written whole under a temporary name.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sitegen.incremental.page_cache import _write_entry


def write_sealed(path: Path | str, label: bytes, payload: bytes) -> None:
    """Write payload under label and its digest; OSError if the file cannot be written."""
    _write_entry(path, label + hashlib.sha256(payload).digest() + payload)


def read_sealed(path: Path | str, label: bytes) -> bytes:
    """The payload written under label; OSError if unreadable, ValueError if not whole."""
    with open(path, "rb") as stream:
        blob = stream.read()
    start = len(label)
    digest, payload = blob[start : start + 32], blob[start + 32 :]
    if not blob.startswith(label) or hashlib.sha256(payload).digest() != digest:
        raise ValueError("damaged")
    return payload
