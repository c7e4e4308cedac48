"""The images test site (tests/sites/images/), copied with its images made on the spot."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

import leftovers

SITE = Path(__file__).resolve().parent / "sites" / "images"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("images_site_generate", SITE / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generator = _generator()
# Making the full-size photos costs about 5 s of CPU and the small ones 0.3 s: each size is
# made once per test process, in a claim of its own (removed when the process ends, or by
# the next run's sweep), and every test gets a copy of it (copies, not links: tests edit
# their site's files in place).
_made: dict[bool, Path] = {}


def images_site(target: Path, small: bool = False) -> Path:
    """A private copy of the images test site at target, with its images."""
    if small not in _made:
        _made[small] = generator.copy_site(leftovers.claim() / "site", small)
    shutil.copytree(_made[small], target)
    return target
