"""Reading the parts of pages that editors write as Markdown documents (`content/sections/`).

A section is not a page: it has no address and enters no sitemap; templates place it.

    content/sections/incident.md          one section: front matter and a Markdown body
    content/sections/damages/index.md     a section with items: its own front matter and body
    content/sections/damages/1-....md     its items (cards), in the order of their `order`
                                          field, then of their file names

Files whose name starts with `_` or `.`, and files marked `draft: true`, are left out, as
drafts of pages are; other files (images) may sit beside them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from sitegen.core.problems import ContentError, Problem, collect
from sitegen.source.frontmatter import parse
from sitegen.source.sync_copies import is_left_out
from sitegen.source.textfile import read_text
from sitegen.source.yaml_loader import Mapping

FOLDER = "sections"
GROUP_FILE = "index.md"


@dataclass(frozen=True)
class Section:
    """One Markdown file that is part of a page, and for a folder its items."""

    name: str
    source: Path
    meta: Mapping
    body: str
    body_line: int
    items: tuple[Section, ...] = ()

    @property
    def is_draft(self) -> bool:
        return self.meta.get("draft") is True


def load_sections(folder: Path) -> dict[str, Section]:
    """Every section below folder by name; one error lists the problems of every file."""
    sections, problems = read_sections(folder)
    if problems:
        raise ContentError(problems)
    return sections


def read_sections(folder: Path) -> tuple[dict[str, Section], list[Problem]]:
    """Every section below folder that can be read, and the problems of the others."""
    if not folder.is_dir():
        return {}, []
    problems: list[Problem] = []
    sections = {}
    entries = sorted(folder.iterdir())
    present = {entry.name for entry in entries}
    for entry in entries:
        if entry.name.startswith(("_", ".")) or is_left_out(entry.name, present):
            continue
        section = None
        if entry.is_dir():
            section = _load_group(entry, problems)
        elif entry.suffix == ".md":
            section = collect(problems, lambda e=entry: load_section(e, e.stem))
        if section is not None and not section.is_draft:
            sections[section.name] = section
    return sections, problems


def load_section(source: Path, name: str) -> Section:
    meta, body, body_line = parse(read_text(source), source)
    return Section(name, source, meta, body, body_line)


def _load_group(folder: Path, problems: list[Problem]) -> Section:
    """A folder: its index.md (if any) with the other Markdown files as its items.

    A file that cannot be read adds its problems and is left out; the rest is still read,
    so that their problems are found in the same run.
    """
    items = []
    present = {path.name for path in folder.iterdir()}
    for source in sorted(folder.glob("*.md")):
        if source.name == GROUP_FILE or source.name.startswith(("_", ".")):
            continue
        if is_left_out(source.name, present):
            continue
        item = collect(problems, lambda s=source: load_section(s, s.stem))
        if item is not None and not item.is_draft:
            items.append(item)
    index = folder / GROUP_FILE
    group = collect(problems, lambda: load_section(index, folder.name)) if index.is_file() else None
    items.sort(key=_order)
    if group is None:
        # An unreadable index.md stands as the group's source, so that it is not checked.
        source = index if index.is_file() else folder
        return Section(folder.name, source, Mapping(), "", 1, tuple(items))
    return Section(group.name, group.source, group.meta, group.body, group.body_line, tuple(items))


def _order(section: Section) -> tuple[float, str]:
    """By the `order` field where there is one (a number), then by file name."""
    order = section.meta.get("order")
    number = order if isinstance(order, int | float) and not isinstance(order, bool) else math.inf
    return (number, section.source.name)
