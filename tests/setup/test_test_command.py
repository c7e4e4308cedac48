"""`build.py test`: the whole suite; coverage (which about doubles its time) only in CI."""

from __future__ import annotations

import subprocess

import pytest

from sitegen import cli

from conftest import ROOT


def test_coverage_is_measured_when_ci_is_set_and_not_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    runs: list[list[str]] = []
    monkeypatch.setattr(subprocess, "call", lambda argv, cwd: runs.append(argv) or 0)
    monkeypatch.delenv("CI", raising=False)
    assert cli.main(ROOT, ["test"]) == 0
    monkeypatch.setenv("CI", "true")
    assert cli.main(ROOT, ["test", "-x"]) == 0
    local, ci = runs
    assert local[1:] == ["-m", "pytest"]
    assert not any(word.startswith("--cov") for word in local)
    assert ci[1:3] == ["-m", "pytest"] and ci[-1] == "-x"
    assert "--cov=sitegen" in ci and "--cov-fail-under=90" in ci
