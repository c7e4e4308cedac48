"""Failures told by their cause, at once, in Japanese, without a library's traceback (issue 16,
requirements 4 and 5), against vsftpd and OpenSSH."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from drift_helpers import (
    Target,
    broken_reachable_links,
    private_home,  # noqa: F401 (an autouse fixture)
    published,
    site_url,
    target,
    vsftpd_settings,
    write_settings,
)
from vsftpd_server import PASSWORD as VSFTPD_PASSWORD
from vsftpd_server import descendants, vsftpd_server

from conftest import ROOT, run_inline, tree_digest

sys.path.insert(0, str(ROOT / "bench"))
from synthetic import write_pages

# What a library prints when it is let to: none of it may reach the terminal.
LIBRARY_NOISE = ("Traceback", "Socket exception", "paramiko", "ssl.SSL", "ftplib")


@pytest.fixture(params=["vsftpd", "sftp"])
def server(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Target]:
    with target(request.param, tmp_path / "server", monkeypatch) as found:
        yield found


def line_of(project: Path, key: str) -> int:
    lines = (project / "deploy.yml").read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(f"{key}:"))


def assert_plain_words(err: str) -> None:
    for noise in LIBRARY_NOISE:
        assert noise not in err, err
    assert re.search(r"[ぁ-んァ-ン一-龥]", err)


@pytest.mark.parametrize(
    ("key", "make", "code"),
    [
        ("ca_file", None, "E705"),
        ("ca_file", lambda p: p.write_text("not a certificate\n"), "E707"),
        ("ca_file", lambda p: p.mkdir(), "E706"),
        ("key_file", None, "E705"),
        ("key_file", lambda p: p.mkdir(), "E706"),
        ("known_hosts", None, "E705"),
    ],
)
def test_a_settings_file_that_cannot_be_used_is_shown_at_its_line(
    project: Path, tmp_path: Path, key: str, make: object, code: str
) -> None:
    path = tmp_path / "named-file"
    if callable(make):
        make(path)
    write_settings(
        project,
        protocol="sftp" if key != "ca_file" else "ftps",
        host="127.0.0.1",
        port=1,  # nothing listens there: the problem must be found before connecting
        user="editor",
        remote_path="/",
        **{key: str(path)},
    )
    result = run_inline(project, "deploy")
    assert result.code == 1
    assert f"deploy.yml:{line_of(project, key)}" in result.err and code in result.err, result.err
    assert "E711" not in result.err
    assert_plain_words(result.err)


def test_sftp_without_password_or_key_is_a_login_problem_at_once(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SITEGEN_DEPLOY_PASSWORD")
    write_settings(
        project, protocol="sftp", host="127.0.0.1", port=1, user="editor", remote_path="/"
    )
    result = run_inline(project, "deploy")
    assert result.code == 1
    assert "E708" in result.err and "E723" not in result.err, result.err
    assert_plain_words(result.err)


def test_a_remote_path_whose_parent_is_missing(project: Path, server: Target) -> None:
    server.configure(project, remote_path=str(server.root / "missing" / "site"))
    result = run_inline(project, "deploy")
    assert result.code == 1
    assert "E721" in result.err and "E723" not in result.err, result.err
    assert_plain_words(result.err)


def test_a_wrong_password_on_vsftpd(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with target("vsftpd", tmp_path / "server", monkeypatch) as server:
        monkeypatch.setenv("SITEGEN_DEPLOY_PASSWORD", "wrong-password")
        server.configure(project, retries=3)
        result = run_inline(project, "deploy")
    assert result.code == 1 and "E712" in result.err, result.err
    assert "wrong-password" not in result.out + result.err
    assert_plain_words(result.err)


def cut_when(root: Path, pages: int, cut: threading.Event, stop: threading.Event) -> None:
    """Wait until pages pages are on the server, then set cut (the caller drops the line)."""
    while not stop.is_set():
        if sum(1 for _ in root.glob("cases/*/index.html")) >= pages:
            cut.set()
            return
        time.sleep(0.002)


def kill_tree(process: object) -> None:
    """Kill a server and every session it forked (sshd's make themselves session leaders)."""
    pid = process.pid  # type: ignore[attr-defined]
    for each in [pid, *descendants(pid)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(each, signal.SIGKILL)
    process.wait(10)  # type: ignore[attr-defined]


def test_a_dropped_connection_is_e723_and_running_again_resumes(
    project: Path, server: Target
) -> None:
    write_pages(project / "content", 60)
    server.configure(project, retries=1, connections=2)
    assert run_inline(project).code == 0
    total = len(tree_digest(project / "dist"))
    cut, stop = threading.Event(), threading.Event()
    watcher = threading.Thread(target=cut_when, args=(server.root, 15, cut, stop), daemon=True)
    watcher.start()

    def drop_line() -> None:
        if cut.wait(60):
            if server.kind == "vsftpd":
                server.server.stop()  # type: ignore[attr-defined]
            else:
                kill_tree(server.server.process)  # type: ignore[attr-defined]

    dropper = threading.Thread(target=drop_line, daemon=True)
    dropper.start()
    result = run_inline(project, "deploy")
    stop.set()
    dropper.join(10)
    assert cut.is_set(), "the deploy ended before the line was cut"
    assert result.code == 1
    assert "E723" in result.err and "続きから" in result.err, result.err
    assert "E711" not in result.err
    assert_plain_words(result.err)
    assert len(published(server.root)) < total
    assert broken_reachable_links(server.root, site_url(project)) == []
    if server.kind != "vsftpd":
        return  # sshd's listener is gone with its group; resuming is shown on vsftpd
    server.server.start()  # type: ignore[attr-defined]
    again = run_inline(project, "deploy")
    assert again.code == 0, again.err
    assert published(server.root) == tree_digest(project / "dist")


def test_a_server_that_refuses_extra_connections_gets_fewer(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_pages(project / "content", 20)
    monkeypatch.setenv("SITEGEN_DEPLOY_PASSWORD", VSFTPD_PASSWORD)
    with vsftpd_server(tmp_path / "server", max_per_ip=2) as vsftpd:
        write_settings(project, **{**vsftpd_settings(vsftpd), "connections": 4})
        result = run_inline(project, "deploy")
        assert result.code == 0, result.err
        assert "W705" in result.err and "E7" not in result.err, result.err
        assert published(vsftpd.root) == tree_digest(project / "dist")
