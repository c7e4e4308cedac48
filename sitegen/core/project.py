"""Where a site's sources live."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    """A site's folders: content/, models/, templates/ and assets/ below one root."""

    root: Path

    def __post_init__(self) -> None:
        # Absolute, once: every stage compares paths as strings (a project named "." took
        # its icons for photos, and its images for no images in the pages' keys).
        object.__setattr__(self, "root", Path(os.path.abspath(self.root)))

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def data(self) -> Path:
        return self.content / "data"

    @property
    def settings(self) -> Path:
        return self.content / "site.yml"

    @property
    def models(self) -> Path:
        return self.root / "models"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def assets(self) -> Path:
        return self.root / "assets"

    @property
    def sources(self) -> list[Path]:
        """Every folder a build reads (the preview watches them)."""
        return [self.content, self.models, self.templates, self.assets]
