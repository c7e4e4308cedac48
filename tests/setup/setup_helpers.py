"""Helpers for the set-up tests: a stand-alone copy of the project, and Pythons to run it with."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import FLYER_SITE, ROOT, Run, copy_project

# Files a stand-alone project needs besides content/, templates/ and assets/.
MACHINERY = ("build.py", "pyproject.toml", "constraints.txt")
# Variables that would make a child Python find our dependencies or our virtual environment.
PYTHON_VARIABLES = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP", "PYTHONUSERBASE")


def standalone(target: Path) -> Path:
    """A copy of the project as an editor's clone has it: build.py, sitegen/, a site."""
    copy_project(FLYER_SITE, target)
    for name in MACHINERY:
        shutil.copy(ROOT / name, target / name)
    shutil.copytree(
        ROOT / "sitegen", target / "sitegen", ignore=shutil.ignore_patterns("__pycache__")
    )
    return target


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without anything that points a Python at our packages."""
    env = {k: v for k, v in os.environ.items() if k not in PYTHON_VARIABLES}
    env["PYTHONNOUSERSITE"] = "1"
    env.update(extra)
    return env


def run_python(python: str, root: Path, *args: str, env: dict[str, str], timeout: int = 600) -> Run:
    """Run `PYTHON build.py ARGS` in root."""
    done = subprocess.run(
        [python, str(root / "build.py"), *args],
        cwd=root,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=env,
        timeout=timeout,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def lacks_dependencies(python: str) -> bool:
    code = "import importlib.util as u, sys; sys.exit(u.find_spec('jinja2') is not None)"
    return subprocess.run([python, "-s", "-c", code], env=clean_env()).returncode == 0


def bare_python() -> str:
    """A Python 3.11+ without our dependencies: Debian's own first, as the README's users have."""
    candidates = [
        "/usr/bin/python3",
        *sorted(glob.glob("/root/.pyenv/versions/3.1[1-9].*/bin/python3")),
    ]
    for python in candidates:
        if not Path(python).is_file():
            continue
        version = subprocess.run(
            [python, "-c", "import sys; print(sys.version_info >= (3, 11))"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        if version == "True" and lacks_dependencies(python):
            return python
    return missing("a Python 3.11+ without the dependencies (Debian's /usr/bin/python3)")


def old_python(version: str) -> str:
    """pyenv's build of an older Python (the machine image has 3.8, 3.9 and 3.10)."""
    found = sorted(glob.glob(f"/root/.pyenv/versions/{version}.*/bin/python3"))
    return found[-1] if found else missing(f"Python {version} (pyenv)")


def missing(what: str) -> str:
    """Skip without what a test needs, except in CI, whose machine image has it."""
    if os.environ.get("CI"):
        pytest.fail(f"CI's machine image should have {what}")
    pytest.skip(f"needs {what}")
    raise AssertionError  # not reached


def python_version_of(python: str) -> str:
    return subprocess.run(
        [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
        capture_output=True,
        text=True,
    ).stdout.strip()
