"""Pages rendered in worker processes: the same bytes, messages and lines as in one process."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_build, tree_digest, write_pages


def _build_with_jobs(project: Path, out: Path, jobs: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SITEGEN_JOBS", jobs)
    return run_build(project, "--out", str(out))


def test_parallel_build_is_byte_identical_to_serial(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_pages(project / "content", 60)
    serial = _build_with_jobs(project, tmp_path / "serial", "1", monkeypatch)
    parallel = _build_with_jobs(project, tmp_path / "parallel", "2", monkeypatch)
    assert serial.code == parallel.code == 0, parallel.err
    digest = tree_digest(tmp_path / "serial")
    assert len(digest) > 60
    assert digest == tree_digest(tmp_path / "parallel")


def test_problems_found_in_workers_are_reported_like_serial_ones(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = write_pages(project / "content", 40)
    for path in (pages[3], pages[37]):
        text = path.read_text(encoding="utf-8")
        path.write_text(text + "\n<script>alert(1)</script>\n", encoding="utf-8")
    serial = _build_with_jobs(project, tmp_path / "a", "1", monkeypatch)
    parallel = _build_with_jobs(project, tmp_path / "b", "2", monkeypatch)
    assert serial.code == parallel.code == 1
    assert "Traceback" not in parallel.err
    assert parallel.err.replace(str(tmp_path / "b"), "OUT") == serial.err.replace(
        str(tmp_path / "a"), "OUT"
    )
    assert "case-00003.md:" in parallel.err and "case-00037.md:" in parallel.err
    assert not (tmp_path / "b").exists()


def test_the_collector_is_left_as_it_was_even_after_an_error() -> None:
    import gc

    from sitegen.core.workers import paused

    gc.enable()
    with pytest.raises(RuntimeError), paused():
        assert not gc.isenabled()
        raise RuntimeError("a template failed")
    assert gc.isenabled()


def test_pauses_that_overlap_in_threads_leave_the_collector_running() -> None:
    """The editor builds in several threads at once (a save, the live preview, a publish):
    the collector runs again when the last pause ends, not when the first one does."""
    import gc
    import threading

    from sitegen.core.workers import paused

    gc.enable()
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()

    def first() -> None:
        with paused():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second() -> None:
        first_in.wait(5)
        with paused():
            second_in.set()
            first_out.wait(5)
            assert not gc.isenabled()  # the first pause ended; this one is in force

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert gc.isenabled()


def test_a_build_by_the_command_line_leaves_the_collector_running(project: Path) -> None:
    import gc

    from sitegen.cli import main

    gc.enable()
    assert main(project, ["--out", str(project / "out")]) == 0
    assert gc.isenabled()
