"""Reading an editor's text file: UTF-8 (with or without BOM), any line ending."""

from __future__ import annotations

import codecs
import contextlib
import os
import re
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from pathlib import Path

from sitegen.core import messages
from sitegen.core.problems import ContentError, Problem

# Control characters other than tab and line ends: invisible in editors, and NUL bytes and
# the like would otherwise reach the HTML.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_MOST_SHOWN = 10  # lines reported per file

# Encodings an editor's tool may have saved a Japanese file in, most likely first.
_GUESSES = (("cp932", "Shift_JIS"), ("euc_jp", "EUC-JP"), ("utf_16", "UTF-16"))


def read_text(path: Path) -> str:
    """The file's text with a BOM removed and line endings made `\\n`."""
    return decode_text(read_bytes(path), path)


# Texts not yet saved, by absolute path: read instead of the files while set (unsaved()).
_unsaved: ContextVar[Mapping[str, bytes] | None] = ContextVar("sitegen_unsaved", default=None)


@contextlib.contextmanager
def unsaved(texts: Mapping[Path, str]) -> Iterator[None]:
    """Read these files as these texts while inside, not from the disk: the browser
    editor's preview of what an editor typed and has not saved."""
    overlay = {os.path.abspath(path): text.encode("utf-8") for path, text in texts.items()}
    token = _unsaved.set({**(_unsaved.get() or {}), **overlay})
    try:
        yield
    finally:
        _unsaved.reset(token)


def read_bytes(path: Path) -> bytes:
    """The file's bytes (or its unsaved text); E002 if it cannot be read."""
    overlay = _unsaved.get()
    if overlay:
        text = overlay.get(os.path.abspath(path))
        if text is not None:
            return text
    try:
        # Unbuffered: one read of the whole file, without a buffer object (a fifth faster).
        with open(path, "rb", buffering=0) as stream:
            return stream.read()
    except OSError as exc:
        raise ContentError.of("E002", path, detail=exc.strerror or str(exc)) from None


def decode_text(raw: bytes, path: Path) -> str:
    """read_text of a file whose bytes are raw."""
    try:
        # As "utf-8-sig" decodes, without its codec's Python code (a tenth of a second a build
        # at 10,000 pages).
        text = (raw[3:] if raw.startswith(codecs.BOM_UTF8) else raw).decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError.of("E001", path, line, guess=_guess(raw)) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _may_hold_control(raw) and _CONTROL.search(text):
        raise ContentError(_control_problems(text, path))
    return text


# The bytes of the C0 controls _CONTROL finds; its C1 controls (U+0080 to U+009F) start
# with 0xC2 in UTF-8. Looking at the bytes first halves the cost of the check.
_C0 = bytes(b for b in range(0x20) if b not in b"\t\n\r") + b"\x7f"


def _may_hold_control(raw: bytes) -> bool:
    """False when raw surely holds no control character _CONTROL finds."""
    return b"\xc2" in raw or len(raw.translate(None, _C0)) != len(raw)


def _control_problems(text: str, path: Path) -> list[Problem]:
    """Each line's first control character (they would be copied into the published pages)."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        found = _CONTROL.search(line)
        if found:
            character = f"U+{ord(found[0]):04X}"
            problems.append(
                Problem.of("E003", path, number, found.start() + 1, character=character)
            )
            if len(problems) == _MOST_SHOWN:
                break
    return problems


def _guess(raw: bytes) -> str:
    """Which encoding the bytes seem to be in, as words for the message."""
    for codec, name in _GUESSES:
        try:
            raw.decode(codec)
        except UnicodeDecodeError:
            continue
        return messages.text("encoding_guess", name=name)
    return ""
