"""Shared helpers: copies of the shipped project, builds, parsed pages."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# A copy of the printed flyer's text (shared/seed/), the source the site must carry word for word.
FLYER = FIXTURES / "flyer.txt"


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_build(root: Path, *args: str) -> Run:
    """Run `python build.py ARGS` for the project at root, as an editor would."""
    shutil.copy(ROOT / "build.py", root / "build.py") if root != ROOT else None
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, str(root / "build.py"), *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def copy_project(source: Path, target: Path) -> Path:
    """A copy of a project's content, templates and assets under target."""
    for name in ("content", "models", "templates", "assets"):
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
    return target


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file below folder with the SHA-256 of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def soup(path: Path) -> BeautifulSoup:
    """A built page parsed the way a browser would parse it."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A private copy of the shipped project, free to break."""
    return copy_project(ROOT, tmp_path / "site")


@pytest.fixture(scope="session")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped site, built once for the whole session; returns its output folder."""
    work = tmp_path_factory.mktemp("shipped")
    root = copy_project(ROOT, work / "site")
    result = run_build(root, "--out", str(work / "dist"))
    assert result.code == 0, result.err
    return work / "dist"
