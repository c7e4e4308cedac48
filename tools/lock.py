"""Pin every dependency: `python3 tools/lock.py` rewrites constraints.txt from pyproject.toml.

It installs the dependencies and every extra, as pyproject.toml states them, into a new
throw-away virtual environment with pip, and writes what pip chose (`pip freeze`) as the
constraints that `build.py` installs `.venv` from, so that every editor's `.venv` and CI
hold the same versions. Run it after changing a dependency in pyproject.toml, with the
oldest Python the project supports (Debian 12's 3.11.2: pymdown-extensions 13 needs 3.11.5),
and commit both files.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import tempfile
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "constraints.txt"
HEADER = """\
# Pinned versions of every dependency and extra in pyproject.toml, as pip chose them.
# build.py installs .venv with `pip install -c constraints.txt ...`.
# Do not edit: regenerate with `python3 tools/lock.py` after changing pyproject.toml.
# requirements-digest: {digest}
"""


def requirements(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """The dependencies and every extra's, in pyproject.toml's order, without repeats."""
    with pyproject.open("rb") as stream:
        project = tomllib.load(stream)["project"]
    wanted: list[str] = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        wanted += [item for item in extra if item not in wanted]
    return wanted


def digest(wanted: list[str]) -> str:
    """What the constraints were made from, so a test can tell that they are out of date."""
    return hashlib.sha256("\n".join(sorted(wanted)).encode("utf-8")).hexdigest()


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def other_platforms(
    pip: list[str], wanted: list[str], pinned: list[str], folder: Path
) -> list[str]:
    """Pins, with their markers, for what only another platform installs (tzdata on Windows).

    pip installed nothing for them here; their newest matching wheel for Windows is what an
    editor's `.venv` would get, so that is the version pinned.
    """
    have = {_normal(line.split("==")[0]) for line in pinned}
    lines = []
    for requirement in wanted:
        spec, _, marker = requirement.partition(";")
        name = re.match(r"[A-Za-z0-9._-]+", spec.strip()).group(0)  # type: ignore[union-attr]
        if not marker.strip() or _normal(name) in have:
            continue
        platform = ["--platform", "win_amd64", "--python-version", "3.11"]
        subprocess.run(
            [
                *pip,
                "download",
                "--quiet",
                "--no-deps",
                "--only-binary=:all:",
                *platform,
                "--dest",
                str(folder),
                spec.strip(),
            ],
            check=True,
        )
        wheel = next(
            p for p in folder.glob("*.whl") if _normal(p.name.split("-")[0]) == _normal(name)
        )
        version = wheel.name.split("-")[1]
        lines.append(f"{name}=={version} ;{marker}")
    return lines


def main() -> int:
    wanted = requirements()
    with tempfile.TemporaryDirectory(prefix="sitegen-lock-") as folder:
        venv.EnvBuilder(with_pip=True).create(folder)
        python = str(
            Path(folder) / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
        )
        pip = [python, "-m", "pip", "--disable-pip-version-check"]
        subprocess.run([*pip, "install", "--quiet", *wanted], check=True)
        frozen = subprocess.run(
            [*pip, "freeze", "--exclude-editable"], check=True, capture_output=True, text=True
        ).stdout
        lines = [line for line in frozen.splitlines() if line and not line.startswith("#")]
        lines += other_platforms(pip, wanted, lines, Path(folder) / "wheels")
    lines.sort(key=str.lower)
    TARGET.write_text(
        HEADER.format(digest=digest(wanted)) + "\n".join(lines) + "\n", encoding="utf-8"
    )
    print(f"{TARGET.name}: {len(lines)} pinned packages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
