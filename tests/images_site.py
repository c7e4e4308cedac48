"""The images test site (tests/sites/images/), copied with its images made on the spot."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

SITE = Path(__file__).resolve().parent / "sites" / "images"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("images_site_generate", SITE / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generator = _generator()


def images_site(target: Path, small: bool = False) -> Path:
    """A private copy of the images test site at target, with its images."""
    return generator.copy_site(target, small)
