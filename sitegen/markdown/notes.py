"""Notes the Markdown converter leaves for the editor: habits it could not honour."""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown import Markdown


@dataclass(frozen=True)
class Note:
    """A message code at a line of the converted text (0 = its first line) and a column."""

    code: str
    line: int
    column: int | None = None
    values: dict[str, str] = field(default_factory=dict)


def notes_of(md: Markdown) -> list[Note]:
    """The notes of the last conversion, in the order of their lines."""
    return sorted(getattr(md, "markdown_notes", []), key=lambda note: note.line)
