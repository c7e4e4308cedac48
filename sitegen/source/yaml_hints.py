"""Where an editor must act on a YAML syntax error that PyYAML reports too late.

PyYAML finds a key written without its colon (`title 協会の概要`) or without the space after
it (`tel:"03-…"`) only on a later line, where it stops: the line after it, or the next
key's colon. These functions read the source around PyYAML's marks for the line the editor
must fix, and the fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A key followed by its colon and, at once, the value: `tel:"03-…"`, `url:https://…`.
_KEY_WITHOUT_SPACE = re.compile(r"^([ ]*(?:-[ ]+)?)([A-Za-z_][A-Za-z0-9_-]*):(?=[^\s:/])")
# A line that holds a key with its colon: `key:` at the end or `key: value`.
_HAS_KEY = re.compile(r"^[ ]*(?:-[ ]+)?[^\s#][^#]*?:(?:[ ]|$)")
_ITEM = re.compile(r"^[ ]*-(?:[ ]|$)")


@dataclass(frozen=True)
class Slip:
    """A message code, the file-relative line and column (from 0), and the message's values."""

    code: str
    line: int
    column: int
    values: dict[str, str]


def locate_slip(
    text: str, problem: str, problem_line: int, problem_column: int, context_line: int | None
) -> Slip | None:
    """The real place of a missing colon or space, from PyYAML's problem and marks (from 0)."""
    lines = text.split("\n")
    if problem.startswith("could not find expected ':'") and context_line is not None:
        return _slip_at(lines, context_line)
    if problem.startswith("mapping values are not allowed"):
        current = lines[problem_line] if problem_line < len(lines) else ""
        if re.search(r":[ ]", current[:problem_column]):
            return None  # a colon inside a value (`key: a: b`): PyYAML's place is right
        previous = _previous_line(lines, problem_line)
        if previous is not None:
            return _slip_at(lines, previous)
    return None


def _previous_line(lines: list[str], index: int) -> int | None:
    for number in range(index - 1, -1, -1):
        stripped = lines[number].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return None


def _slip_at(lines: list[str], index: int) -> Slip | None:
    """The slip on one line: a key whose colon has no space after it, or no colon at all."""
    if index >= len(lines):
        return None
    line = lines[index]
    glued = _KEY_WITHOUT_SPACE.match(line)
    if glued:
        column = glued.end()
        key, value = glued[2], line[column:].strip()
        return Slip("E109", index, column, {"key": key, "value": value})
    if _HAS_KEY.match(line) or not line.strip() or line.strip().startswith("#"):
        return None
    indent = len(line) - len(line.lstrip(" "))
    item = _ITEM.match(line)
    start = item.end() if item else indent
    words = line[start:].strip().split(None, 1)
    if not words:
        return None
    value = words[1] if len(words) > 1 else "…"
    return Slip("E108", index, start, {"key": words[0], "value": value})
