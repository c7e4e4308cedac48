"""A project is the same site however its folder is named: `.`, a relative or a full path."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FLYER_SITE, copy_project, run_inline, tree_digest


def test_a_project_named_dot_publishes_exactly_what_its_full_path_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Icons have their own files for templates: named "." they were taken for photos and
    published again as variants no page shows."""
    root = copy_project(FLYER_SITE, tmp_path / "site")
    assert list((root / "assets").glob("*.png")), "the site has icons to tell apart"
    full = run_inline(root, "--no-cache", "--out", str(tmp_path / "full"))
    assert full.code == 0, full.err
    monkeypatch.chdir(root)
    dot = run_inline(Path("."), "--no-cache", "--out", str(tmp_path / "dot"))
    assert dot.code == 0, dot.err
    assert tree_digest(tmp_path / "dot") == tree_digest(tmp_path / "full")
