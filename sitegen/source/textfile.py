"""Reading an editor's text file: UTF-8 (with or without BOM), any line ending."""

from __future__ import annotations

from pathlib import Path

from sitegen.core import messages
from sitegen.core.problems import ContentError

# Encodings an editor's tool may have saved a Japanese file in, most likely first.
_GUESSES = (("cp932", "Shift_JIS"), ("euc_jp", "EUC-JP"), ("utf_16", "UTF-16"))


def read_text(path: Path) -> str:
    """The file's text with a BOM removed and line endings made `\\n`."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError.of("E002", path, detail=exc.strerror or str(exc)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError.of("E001", path, line, guess=_guess(raw)) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _guess(raw: bytes) -> str:
    """Which encoding the bytes seem to be in, as words for the message."""
    for codec, name in _GUESSES:
        try:
            raw.decode(codec)
        except UnicodeDecodeError:
            continue
        return messages.text("encoding_guess", name=name)
    return ""
