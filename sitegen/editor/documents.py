"""A content file as stored: its BOM, line ends, front matter text and body, put back whole.

The engine reads files with the BOM removed and line ends made `\\n`; the editor must write
back what it read, so it keeps the raw text and finds the same parts in it (the same fences
as `sitegen.source.frontmatter`, with `\\r\\n` allowed before each line end).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, replace
from typing import Any

from sitegen.editor import roundtrip

_CLOSING = re.compile(r"^(?:---|\.\.\.)[^\S\r\n]*\r?$", re.MULTILINE)


@dataclass(frozen=True)
class Document:
    """One file's text in parts: bom + head + front + fence + body is the file."""

    bom: bytes
    head: str  # the opening fence line (`---` and its line end), or "" without front matter
    front: str  # the YAML text (a data file's whole text)
    fence: str  # the closing fence line, or ""
    body: str
    is_page: bool

    @property
    def newline(self) -> str:
        whole = self.head + self.front + self.fence + self.body
        return "\r\n" if "\r\n" in whole else "\n"

    def to_bytes(self) -> bytes:
        text = self.head + self.front + self.fence + self.body
        return self.bom + text.encode("utf-8")

    @property
    def body_line(self) -> int:
        """The file line the body starts on."""
        return (self.head + self.front + self.fence).count("\n") + 1

    @property
    def front_line(self) -> int:
        return self.head.count("\n") + 1


class NotReadableError(ValueError):
    """The file is not UTF-8, or its front matter is not closed: it opens as text."""


def parse(raw: bytes, is_page: bool) -> Document:
    """The parts of a file's bytes (a page when is_page, else a YAML data file)."""
    bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
    try:
        text = raw[len(bom) :].decode("utf-8")
    except UnicodeDecodeError:
        raise NotReadableError("encoding") from None
    if not is_page:
        return Document(bom, "", text, "", "", False)
    end = text.find("\n")
    first = text if end < 0 else text[:end]
    if first.rstrip() != "---":
        return Document(bom, "", "", "", text, True)
    found = _CLOSING.search(text, end + 1) if end >= 0 else None
    if found is None:
        raise NotReadableError("fence")
    stop = text.find("\n", found.start())
    stop = len(text) if stop < 0 else stop + 1
    return Document(
        bom,
        text[: end + 1],
        text[end + 1 : found.start()],
        text[found.start() : stop],
        text[stop:],
        True,
    )


def with_data(document: Document, data: Any) -> Document:
    """document holding data (its front matter, or a data file's whole text)."""
    front = roundtrip.rewrite(document.front, data)
    if document.is_page and not document.head and data:
        newline = document.newline
        return replace(document, head="---" + newline, front=front, fence="---" + newline)
    return replace(document, front=front)


def with_body(document: Document, body: str) -> Document:
    """document with a new body, typed with `\\n` or `\\r\\n`, in the file's own line ends."""
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    if body == document.body.replace("\r\n", "\n"):
        return document  # unchanged, mixed line ends and all
    if document.newline == "\r\n":
        body = body.replace("\n", "\r\n")
    return replace(document, body=body)


def body_as_typed(document: Document) -> str:
    """The body as a text area shows it: `\\n` line ends."""
    return document.body.replace("\r\n", "\n")
