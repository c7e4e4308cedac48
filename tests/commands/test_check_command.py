"""`python build.py check`: every problem listed, counted, and nothing written."""

from __future__ import annotations

from pathlib import Path

from conftest import run_build, tree_digest


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_check_lists_warnings_and_writes_nothing(project: Path) -> None:
    result = run_build(project, "check")
    assert result.code == 0
    assert "W301 注意:" in result.out
    assert "エラー 0 件、注意 3 件" in result.out
    assert not (project / "dist").exists()


def test_check_lists_every_error_and_keeps_dist(project: Path) -> None:
    assert run_build(project).code == 0
    before = tree_digest(project / "dist")
    _append(project / "content" / "index.md", "\n[a](/nowhere/) [b](#nowhere)\n")
    incident = project / "content" / "sections" / "incident.md"
    incident.write_text(
        incident.read_text(encoding="utf-8").replace("total: 172000000", "total: 1")
    )
    result = run_build(project, "check")
    assert result.code == 1
    # Content rules and link checks are separate stages: the first stage's errors are listed.
    assert "E301 エラー" in result.out
    incident.write_text(
        incident.read_text(encoding="utf-8").replace("total: 1", "total: 172000000")
    )
    result = run_build(project, "check")
    assert result.code == 1
    assert "E601 エラー" in result.out and "E602 エラー" in result.out
    assert "エラー 2 件" in result.out
    assert tree_digest(project / "dist") == before
