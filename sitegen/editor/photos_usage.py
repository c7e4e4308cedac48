"""Every image of the site and the files that show it (for the photos list, and to refuse
deleting a photo a page still shows).

An image is shown by a page's Markdown (`![…](photo.jpg)`, `<img src="…">`), by an image
field of a page, a section or a data file (`image: images/office.jpg`), or by a template
(`favicon.svg`). Addresses are resolved as the build resolves them
(sitegen/markdown/images.py `resolve`): beside the file first, then in assets/.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.core.project import Project
from sitegen.markdown.images import resolve
from sitegen.source.editor_junk import is_editor_junk

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif", ".gif", ".avif", ".svg")
_SUFFIX = "|".join(s.lstrip(".") for s in IMAGE_SUFFIXES)
# An address ending in an image suffix, as Markdown, HTML or YAML writes it.
_ADDRESS = re.compile(
    rf"""(?:\]\(\s*<?|src\s*=\s*["']?|[:\-]\s+["']?|["'])"""
    rf"""([^\s"'<>()]+?\.(?:{_SUFFIX}))(?=[\s"'>)#?]|$)""",
    re.IGNORECASE | re.MULTILINE,
)
_TEXTS = (".md", ".yml", ".yaml")


@dataclass
class Image:
    """One image file and the files (below the project) that show it."""

    name: str  # below the project: "assets/images/office.jpg"
    path: Path
    size: int
    shown_by: list[str] = field(default_factory=list)
    # The file as the list showed it (modification time and size: hashing every photo for
    # each list would read megabytes): a replace or delete goes ahead only while it holds.
    version: str = ""


def version_of(path: Path) -> str:
    """The file's modification time and size, or "" when it cannot be read."""
    try:
        stat = path.stat()
    except OSError:
        return ""
    return f"{stat.st_mtime_ns}-{stat.st_size}"


def images_of(project: Project) -> dict[Path, Image]:
    """Every image file below assets/ and content/, by resolved path."""
    found: dict[Path, Image] = {}
    for top in (project.assets, project.content):
        for path in _files(top, IMAGE_SUFFIXES):
            name = path.relative_to(project.root).as_posix()
            if name.startswith("content/data/"):
                continue
            found[path.resolve()] = Image(name, path, path.stat().st_size, [], version_of(path))
    return found


def with_users(project: Project) -> list[Image]:
    """Every image, each with the files that show it, by name."""
    found = images_of(project)
    for document in _files(project.content, _TEXTS):
        shown = _shown_in(document, project)
        user = document.relative_to(project.root).as_posix()
        for path in shown:
            image = found.get(path)
            if image is not None and user not in image.shown_by:
                image.shown_by.append(user)
    _templates(project, found)
    return sorted(found.values(), key=lambda image: image.name)


def users_of(project: Project, name: str) -> list[str]:
    """The files that show the image `name` (below the project)."""
    return next((i.shown_by for i in with_users(project) if i.name == name), [])


def _shown_in(document: Path, project: Project) -> set[Path]:
    try:
        text = document.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return set()
    found = set()
    for match in _ADDRESS.finditer(text):
        target = resolve(match[1], document, project.content, project.assets)
        if target is not None:
            found.add(target.resolve())
    return found


def _templates(project: Project, found: dict[Path, Image]) -> None:
    """A template names an asset by its path below assets/ (`favicon.svg`)."""
    texts = []
    for template in _files(project.templates, (".html", ".xml", ".txt")):
        try:
            texts.append((template, template.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):
            continue
    for image in found.values():
        if not image.name.startswith("assets/"):
            continue
        below = image.name[len("assets/") :]
        for template, text in texts:
            if re.search(rf"(?<![\w/.-]){re.escape(below)}(?![\w.-])", text):
                image.shown_by.append(template.relative_to(project.root).as_posix())


def _files(top: Path, suffixes: tuple[str, ...]) -> list[Path]:
    if not top.is_dir():
        return []
    found = []
    for folder, folders, names in os.walk(top):
        folders[:] = sorted(d for d in folders if not d.startswith((".", "_")))
        for name in sorted(names):
            if name.startswith(".") or is_editor_junk(name):
                continue
            if os.path.splitext(name)[1].lower() in suffixes:
                found.append(Path(folder, name))
    return found
