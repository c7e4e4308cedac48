"""Which pages and menu entries link to a page file, and taking those links out.

A link leads to the page as the build resolves it (`sitegen.source.addresses`): by its file
(`about.md`, `../about.md`, `/about.md`) or by its address (`/about/`, with or without the
site's base path), an anchor or query after it. Taken out, a link in a page's text keeps its
words (`[協会の概要](about.md)` becomes `協会の概要`); a menu entry goes whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from posixpath import dirname, normpath, relpath
from typing import Any
from urllib.parse import unquote, urlsplit

from sitegen.core.problems import ContentError
from sitegen.core.project import Project
from sitegen.editor import documents
from sitegen.editor.history import History
from sitegen.editor.roundtrip import RoundTripError, plain
from sitegen.editor.saving import digest, save
from sitegen.source.sections import FOLDER as SECTIONS
from sitegen.source.site import page_location, page_sources
from sitegen.source.yaml_loader import load_yaml

# [words](target "title"), not ![image](…); words may hold one level of brackets.
_LINK = re.compile(
    r"(?<!!)\[((?:[^\[\]\n]|\[[^\]\n]*\])*)\]\(\s*<?([^)\s>]+)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
)


@dataclass(frozen=True)
class Link:
    """One link to the page: the file it is in, its line, the words it shows."""

    name: str  # content/guide/index.md, content/site.yml
    line: int
    words: str
    in_menu: bool = False


@dataclass(frozen=True)
class Target:
    """The page links are looked for: its file below content/ and its address."""

    relative: str  # about.md
    address: str  # /about/
    base_path: str  # /cyber/ or /

    def reached_by(self, link: str, origin: str) -> bool:
        """Whether link, written in the file origin (below content/), leads to this page."""
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or not parts.path:
            return False
        path = unquote(parts.path)
        if path.endswith(".md"):
            folder = "" if path.startswith("/") else dirname(origin)
            return normpath(f"{folder}/{path.lstrip('/')}").lstrip("/") == self.relative
        if not path.startswith("/"):
            return False
        if path.startswith(self.base_path) and self.base_path != "/":
            path = "/" + path[len(self.base_path) :]
        return path in (self.address, self.address.rstrip("/") or "/")


def target_of(project: Project, path: Path) -> Target:
    relative = path.relative_to(project.content).as_posix()
    address = "/" + page_location(PurePosixPath(relative))[0]
    return Target(relative, address, _base_path(_settings(project)))


def links_to(project: Project, target: Target) -> list[Link]:
    """Every menu entry and page text that links to target, menu first."""
    found = _menu_links(project, target)
    for source in _texts(project):
        relative = source.relative_to(project.content).as_posix()
        if relative == target.relative:
            continue
        origin = "" if relative.startswith(SECTIONS + "/") else relative
        try:
            text = source.read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        for match in _LINK.finditer(text):
            if target.reached_by(match.group(2), origin):
                line = text.count("\n", 0, match.start()) + 1
                found.append(Link(f"content/{relative}", line, match.group(1)))
    return found


def _texts(project: Project) -> list[Path]:
    sections = project.content / SECTIONS
    items = sorted(sections.rglob("*.md")) if sections.is_dir() else []
    return [*page_sources(project), *items]


def _menu_links(project: Project, target: Target) -> list[Link]:
    data = _settings(project)
    menu = data.get("menu") if isinstance(data, dict) else None
    if not isinstance(menu, list):
        return []
    return [
        Link("content/site.yml", 0, str(entry.get("title", "")), in_menu=True)
        for entry in menu
        if isinstance(entry, dict) and target.reached_by(str(entry.get("link", "")), "")
    ]


def _settings(project: Project) -> Any:
    try:
        raw = project.settings.read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        return plain(load_yaml(raw.replace("\r\n", "\n"), project.settings)) or {}
    except (OSError, UnicodeDecodeError, ContentError):
        return {}


def _base_path(data: Any) -> str:
    url = data.get("url") if isinstance(data, dict) else None
    path = urlsplit(str(url)).path if url else "/"
    return path if path.endswith("/") else path + "/"


def change_links(
    project: Project, target: Target, history: History, moved_to: str | None = None
) -> list[str]:
    """Take every link to target out of the menu and the pages, or (moved_to, below
    content/) make each lead to the page's new file; the files changed."""
    changed = []
    if _menu_links(project, target) and _menu_changed(project, target, history, moved_to):
        changed.append("content/site.yml")
    for name in sorted({link.name for link in links_to(project, target) if not link.in_menu}):
        path = project.root / name
        raw = path.read_bytes()
        try:
            document = documents.parse(raw, True)
        except documents.NotReadableError:
            continue  # a file the build cannot read either: its own message names it
        body = _LINK.sub(_changer(target, name, moved_to), documents.body_as_typed(document))
        save(path, name, digest(raw), documents.with_body(document, body).to_bytes(), history)
        changed.append(name)
    return changed


def _menu_changed(project: Project, target: Target, history: History, moved_to: str | None) -> bool:
    """Take the menu's entries for target out (or point them to moved_to); whether it could."""
    raw = project.settings.read_bytes()
    data = _settings(project)
    menu = []
    for entry in data["menu"]:
        if isinstance(entry, dict) and target.reached_by(str(entry.get("link", "")), ""):
            if moved_to is None:
                continue
            entry = {**entry, "link": moved_to}
        menu.append(entry)
    try:
        document = documents.with_data(documents.parse(raw, False), {**data, "menu": menu})
    except (documents.NotReadableError, RoundTripError):
        return False  # site.yml as it is cannot take the change: its links stay listed
    save(project.settings, "content/site.yml", digest(raw), document.to_bytes(), history)
    return True


def _changer(target: Target, name: str, moved_to: str | None):
    """What replaces each link of the file name: its words, or a link to moved_to."""
    relative = name.removeprefix("content/")
    origin = "" if relative.startswith(SECTIONS + "/") else relative

    def change(match: re.Match[str]) -> str:
        words, link = match.group(1), match.group(2)
        if not target.reached_by(link, origin):
            return match.group(0)
        if moved_to is None:
            return words
        parts = urlsplit(link)
        suffix = (f"?{parts.query}" if parts.query else "") + (
            f"#{parts.fragment}" if parts.fragment else ""
        )
        new = relpath(moved_to, dirname(origin) or ".") if origin else moved_to
        return f"[{words}]({new}{suffix})"

    return change
