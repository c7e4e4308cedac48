"""The suite's premise: no generator test reads the live site, so editors' changes to it
cannot fail one. The guard of tests/conftest.py is what makes that true; here it is run on a
tiny project of its own, in a pytest of its own, and must report every way of reading it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import TESTS

GENERATOR_TESTS = """
import os
import subprocess
import sys

import pytest

from conftest import FLYER_SITE, ROOT


def test_reads_the_fixture_site():
    assert (FLYER_SITE / "content" / "site.yml").read_text(encoding="utf-8")


def test_reads_live_content():
    (ROOT / "content" / "site.yml").read_text(encoding="utf-8")


def test_lists_live_templates():
    os.listdir(ROOT / "templates")


def test_opens_a_live_asset_by_a_relative_path(monkeypatch):
    monkeypatch.chdir(ROOT)
    open("assets/site.css", encoding="utf-8").close()


def test_builds_the_live_site_in_another_process():
    subprocess.run([sys.executable, "build.py"], cwd=ROOT, check=True)


@pytest.fixture
def live_settings():
    return (ROOT / "content" / "site.yml").read_text(encoding="utf-8")


def test_fixture_reads_live_content(live_settings):
    assert live_settings


def test_fails_and_reads_live_content():
    (ROOT / "content" / "site.yml").read_text(encoding="utf-8")
    assert False, "its own failure"
"""

IMPORT_TIME = """
from conftest import ROOT

SETTINGS = (ROOT / "content" / "site.yml").read_text(encoding="utf-8")


def test_anything():
    assert SETTINGS
"""

LIVE_SITE_TESTS = """
import subprocess
import sys

from conftest import ROOT


def test_live_site_tests_may_read_it():
    assert (ROOT / "content" / "site.yml").read_text(encoding="utf-8")
    subprocess.run([sys.executable, "build.py"], cwd=ROOT, check=True)
"""


def _project(root: Path) -> None:
    """A repository in miniature: a live site, a fixture site, the real conftest, tests."""
    for relative, text in {
        "build.py": "print('built')\n",
        "content/site.yml": "name: 協会\n",
        "templates/base.html": "<p></p>\n",
        "assets/site.css": "p {}\n",
        "tests/sites/flyer/content/site.yml": "name: 協会\n",
        "tests/test_generator.py": GENERATOR_TESTS,
        "tests/test_import_time.py": IMPORT_TIME,
        "tests/live_site/test_live.py": LIVE_SITE_TESTS,
    }.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    for helper in ("conftest.py", "leftovers.py"):  # the real conftest, and what it imports
        shutil.copy(TESTS / helper, root / "tests" / helper)


def _outcomes(report: Path) -> dict[str, tuple[str, str]]:
    """Each test's outcome (passed, failed, error) and its message, from a JUnit XML report."""
    found = {}
    for case in ET.parse(report).iter("testcase"):
        name = case.get("name", "")
        outcome, text = "passed", ""
        for kind in ("failure", "error"):
            for element in case.iter(kind):
                outcome = "failed" if kind == "failure" and outcome == "passed" else "error"
                text += (element.get("message") or "") + (element.text or "")
        found[name] = (outcome, text)
    return found


def test_the_guard_reports_every_generator_test_that_reads_the_live_site(tmp_path: Path) -> None:
    _project(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "--continue-on-collection-errors",
            "--junitxml=report.xml",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    outcomes = _outcomes(tmp_path / "report.xml")
    assert outcomes["test_reads_the_fixture_site"][0] == "passed"
    assert outcomes["test_live_site_tests_may_read_it"][0] == "passed"
    expected = {
        "test_reads_live_content": ("failed", "content/site.yml"),
        "test_lists_live_templates": ("failed", "templates"),
        "test_opens_a_live_asset_by_a_relative_path": ("failed", "assets/site.css"),
        "test_builds_the_live_site_in_another_process": ("failed", "build.py"),
        "test_fixture_reads_live_content": ("error", "content/site.yml"),
        "test_fails_and_reads_live_content": ("failed", "content/site.yml"),
        "tests.test_import_time": ("error", "content/site.yml"),
    }
    for name, (outcome, path) in expected.items():
        shown, message = outcomes[name]
        assert shown == outcome, (name, shown, message)
        assert "a generator test read the live site" in message, (name, message)
        assert path in message and "tests/live_site/" in message, (name, message)
    assert "test_anything" not in outcomes  # the module that read it at import never ran
