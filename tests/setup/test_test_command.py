"""`build.py test`: the whole suite, two workers a core; coverage (which about doubles its
time) only in CI."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from sitegen import cli

from conftest import ROOT


def test_workers_always_and_coverage_when_ci_is_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    runs: list[list[str]] = []
    monkeypatch.setattr(subprocess, "call", lambda argv, cwd: runs.append(argv) or 0)
    monkeypatch.delenv("CI", raising=False)
    assert cli.main(ROOT, ["test"]) == 0
    monkeypatch.setenv("CI", "true")
    assert cli.main(ROOT, ["test", "-x"]) == 0
    monkeypatch.delenv("CI")
    assert cli.main(ROOT, ["test", "-n", "0", "tests/core"]) == 0
    local, ci, chosen = runs
    two_a_core = str(min(2 * (os.cpu_count() or 1), cli.MOST_WORKERS))
    assert local[1:] == ["-m", "pytest", "-n", two_a_core, "--dist", "loadgroup"]
    assert ci[1:7] == ["-m", "pytest", "-n", two_a_core, "--dist", "loadgroup"] and ci[-1] == "-x"
    assert "--cov=sitegen" in ci and "--cov-fail-under=90" in ci
    assert chosen[1:] == ["-m", "pytest", "-n", "0", "tests/core"]  # the caller's choice


def test_the_tests_of_one_group_run_on_one_worker(tmp_path) -> None:
    """The groups build.py test relies on (a story's steps, a shared costly site) hold."""
    (tmp_path / "test_story.py").write_text(
        "import os, pytest\n"
        "pytestmark = pytest.mark.xdist_group('story')\n"
        + "".join(
            f"def test_{n}(): print('worker', os.environ['PYTEST_XDIST_WORKER'])\n"
            for n in range(6)
        ),
        encoding="utf-8",
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            *cli.DISTRIBUTION,
            "-n",
            "2",
            "-p",
            "no:cacheprovider",
            "-rA",
            "-q",
            "--rootdir",
            str(tmp_path),
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    workers = {
        line.split()[-1] for line in result.stdout.splitlines() if line.startswith("worker ")
    }
    assert len(workers) == 1, result.stdout
