"""Which files a request may read or write: below content/ or assets/, never elsewhere.

A request names a file by its path below the project (`content/about.md`). The name is
refused before any file is touched when it is absolute, climbs out (`..`), holds a
backslash, a drive letter, a NUL or a Windows device name (`CON`, `aux.md`), or leads through
a symbolic link: a path an editor could not have picked from the editor's own lists.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from sitegen.core.project import Project

EDITABLE_ROOTS = ("content", "assets")
TEXT_SUFFIXES = (".md", ".yml", ".yaml")
# Names Windows reserves in every folder, with any extension (CON.md is CON).
_DEVICES = re.compile(
    r"^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(?:\..*)?$", re.I
)
# Percent signs too: a name is never decoded twice.
_PART = re.compile(r"^[^\x00-\x1f<>:\"|?*\\%]+$")


class PathRefusedError(ValueError):
    """A request named a file outside what the editor may touch."""


def checked_relative(name: str, roots: tuple[str, ...] = EDITABLE_ROOTS) -> PurePosixPath:
    """name as a clean relative path below one of roots; PathRefusedError otherwise."""
    if not name or len(name) > 400 or name.startswith(("/", "~")) or "\\" in name:
        raise PathRefusedError(name)
    parts = name.split("/")
    for part in parts:
        if part in ("", ".", "..") or not _PART.match(part) or _DEVICES.match(part):
            raise PathRefusedError(name)
        if part != part.rstrip(" .") or part.startswith(" "):  # Windows drops these
            raise PathRefusedError(name)
    if parts[0] not in roots or len(parts) < 2:
        raise PathRefusedError(name)
    return PurePosixPath(name)


def resolve(project: Project, name: str, roots: tuple[str, ...] = EDITABLE_ROOTS) -> Path:
    """The file below the project that name (`content/about.md`) may mean; no links on the way."""
    relative = checked_relative(name, roots)
    root = project.root.resolve()
    target = root.joinpath(*relative.parts)
    current = root
    for part in relative.parts:
        current = current / part
        if current.is_symlink():
            raise PathRefusedError(name)
    if not target.resolve().is_relative_to(root / relative.parts[0]):
        raise PathRefusedError(name)
    return target


def editable_text(project: Project, name: str) -> Path:
    """resolve, for a Markdown or YAML file below content/ (the files that get a form)."""
    target = resolve(project, name, ("content",))
    if target.suffix.lower() not in TEXT_SUFFIXES:
        raise PathRefusedError(name)
    return target
