"""`python3 build.py` on a Python without the dependencies: .venv once, then straight through."""

from __future__ import annotations

import importlib.metadata
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from sitegen.setup import bootstrap

from conftest import ROOT, run_build
from setup_helpers import (
    bare_python,
    clean_env,
    old_python,
    python_version_of,
    run_python,
    standalone,
)


def _pins(constraints: Path) -> dict[str, str]:
    pins = {}
    for line in constraints.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = line.split(";")[0].strip().split("==")
            pins[_normal(name)] = version
    return pins


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_first_run_sets_up_venv_from_the_constraints_and_the_second_run_does_not(
    tmp_path: Path,
) -> None:
    python = bare_python()
    root = standalone(tmp_path / "site")
    first = run_python(python, root, env=clean_env())
    assert first.code == 0, first.err
    assert bootstrap.MESSAGES["setting_up"] in first.err
    assert (root / "dist" / "index.html").is_file()
    assert "Traceback" not in first.err
    stamp = root / ".venv" / bootstrap.STAMP
    stamped = stamp.stat().st_mtime_ns
    assert sorted(json.loads(stamp.read_text(encoding="utf-8"))) == ["deploy", "run"]
    venv_python = root / ".venv" / "bin" / "python"
    frozen = subprocess.run(
        [str(venv_python), "-m", "pip", "freeze"], capture_output=True, text=True, check=True
    ).stdout
    installed = {
        _normal(name): version
        for name, version in (line.split("==") for line in frozen.split() if "==" in line)
    }
    pins = _pins(ROOT / "constraints.txt")
    assert installed, frozen
    for name, version in installed.items():
        assert pins.get(name) == version, (name, version)
    assert "paramiko" in installed  # deploy over SFTP needs no second step
    assert "jinja2" in installed and "pytest" not in installed  # the test extra waits for `test`

    second = run_python(python, root, env=clean_env())
    assert second.code == 0, second.err
    assert bootstrap.MESSAGES["setting_up"] not in second.err
    assert bootstrap.MESSAGES["updating"] not in second.err
    assert stamp.stat().st_mtime_ns == stamped
    assert "dist/" in second.out

    # A pull that brings new constraints updates the .venv in place.
    with (root / "constraints.txt").open("a", encoding="utf-8") as stream:
        stream.write("# changed\n")
    third = run_python(python, root, env=clean_env())
    assert third.code == 0, third.err
    assert bootstrap.MESSAGES["updating"] in third.err
    assert stamp.stat().st_mtime_ns != stamped


def test_failed_download_says_in_japanese_what_to_run(tmp_path: Path) -> None:
    python = bare_python()
    root = standalone(tmp_path / "site")
    offline = clean_env(
        PIP_CONFIG_FILE="/dev/null",
        PIP_INDEX_URL="http://127.0.0.1:9/simple/",
        PIP_FIND_LINKS="",
        PIP_EXTRA_INDEX_URL="",
        PIP_RETRIES="0",
        PIP_TIMEOUT="2",
    )
    result = run_python(python, root, env=offline)
    assert result.code == 1
    assert "必要な部品を .venv に入れられませんでした" in result.err
    assert "python3 build.py" in result.err
    assert "Traceback" not in result.err
    assert not (root / "dist").exists()
    # The next run, online, starts afresh instead of trusting the half-made .venv.
    assert not (root / ".venv" / bootstrap.STAMP).exists()


def test_python_without_ensurepip_names_the_package_to_install(tmp_path: Path) -> None:
    python = bare_python()
    root = standalone(tmp_path / "site")
    hidden = tmp_path / "hide-ensurepip"
    hidden.mkdir()
    # Debian's python3.11 without python3.11-venv has no ensurepip module at all.
    (hidden / "ensurepip.py").write_text("raise ImportError('No module named ensurepip')\n")
    result = run_python(python, root, env=clean_env(PYTHONPATH=str(hidden)))
    assert result.code == 1
    package = f"python{python_version_of(python)}-venv"
    assert f"sudo apt install {package}" in result.err
    assert "venv/ensurepip" in result.err
    assert "Traceback" not in result.err
    assert not (root / ".venv").exists()


