"""Renaming, reordering and deleting content files, each kept in the history to be undone.

A renamed page keeps its old address in `aliases:` (the build writes the redirect) and the
menu and pages that linked to its file link to the new one. Section items are in the order of
their names, so moving one up or down renames the items to numbers in their new order
(`1-malware.md`, `2-theft.md`; `01-`… once there are ten or more). A deleted file's last bytes
stay in the history, from where they can be restored.

Every version of a rename is noted with the other name: the new name's history holds the bytes
before the rename (kind `rename`, noted with where it came from), the old name's what it held
(kind `renamed`, noted with where it went).
"""

from __future__ import annotations

import math
import os
import re
from pathlib import Path, PurePosixPath

from sitegen.core.problems import ContentError
from sitegen.core.project import Project
from sitegen.editor import documents, linking, naming, paths
from sitegen.editor.history import History
from sitegen.editor.roundtrip import plain
from sitegen.editor.saving import CHANGES, ConflictError, digest
from sitegen.source.frontmatter import parse as parse_front
from sitegen.source.sections import FOLDER as SECTIONS
from sitegen.source.site import page_location
from sitegen.source.yaml_loader import load_yaml

_NUMBER = re.compile(r"^\d+-")


class NameRefusedError(ValueError):
    """The new name breaks a rule: the problems say which."""

    def __init__(self, problems: list):
        super().__init__("name refused")
        self.problems = problems


class OrderFieldError(ValueError):
    """The folder's items are ordered by their `order:` fields, which names do not change."""


def is_section_file(name: str) -> bool:
    return name.startswith(f"content/{SECTIONS}/")


def rename(
    project: Project,
    name: str,
    new_name: str,
    expected: str,
    history: History,
    data: bytes | None = None,
) -> list[str]:
    """Rename the page file name to new_name; the files whose links were changed.

    data, when given, is written instead of the file's bytes (undoing a rename puts back
    the bytes from before it, without the alias it added).
    """
    source = paths.editable_text(project, name)
    problems = naming.name_problems(project, new_name)
    if problems:
        raise NameRefusedError(problems)
    target = paths.editable_text(project, new_name)
    with CHANGES:
        raw = source.read_bytes()
        if digest(raw) != expected:
            raise ConflictError(raw)
        old = linking.target_of(project, source)
        if data is None:
            data = raw if is_section_file(name) else _with_alias(raw, old.address, source)
        _move(source, target, data, name, new_name, raw, history)
    moved_to = target.relative_to(project.content).as_posix()
    return linking.change_links(project, old, history, moved_to)


def _move(source: Path, target: Path, data: bytes, name: str, new: str, raw: bytes, history):
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "xb") as stream:
        stream.write(data)
    history.keep(name, raw, "renamed", note=new)
    history.keep(new, raw, "rename", note=name)
    source.unlink()


def _with_alias(raw: bytes, address: str, source: Path) -> bytes:
    """raw with address added to the page's aliases (if not there yet)."""
    document = documents.parse(raw, True)
    text = document.front.replace("\r\n", "\n")
    data = plain(load_yaml(text, source, line_offset=document.front_line - 1)) if text else {}
    data = data if isinstance(data, dict) else {}
    aliases = list(data.get("aliases") or [])
    if address in aliases or address == "/":
        return raw
    return documents.with_data(document, {**data, "aliases": [*aliases, address]}).to_bytes()


def delete(project: Project, name: str, expected: str, history: History) -> None:
    """Delete the file name, its last bytes kept in the history."""
    source = paths.editable_text(project, name)
    with CHANGES:
        raw = source.read_bytes()
        if digest(raw) != expected:
            raise ConflictError(raw)
        history.keep(name, raw, "delete")
        source.unlink()


def move_item(project: Project, name: str, step: int, history: History) -> dict[str, str]:
    """Move the section item name one place up (-1) or down (+1) among its folder's items by
    renaming them to numbers in the new order; {old name: new name} of the files renamed."""
    source = paths.editable_text(project, name)
    folder = source.parent
    with CHANGES:
        items = sorted(naming.items_of(folder), key=_order)
        if any(_order(p)[0] != math.inf for p in items):
            raise OrderFieldError(name)
        at = next((i for i, p in enumerate(items) if p.name == source.name), None)
        if at is None or not 0 <= at + step < len(items):
            return {}
        items[at], items[at + step] = items[at + step], items[at]
        width = 2 if len(items) >= 10 else 1
        renamed = {}
        for number, path in enumerate(items, start=1):
            new = f"{number:0{width}d}-{_NUMBER.sub('', path.name)}"
            if new != path.name:
                renamed[path] = folder / new
        _rename_all(project, renamed, history)
    top = project.root
    return {
        old.relative_to(top).as_posix(): new.relative_to(top).as_posix()
        for old, new in renamed.items()
    }


def _rename_all(project: Project, renamed: dict[Path, Path], history: History) -> None:
    """Rename each file to its new name, through a hidden name first (names may be swapped)."""
    top = project.root
    between = {}
    for old in renamed:
        hidden = old.with_name(f".{old.name}.moving")
        os.replace(old, hidden)
        between[old] = hidden
    for old, new in renamed.items():
        raw = between[old].read_bytes()
        os.replace(between[old], new)
        old_name, new_name = old.relative_to(top).as_posix(), new.relative_to(top).as_posix()
        history.keep(old_name, raw, "renamed", note=new_name)
        history.keep(new_name, raw, "rename", note=old_name)


def _order(path: Path) -> tuple[float, str]:
    """The build's order of section items: an `order:` number first, then the name."""
    try:
        meta = parse_front(path.read_text(encoding="utf-8-sig"), path)[0]
    except (ContentError, OSError, ValueError):  # kept in place by name; the check names it
        return (math.inf, path.name)
    order = meta.get("order")
    number = order if isinstance(order, int | float) and not isinstance(order, bool) else math.inf
    return (number, path.name)


def address_of(project: Project, name: str) -> str:
    """The site path of a page file (`content/about.md` → `/about/`)."""
    return "/" + page_location(PurePosixPath(name.removeprefix("content/")))[0]
