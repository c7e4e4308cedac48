"""The site's templates as one build read them: every file once, when its environment is made."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, TemplateNotFound
from jinja2.loaders import split_template_path

from sitegen.source.textfile import decode_text


class TemplateFiles(BaseLoader):
    """A Jinja loader that serves the templates folder as it was when the build began.

    A template saved while a build runs is the next build's: a page is never rendered from
    one version and kept under the digest of another (sitegen.incremental.page_keys).
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.files = _read_all(folder)  # name ("partials/menu.html") -> bytes

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses "..": TemplateNotFound
        raw = self.files.get("/".join(pieces))
        if raw is None:
            raise TemplateNotFound(template)
        filename = os.path.normpath(os.path.join(self.folder, *pieces))
        # Read as content is: a BOM or CRLF lines are fine; another encoding is E001 there.
        return decode_text(raw, Path(filename)), filename, lambda: True

    def list_templates(self) -> list[str]:
        return sorted(self.files)

    def digest(self, name: str) -> str | None:
        """The SHA-256 of the template's bytes as read; None for a name no file had."""
        raw = self.files.get(name)
        return None if raw is None else hashlib.sha256(raw).hexdigest()


def _read_all(folder: Path) -> dict[str, bytes]:
    """Every file below folder by its name there; one that cannot be read is left out."""
    if not folder.is_dir():
        return {}
    found: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        try:
            found[path.relative_to(folder).as_posix()] = path.read_bytes()
        except OSError:
            continue
    return found
