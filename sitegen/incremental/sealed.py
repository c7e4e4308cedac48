"""Cache files sealed with a SHA-256 of what they hold: a label, the digest, the payload.

A flipped byte could still unpickle (or load as compiled code), as another value: the digest
says whether the payload is the one written. Written whole under a temporary name.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sitegen.core.files import replace_file


def seal(label: bytes, payload: bytes) -> bytes:
    """payload under label and its digest: the one format of every file the layer keeps."""
    return label + hashlib.sha256(payload).digest() + payload


def unseal(blob: bytes, label: bytes) -> bytes | None:
    """The payload sealed under label, or None if blob is anything else (damaged, foreign)."""
    start = len(label)
    digest, payload = blob[start : start + 32], blob[start + 32 :]
    if not blob.startswith(label) or hashlib.sha256(payload).digest() != digest:
        return None
    return payload


def write_sealed(path: Path | str, label: bytes, payload: bytes) -> None:
    """Write payload under label and its digest; OSError if the file cannot be written."""
    replace_file(Path(path), seal(label, payload))


def read_sealed(path: Path | str, label: bytes) -> bytes:
    """The payload written under label; OSError if unreadable, ValueError if not whole."""
    with open(path, "rb") as stream:
        payload = unseal(stream.read(), label)
    if payload is None:
        raise ValueError("damaged")
    return payload
