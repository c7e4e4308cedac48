"""The built site is swapped in whole: out changes only when a complete new folder is ready."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from sitegen.output.staging import Staging


def _out(tmp_path: Path) -> Path:
    out = tmp_path / "dist"
    out.mkdir()
    (out / "index.html").write_text("前の版", encoding="utf-8")
    return out


def test_commit_replaces_out_with_the_staged_files(tmp_path: Path) -> None:
    out = _out(tmp_path)
    with Staging(out) as staging:
        assert staging.path.parent == out.parent and staging.path.name.startswith(".dist.new-")
        staging.write({"index.html": "新しい版".encode(), "about/index.html": b"<p>"})
        staging.commit()
    assert (out / "index.html").read_text(encoding="utf-8") == "新しい版"
    assert (out / "about" / "index.html").read_bytes() == b"<p>"
    assert stat.S_IMODE(out.stat().st_mode) == 0o755  # mkdtemp's 0700 would hide it from servers
    # The old output is kept, hidden, for the next build to bring up to date.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".dist.spare", "dist"]
    assert (tmp_path / ".dist.spare" / "index.html").read_text(encoding="utf-8") == "前の版"


def test_leaving_without_commit_changes_nothing(tmp_path: Path) -> None:
    out = _out(tmp_path)
    with Staging(out) as staging:
        staging.write({"index.html": b"half"})
    assert (out / "index.html").read_text(encoding="utf-8") == "前の版"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]


def test_an_error_while_staging_changes_nothing(tmp_path: Path) -> None:
    out = _out(tmp_path)
    with pytest.raises(RuntimeError), Staging(out) as staging:
        staging.write({"index.html": b"half"})
        raise RuntimeError("a template failed")
    assert (out / "index.html").read_text(encoding="utf-8") == "前の版"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]


def test_a_first_build_makes_out_and_its_parents(tmp_path: Path) -> None:
    out = tmp_path / "public" / "site"
    with Staging(out) as staging:
        staging.write({"index.html": b"<p>"})
        staging.commit()
    assert (out / "index.html").read_bytes() == b"<p>"
