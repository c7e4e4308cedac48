"""The README's two commands, the pinned constraints and the package metadata stay true."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _fenced_blocks(text: str) -> list[tuple[str, list[str]]]:
    """Each fenced code block: its language and its lines."""
    return [
        (language, body.strip("\n").splitlines())
        for language, body in re.findall(r"^```(\w*)\n(.*?)^```", text, flags=re.M | re.S)
    ]


def test_readme_starts_with_the_two_commands_and_the_windows_lines_beside_them() -> None:
    (language, unix), (windows_language, windows) = _fenced_blocks(README)[:2]
    assert language == "sh" and unix == ["python3 build.py", "python3 build.py test"]
    assert windows_language == "powershell"
    assert windows == [line.replace("python3 ", "py ", 1) for line in unix]
    # Nothing but the title stands before them.
    assert README.index("```sh") < README.index("\n## ")


def test_ci_reads_the_commands_from_the_readme() -> None:
    ci = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / ".ci").iterdir()))
    assert "readme_commands" in ci and "README.md" in ci
    assert "python3 build.py" not in ci.replace("python3 build.py test", "")  # no copy of them


def _lock_tool():
    spec = importlib.util.spec_from_file_location("lock", ROOT / "tools" / "lock.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_constraints_are_made_from_the_current_pyproject() -> None:
    lock = _lock_tool()
    text = (ROOT / "constraints.txt").read_text(encoding="utf-8")
    stated = re.search(r"^# requirements-digest: (\w+)$", text, flags=re.M)
    assert stated, "constraints.txt lacks its digest line"
    assert stated.group(1) == lock.digest(lock.requirements()), (
        "pyproject.toml's dependencies changed: run `python3 tools/lock.py`"
    )
    pinned = {
        re.sub(r"[-_.]+", "-", line.split("==")[0]).lower()
        for line in text.splitlines()
        if line and not line.startswith("#")
    }
    for requirement in lock.requirements():
        name = re.match(r"[A-Za-z0-9._-]+", requirement).group(0)
        assert re.sub(r"[-_.]+", "-", name).lower() in pinned, requirement
    assert all("==" in line for line in text.splitlines() if line and not line.startswith("#"))


def test_a_non_editable_install_holds_every_module(tmp_path: Path) -> None:
    source = tmp_path / "source"  # setuptools writes build/ and *.egg-info beside the sources
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "sitegen", source / "sitegen", ignore=shutil.ignore_patterns("__pycache__")
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(tmp_path),
            str(source),  # not ROOT: its build/ and *.egg-info would be left in the project
        ],
        check=True,
        cwd=tmp_path,
    )
    (wheel,) = tmp_path.glob("sitegen-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "sitegen").rglob("*.py")}
    assert len(modules) > 50
    assert sorted(modules - names) == []
