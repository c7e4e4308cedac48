"""`build.py test`: the whole suite, one worker per core; coverage (which about doubles its
time) only in CI."""

from __future__ import annotations

import subprocess

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
    assert local[1:] == ["-m", "pytest", "-n", "auto", "--dist", "loadgroup"]
    assert ci[1:7] == ["-m", "pytest", "-n", "auto", "--dist", "loadgroup"] and ci[-1] == "-x"
    assert "--cov=sitegen" in ci and "--cov-fail-under=90" in ci
    assert chosen[1:] == ["-m", "pytest", "-n", "0", "tests/core"]  # the caller's choice
