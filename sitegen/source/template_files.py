"""The site's templates as one build read them: every file once, when its environment is made."""

from __future__ import annotations

import hashlib
import os
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, TemplateNotFound
from jinja2.loaders import split_template_path

from sitegen.core.problems import ContentError
from sitegen.source.textfile import decode_text, read_bytes


class TemplateFiles(BaseLoader):
    """A Jinja loader that serves the templates folder as it was when the build began.

    A template saved while a build runs is the next build's: a page is never rendered from
    one version and kept under the digest of another (sitegen.incremental.page_keys). Names
    are found as Jinja's FileSystemLoader finds them (`./a.html`, `a//b.html`, a linked
    folder) and, as Windows and macOS open files, whatever their case or Unicode form.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.files = _read_all(folder)  # name ("partials/menu.html") -> bytes, or its error
        self._folded: dict[str, str] | None = None

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        name = self.name_of(template)
        if name is None:
            raise TemplateNotFound(template)
        found = self.files[name]
        if isinstance(found, ContentError):
            raise found
        filename = os.path.normpath(os.path.join(self.folder, *name.split("/")))
        # Read as content is: a BOM or CRLF lines are fine; another encoding is E001 there.
        return decode_text(found, Path(filename)), filename, lambda: True

    def list_templates(self) -> list[str]:
        return sorted(self.files)

    def digest(self, template: str) -> str | None:
        """The SHA-256 of the template's bytes as read; None for a name no file had."""
        name = self.name_of(template)
        found = None if name is None else self.files[name]
        return hashlib.sha256(found).hexdigest() if isinstance(found, bytes) else None

    def name_of(self, template: str) -> str | None:
        """The file a name a template uses stands for (None: no such file, or `..`)."""
        try:
            name = "/".join(split_template_path(template))
        except TemplateNotFound:
            return None
        if name in self.files:
            return name
        if self._folded is None:
            self._folded = {_folded(known): known for known in sorted(self.files, reverse=True)}
        return self._folded.get(_folded(name))


def _folded(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def _read_all(folder: Path) -> dict[str, bytes | ContentError]:
    """Every file below folder (through linked folders too) by its name there."""
    found: dict[str, bytes | ContentError] = {}
    seen: set[str] = set()
    for top, folders, names in os.walk(folder, followlinks=True):
        real = os.path.realpath(top)
        if real in seen:  # a link back up the tree
            folders.clear()
            continue
        seen.add(real)
        folders[:] = sorted(f for f in folders if f != "__pycache__")
        relative = Path(top).relative_to(folder).as_posix()
        for file in sorted(names):
            path = Path(top, file)
            name = file if relative == "." else f"{relative}/{file}"
            try:
                found[name] = read_bytes(path)
            except ContentError as unreadable:  # E002 where a page loads it
                found[name] = unreadable
    return found
