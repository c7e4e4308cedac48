"""A new file made from its model, and a new entry of the site's menu.

A page gets its title (and a news post its date); a section item gets the fields its model
requires, the first text one holding the title typed. An item whose other required fields are
still empty is made a draft (`draft: true`), so that the site keeps building while the editor
fills them in: the form shows the fields, the draft box is theirs to untick.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

from sitegen.core.project import Project
from sitegen.editor import documents, scalars
from sitegen.editor.form_values import blank
from sitegen.editor.history import History
from sitegen.editor.naming import ITEM, NEWS, Kind
from sitegen.editor.roundtrip import plain
from sitegen.source import dates
from sitegen.source.yaml_loader import load_yaml
from sitegen.validate.fields import Spec

_TITLE_KEYS = ("title", "heading", "name")


def front_of(kind: Kind, spec: Spec | None, title: str) -> dict[str, Any]:
    """The front matter of a new file of kind, titled title."""
    if kind.kind != ITEM:
        data: dict[str, Any] = {"title": title}
        if kind.kind == NEWS:
            data["date"] = dates.today().isoformat()
        return data
    fields = spec.fields if spec is not None and spec.kind == "map" else {}
    data = {}
    titled = False
    for key, child in fields.items():
        if not child.required:
            continue
        if not titled and key in _TITLE_KEYS and child.kind == "text":
            data[key], titled = title, True
        else:
            data[key] = blank(child)
    if any(value in ("", [], {}) for value in data.values()):
        data["draft"] = True
    return data


def new_file(data: dict[str, Any], body: str) -> bytes:
    """A Markdown file: data as its front matter, then body."""
    front = scalars.block(data, 0, "\n") if data else ""
    return f"---\n{front}---\n\n{body}".encode()


def create(target: Path, name: str, data: bytes, history: History) -> None:
    """Write the new file (never over an existing one), kept in the history as made."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "xb") as stream:  # "x": a file made meanwhile is never replaced
        stream.write(data)
    history.keep(name, data, "create")


def with_menu_entry(raw: bytes, title: str, link: str) -> bytes:
    """site.yml's bytes with a menu entry (title, link) added after the others."""
    document = documents.parse(raw, False)
    text = document.front.replace("\r\n", "\n")
    data = plain(load_yaml(text, Path("content/site.yml"))) if text.strip() else {}
    menu = list(data.get("menu") or [])
    menu.append({"title": title, "link": link})
    return documents.with_data(document, {**data, "menu": menu}).to_bytes()


def menu_link(project: Project, target: Path) -> str:
    """How the menu names a page file: its path below content/ (`about.md`)."""
    return PurePosixPath(target.relative_to(project.content).as_posix()).as_posix()
