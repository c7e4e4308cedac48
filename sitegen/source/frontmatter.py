"""Splitting a Markdown page into its YAML front matter and its body."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitegen.core import messages
from sitegen.core.problems import ContentError
from sitegen.core.remembered import pure
from sitegen.source.yaml_loader import Mapping, empty_mapping, load_yaml

_FENCE = "---"
# A line that closes the front matter: `---` or `...`, then only spaces (as str.rstrip strips).
_CLOSING = re.compile(r"^(?:---|\.\.\.)[^\S\n]*$", re.MULTILINE)


@dataclass(frozen=True)
class Split:
    """The raw parts of a page file; body_line is the file line the body starts on."""

    front: str | None
    body: str
    front_line: int
    body_line: int


def split(text: str) -> Split | None:
    """Split text at its `---` fences; None when the opening fence is not closed.

    The closing fence is found by a pattern, not line by line: the body is taken whole.
    """
    end = text.find("\n")
    first = text if end < 0 else text[:end]
    if first.rstrip() != _FENCE:
        return Split(None, text, 1, 1)
    if end < 0:
        return None
    found = _CLOSING.search(text, end + 1)
    if found is None:
        return None
    start = found.start()
    front = text[end + 1 : max(start - 1, end + 1)]
    stop = text.find("\n", start)
    body = "" if stop < 0 else text[stop + 1 :]
    return Split(front, body, 2, text.count("\n", 0, start) + 2)


@pure("front matter")
def load_front(text: str, path: Path, line_offset: int = 0) -> Any:
    """The YAML of a front matter whose first line is line_offset + 1 of its file."""
    return load_yaml(text, path, line_offset=line_offset)


def parse(text: str, path: Path) -> tuple[Mapping, str, int]:
    """The front matter as a Mapping (empty if absent), the body and its first line."""
    parts = split(text)
    if parts is None:
        raise ContentError.of("E110", path, 1, 1)
    meta: Any = empty_mapping(path)
    if parts.front is not None and parts.front.strip():
        meta = load_front(parts.front, path, line_offset=parts.front_line - 1)
        if meta is None:  # only comments
            meta = empty_mapping(path)
        elif not isinstance(meta, Mapping):
            raise ContentError.of(
                "E111", path, parts.front_line, what=messages.text("front_matter")
            )
    return meta, parts.body, parts.body_line
