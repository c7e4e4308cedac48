"""Typed errors that name the source file and line an editor has to fix."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sitegen.core.messages import message
from sitegen.core.messages import text as message_text


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one source file, at a line where one is known."""

    code: str
    text: str
    path: Path | None = None
    line: int | None = None
    column: int | None = None
    hint: str | None = None
    # The field of the file it belongs to, as a path (`costs[2].yen`), when it is a field's:
    # the browser editor shows the message at that field.
    field_path: str | None = None

    @classmethod
    def of(
        cls,
        code: str,
        path: Path | None = None,
        line: int | None = None,
        column: int | None = None,
        /,
        **values: object,
    ) -> Problem:
        """The problem with this code, its text and hint filled in from the message catalogue."""
        text, hint = message(code, **values)
        return cls(code, text, path, line, column, hint)

    @property
    def is_warning(self) -> bool:
        return self.code.startswith("W")

    def location(self, root: Path | None = None) -> str:
        """`path:line:column` relative to root, as much of it as is known."""
        if self.path is None:
            return ""
        shown = self.path
        if root is not None:
            shown = _relative(self.path, root) or self.path
        parts = [shown.as_posix()]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def format(self, root: Path | None = None) -> str:
        """`path:line:column: CODE 種別: message` for the terminal, and the hint below it."""
        where = self.location(root)
        kind = message_text("warning" if self.is_warning else "error")
        body = f"{self.code} {kind}: {self.text}"
        head = f"{where}: {body}" if where else body
        return f"{head}\n  {self.hint}" if self.hint else head


# A build may report thousands of notes (W601 on each of 3,760 pages of 10,000): resolving
# each file's whole path took 0.5 s; each folder is resolved once, and the file itself only
# when it is a link.
def _relative(path: Path, root: Path) -> Path | None:
    """path below root, both resolved (as Path.resolve does); None if it is not below it."""
    full = os.path.abspath(path)
    folder, name = os.path.split(full)
    resolved = os.path.join(_real(folder), name) if name else _real(full)
    if os.path.islink(resolved):
        resolved = os.path.realpath(resolved)
    top = _real(os.path.abspath(root))
    if resolved == top:
        return Path()
    below = top if top.endswith(os.sep) else top + os.sep
    return Path(resolved[len(below) :]) if resolved.startswith(below) else None


@functools.lru_cache(maxsize=4096)
def _real(folder: str) -> str:
    return os.path.realpath(folder)


class ContentError(Exception):
    """The content (or a template) is wrong: the editor can fix it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_warning]

    @classmethod
    def of(
        cls,
        code: str,
        path: Path | None = None,
        line: int | None = None,
        column: int | None = None,
        /,
        **values: object,
    ) -> ContentError:
        """Build an error with one problem from the message catalogue."""
        return cls([Problem.of(code, path, line, column, **values)])


Loaded = TypeVar("Loaded")


def collect(problems: list[Problem], load: Callable[[], Loaded]) -> Loaded | None:
    """Run load; on a content error keep its problems and return None, so the next file is read."""
    try:
        return load()
    except ContentError as error:
        problems.extend(error.problems)
        return None