@pytest.mark.parametrize("version", ["3.8", "3.9", "3.10"])
def test_an_older_python_is_told_which_python_to_install(tmp_path: Path, version: str) -> None:
    python = old_python(version)
    root = standalone(tmp_path / "site")
    result = run_python(python, root, env=clean_env())
    assert result.code == 1
    assert f"この Python ({version}." in result.err
    assert "Python 3.11 以降が必要です" in result.err
    assert "python.org" in result.err
    assert "Traceback" not in result.err and "SyntaxError" not in result.err
    assert not (root / ".venv").exists()


@pytest.mark.parametrize(
    ("platform", "names"),
    [
        ("darwin", ["python.org の macOS 用インストーラー", "Python 3.9 は使えません"]),
        ("win32", ["python.org の Windows 用インストーラー", "Microsoft Store", "py build.py"]),
        ("linux", ["sudo apt install python3", "python.org"]),
    ],
)
def test_old_python_message_names_the_installer_for_the_system(
    platform: str, names: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    text = bootstrap.old_python_message((3, 9, 6), platform)
    assert "(3.9.6)" in text
    for name in names:
        assert name in text


def test_nothing_is_set_up_or_even_imported_when_the_dependencies_import(project: Path) -> None:
    result = run_build(project, "--out", str(project / "out"))
    assert result.code == 0, result.err
    assert not (project / ".venv").exists()
    done = subprocess.run(
        [sys.executable, "-X", "importtime", str(project / "build.py"), "check"],
        cwd=project,
        capture_output=True,
        text=True,
        # Without coverage's start-up in the child (it reads pyproject.toml with tomllib).
        env={
            **{k: v for k, v in clean_env().items() if not k.startswith("COVERAGE_")},
            "PYTHONPATH": str(ROOT),
        },
    )
    assert done.returncode == 0, done.stderr
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "sitegen.setup.bootstrap" in imported
    for name in ("venv", "ensurepip", "tomllib"):
        assert name not in imported


def test_bootstrap_minimum_is_pyprojects_requires_python() -> None:
    with open(ROOT / "pyproject.toml", "rb") as stream:
        required = tomllib.load(stream)["project"]["requires-python"]
    assert required == ">=" + ".".join(map(str, bootstrap.MINIMUM))


def test_the_stamp_names_what_was_installed(tmp_path: Path) -> None:
    """The digest changes with the constraints and with the profile's requirements."""
    root = standalone(tmp_path / "site")
    setup = bootstrap.Setup(root)
    run, test = setup.digest("run"), setup.digest("test")
    assert run and test and run != test
    (root / "constraints.txt").write_text("jinja2==3.1.5\n")
    assert setup.digest("run") != run


@pytest.mark.parametrize(
    ("profile", "extras"),
    [
        ("run", []),
        ("deploy", ["sftp"]),
        ("edit", ["sftp", "edit"]),
        ("test", ["sftp", "edit", "test"]),
    ],
)
def test_each_profile_looks_for_every_requirement_it_needs(profile: str, extras: list[str]) -> None:
    """A dependency added to pyproject.toml without its module here would never be set up."""
    with open(ROOT / "pyproject.toml", "rb") as stream:
        project = tomllib.load(stream)["project"]
    wanted = list(project["dependencies"])
    for extra in extras:
        wanted += project["optional-dependencies"][extra]
    modules_of: dict[str, set[str]] = {}
    for module, names in importlib.metadata.packages_distributions().items():
        for name in names:
            modules_of.setdefault(_normal(name), set()).add(module)
    for requirement in map(Requirement, wanted):
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue  # a dependency of another platform (tzdata on Windows)
        name = _normal(requirement.name)
        assert modules_of.get(name, set()) & set(bootstrap.MODULES[profile]), requirement


def test_a_venv_that_cannot_be_made_is_explained_in_japanese(tmp_path: Path) -> None:
    python = bare_python()
    root = standalone(tmp_path / "site")
    (root / ".venv").write_text("a file where the folder should be\n")
    result = run_python(python, root, env=clean_env())
    assert result.code == 1
    assert "部品を入れる場所 .venv を用意できませんでした" in result.err
    assert "Traceback" not in result.err
