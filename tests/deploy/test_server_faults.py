"""Faults met publishing to real servers nobody on the project configured (issue 31).

Against OpenSSH's sshd (SFTP) and pyftpdlib (FTPS with MLSD), each started by the test.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from drift_helpers import (
    Target,
    drifted_in,
    edit_on_server,
    ftps_settings,
    private_home,  # noqa: F401 (an autouse fixture)
    published,
    target,
    uploads_in,
    write_settings,
)
from redirect_helpers import lands_on, netlify_redirects
from test_failures import cut_when
from vsftpd_server import descendants

from sitegen.deploy.plan import MANIFEST

from conftest import run_inline, tree_digest, write_pages
from servers import ftp_server, ssh_server


@pytest.fixture(params=["sftp", "pyftpdlib"])
def server(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Target]:
    with target(request.param, tmp_path / "server", monkeypatch) as found:
        yield found


def manifest(root: Path) -> dict:
    return json.loads((root / MANIFEST).read_text("utf-8"))


def test_a_manifest_with_a_time_written_as_a_string_is_rebuilt(
    project: Path, server: Target
) -> None:
    """Valid JSON with a wrong value inside is damaged (W703), rebuilt, then written right
    (test_deploy_plan.py has the other wrong values)."""
    server.configure(project)
    assert run_inline(project, "deploy").code == 0
    assert run_inline(project, "deploy").code == 0  # the listing's times are recorded
    data = manifest(server.root)
    data["seen"]["404.html"][1] = "12:00"
    (server.root / MANIFEST).write_text(json.dumps(data), encoding="utf-8")
    result = run_inline(project, "deploy", "--delete")
    assert result.code == 0, result.err
    assert "W703" in result.err and "E901" not in result.err, result.err
    assert "Traceback" not in result.err
    assert uploads_in(result.out) == 0  # the release kept here tells what is there
    assert manifest(server.root)["files"] == tree_digest(project / "dist")
    assert published(server.root) == tree_digest(project / "dist")


@pytest.mark.parametrize("server", ["sftp"], indirect=True)
def test_without_a_local_release_a_wrong_type_is_w704_and_the_manifest_is_made_again(
    project: Path, server: Target
) -> None:
    server.configure(project)
    assert run_inline(project, "deploy").code == 0
    assert run_inline(project, "deploy").code == 0
    data = manifest(server.root)
    data["seen"]["404.html"][1] = "2026-12-07T00:00:00"
    (server.root / MANIFEST).write_text(json.dumps(data), encoding="utf-8")
    shutil.rmtree(project / ".deploy")  # another PC
    result = run_inline(project, "deploy")
    assert result.code == 0, result.err
    assert "W704" in result.err and "「seen」の「404.html」" in result.err, result.err
    assert manifest(server.root)["files"] == tree_digest(project / "dist")


def test_a_file_that_cannot_be_written_is_named_in_full(project: Path, tmp_path: Path) -> None:
    """E721 names a file as it names a folder, and as the host's file manager shows it: from
    the server's root, not from remote_path (folders may be made here, files not stored)."""
    pytest.importorskip("pyftpdlib")
    with ftp_server(tmp_path / "server", permissions="elrm") as server:
        write_settings(project, **{**ftps_settings(server), "remote_path": "/site"})
        result = run_inline(project, "deploy")
    assert result.code == 1 and "E721" in result.err, result.err
    assert re.search(r"サーバーの /site/\S+ に書き込めません", result.err), result.err


def test_a_server_nobody_listens_on_is_e711_in_plain_words(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with target("sftp", tmp_path / "server", monkeypatch) as server:
        server.configure(project)
    # sshd is gone: nothing listens on its port now.
    result = run_inline(project, "deploy")
    assert result.code == 1 and "E711" in result.err, result.err
    assert "Errno" not in result.err and "Connection refused" in result.err, result.err


def test_after_a_cut_running_again_sends_only_what_had_not_arrived(
    project: Path, tmp_path: Path
) -> None:
    """The files that arrived after the manifest was last saved are not sent again."""
    pytest.importorskip("pyftpdlib")
    write_pages(project / "content", 30)
    with ftp_server(tmp_path / "server") as server:
        write_settings(project, **ftps_settings(server))
        server.behaviour["down_after"] = 25
        cut = run_inline(project, "deploy")
        assert cut.code == 1 and "E723" in cut.err, cut.err
        built = tree_digest(project / "dist")
        there = published(server.root)
        missing = [path for path, digest in built.items() if there.get(path) != digest]
        assert 0 < len(missing) < len(built) - 20
        server.behaviour.update(down_after=None, down=False)
        again = run_inline(project, "deploy")
        assert again.code == 0, again.err
        assert uploads_in(again.out) == len(missing), again.out
        assert published(server.root) == built


@pytest.mark.parametrize("lost_file", ["", "_redirects"], ids=["both live", "htaccess only"])
def test_redirects_survive_a_manifest_made_again_on_another_pc(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lost_file: str
) -> None:
    """The rename rules of earlier deploys are read back from the live files when neither
    the manifest nor a release kept here has them."""
    page = project / "content" / "news.md"
    page.write_text("---\ntitle: お知らせ\n---\n\n# お知らせ\n\n年末年始の休みです。\n", "utf-8")
    with target("sftp", tmp_path / "server", monkeypatch) as server:
        server.configure(project)
        assert run_inline(project, "deploy").code == 0
        (project / "content" / "info").mkdir()
        page.rename(project / "content" / "info" / "news.md")
        assert run_inline(project, "deploy", "--delete").code == 0
        assert lands_on(server.root, "/", "/news/") == "info/news/index.html"
        shutil.rmtree(project / ".deploy")  # another PC
        (server.root / MANIFEST).write_text("{ not json", encoding="utf-8")
        if lost_file:
            (server.root / lost_file).unlink()
        result = run_inline(project, "deploy", "--delete")
    assert result.code == 1 and "W704" in result.err, result.err  # E725: nothing deleted
    assert "転送 1 件" in result.out, result.out
    assert "W707" not in result.err
    assert lands_on(server.root, "/", "/news/") == "info/news/index.html"
    assert manifest(server.root)["redirects"] == {"/news/": "/info/news/"}
    assert netlify_redirects(server.root) == {"/news/": "/info/news/"}


def children(pid: int) -> list[int]:
    """The processes pid started itself (sshd: one per connection)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
    return found


def signal_tree(pid: int, number: int) -> None:
    for each in [pid, *descendants(pid)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(each, number)


def test_an_outage_with_several_connections_is_a_cut_not_a_limit(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The line goes down mid-deploy: sshd takes no new connection, one connection is cut,
    the others fall silent until they time out. That is E723, and no W705 telling the
    editor to lower connections (a connection that comes back refused is not a limit)."""
    write_pages(project / "content", 60)
    silent: list[int] = []
    with target("sftp", tmp_path / "server", monkeypatch) as server:
        server.configure(project, retries=2, connections=4, timeout=3)
        assert run_inline(project).code == 0
        listener = server.server.process  # type: ignore[attr-defined]
        cut, stop = threading.Event(), threading.Event()
        watcher = threading.Thread(target=cut_when, args=(server.root, 10, cut, stop))
        watcher.start()

        def outage() -> None:
            if not cut.wait(60):
                return
            sessions = children(listener.pid)
            os.kill(listener.pid, signal.SIGKILL)
            signal_tree(sessions[0], signal.SIGKILL)
            for session in sessions[1:]:
                silent.append(session)
                signal_tree(session, signal.SIGSTOP)

        dropper = threading.Thread(target=outage)
        dropper.start()
        try:
            result = run_inline(project, "deploy")
        finally:
            stop.set()
            watcher.join(10)
            dropper.join(10)
            for session in silent:
                signal_tree(session, signal.SIGKILL)
            listener.wait(10)
    assert cut.is_set() and len(silent) >= 1, "the deploy ended before the line went down"
    assert result.code == 1 and "E723" in result.err, result.err
    assert "W705" not in result.err and "connections" not in result.err, result.err


@pytest.mark.parametrize(
    "limit", [{"max_per_ip": 2}, {"max_logins": 2}], ids=["421 at connect", "ProFTPD's 530"]
)
def test_a_refused_extra_connection_still_means_fewer_connections(
    project: Path, tmp_path: Path, limit: dict[str, int]
) -> None:
    """A third connection refused (pyftpdlib's "421 Too many connections", or ProFTPD's
    "530 Sorry, the maximum number of clients (2) for this user are already connected"):
    two carry on, with W705."""
    pytest.importorskip("pyftpdlib")
    write_pages(project / "content", 10)
    with ftp_server(tmp_path / "server", max_per_ip=limit.get("max_per_ip", 0)) as server:
        server.behaviour["max_logins"] = limit.get("max_logins", 0)
        write_settings(project, **{**ftps_settings(server), "connections": 4})
        result = run_inline(project, "deploy")
        assert result.code == 0, result.err
        assert "W705" in result.err and "2 本" in result.err, result.err
        assert published(server.root) == tree_digest(project / "dist")


def size_of(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def e722_line(err: str) -> str:
    """The message's first line, which quotes the server (its hint follows, indented)."""
    line = next((line for line in err.splitlines() if "E722" in line), "")
    assert line, err
    return line


def test_a_full_disk_is_e722_and_leaves_no_partial_upload(project: Path, tmp_path: Path) -> None:
    """OpenSSH on a real full disk (a tmpfs of half the site, in sshd's own mount namespace):
    E722 with what to do, not a cut; the part of the file that did not fit is removed."""
    pytest.importorskip("paramiko")
    write_pages(project / "content", 20)
    assert run_inline(project).code == 0
    half = size_of(project / "dist") // 2 // 1024
    with ssh_server(tmp_path / "server", disk=f"{half}k") as ssh:
        settings = {
            "protocol": "sftp",
            "host": "127.0.0.1",
            "port": ssh.port,
            "user": ssh.user,
            "remote_path": str(ssh.root),
            "key_file": str(ssh.user_key),
            "known_hosts": str(ssh.known_hosts),
            "retries": 3,
        }
        write_settings(project, **settings)
        result = run_inline(project, "deploy")
        left = [p.name for p in ssh.files.rglob("*") if p.name.endswith(".sitegen-upload")]
        assert published(ssh.files)  # some files fitted
    assert list(ssh.root.iterdir()) == []  # the disk went with sshd
    assert result.code == 1, result.err
    assert "E722" in result.err and "E723" not in result.err, result.err
    assert "空きを作って" in result.err and f"{ssh.root}/" in e722_line(result.err)
    assert left == []


# How servers say that a file could not be stored (issue 31): vsftpd, Pure-FTPd's three
# lines, ProFTPD (first and second run on a full disk).
FULL_DISK_REPLIES = {
    "vsftpd": "451 Failure writing to local file.",
    "Pure-FTPd": "451-Error during write to file\r\n451-Disk full - please upload later\r\n"
    "451 Transfer aborted",
    "ProFTPD": "451 Transfer aborted. Input/output error",
    "ProFTPD again": "452 Transfer aborted. No space left on device",
}


@pytest.mark.parametrize("reply", FULL_DISK_REPLIES.values(), ids=FULL_DISK_REPLIES.keys())
def test_a_full_disk_as_each_server_tells_it(project: Path, tmp_path: Path, reply: str) -> None:
    pytest.importorskip("pyftpdlib")
    with ftp_server(tmp_path / "server") as server:
        write_settings(project, **{**ftps_settings(server), "retries": 3})
        server.behaviour["store_reply"] = reply
        result = run_inline(project, "deploy")
        left = [p.name for p in server.root.rglob("*") if p.name.endswith(".sitegen-upload")]
    assert result.code == 1 and "E722" in result.err and "E723" not in result.err, result.err
    line = e722_line(result.err)
    assert reply.splitlines()[0][4:] in line, line  # what the server said, on one line
    assert "451-" not in result.err and "452 " not in result.err, result.err
    assert left == []


def test_a_deploy_sweeps_what_failed_uploads_left(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with target("sftp", tmp_path / "server", monkeypatch) as server:
        server.configure(project)
        assert run_inline(project, "deploy").code == 0
        (server.root / "assets" / ".site.css.sitegen-upload").write_bytes(b"x" * 1000)
        (server.root / f".{MANIFEST}.sitegen-upload").write_bytes(b"{")
        (server.root / "host-upload.sitegen-upload").write_bytes(b"not ours")
        dry = run_inline(project, "deploy", "--dry-run")
        assert (server.root / f".{MANIFEST}.sitegen-upload").exists()
        result = run_inline(project, "deploy")
        left = sorted(p.name for p in server.root.rglob("*.sitegen-upload"))
    assert dry.code == 0 and result.code == 0, result.err
    assert "一時ファイル 2 件" in result.out, result.out
    assert left == ["host-upload.sitegen-upload"]


@pytest.mark.parametrize("server", ["sftp", "pyftpdlib", "vsftpd"], indirect=True)
def test_a_file_edited_on_the_server_right_after_it_was_sent_is_noticed(
    project: Path, server: Target
) -> None:
    """The same size, a second later, in the same minute (vsftpd lists minutes only): the
    next deploy finds the edit by the time the server gave when the file was sent."""
    server.configure(project)
    assert run_inline(project, "deploy").code == 0
    page = server.root / "404.html"
    sent = int(page.stat().st_mtime)
    edit_on_server(page, lambda b: b.replace(b"<html", b"<HTML", 1))
    edited = sent + 1 if sent % 60 < 59 else sent - 1  # within the minute it was sent in
    os.utime(page, (edited, edited))
    again = run_inline(project, "deploy")
    assert again.code == 0, again.err
    assert drifted_in(again.out) == ["404.html"], again.out
    assert published(server.root) == tree_digest(project / "dist")
    quiet = run_inline(project, "deploy")
    assert drifted_in(quiet.out) == [] and uploads_in(quiet.out) == 0, quiet.out


def test_a_server_that_lists_over_the_control_connection_is_not_asked_for_mlsd_per_folder(
    project: Path, tmp_path: Path
) -> None:
    """MLSD costs a TLS data connection per folder; where `STAT -a` lists a folder as MLSD
    does (ProFTPD's, imitated), the deploy lists with it: a few MLSD to compare, not one per
    folder. Drift is still found: an edit of the same size, a second after sending."""
    pytest.importorskip("pyftpdlib")
    write_pages(project / "content", 40)
    with ftp_server(tmp_path / "server") as server:
        server.behaviour["stat_options"] = True
        write_settings(project, **{**ftps_settings(server), "connections": 2})
        assert run_inline(project, "deploy").code == 0
        folders = sum(1 for path in server.root.rglob("*") if path.is_dir())
        page = server.root / "cases" / "case-00007" / "index.html"
        sent = int(page.stat().st_mtime)
        edit_on_server(page, lambda b: b.replace(b"<html", b"<HTML", 1))
        os.utime(page, (sent + 1, sent + 1))
        server.behaviour["mlsd_count"] = 0
        again = run_inline(project, "deploy")
        assert again.code == 0, again.err
        assert drifted_in(again.out) == ["cases/case-00007/index.html"], again.out
        assert folders > 40 and int(server.behaviour["mlsd_count"]) <= 4  # type: ignore[call-overload]
        assert published(server.root) == tree_digest(project / "dist")


def test_a_line_cut_while_asking_a_sent_files_time_is_e723(project: Path, tmp_path: Path) -> None:
    """vsftpd has no MLST: after each upload the file's time is asked with MDTM. A line cut
    there is a cut (E723: run again), not "the server returned an error" (E724)."""
    pytest.importorskip("pyftpdlib")
    with ftp_server(tmp_path / "server") as server:
        write_settings(project, **{**ftps_settings(server), "retries": 1})
        server.behaviour.update(no_mlst=True, stat_options=True, drop_on="MDTM")
        result = run_inline(project, "deploy")
        server.behaviour.update(down=False, drop_on=None)
        again = run_inline(project, "deploy")
        arrived = published(server.root)
    assert result.code == 1 and "E723" in result.err, result.err
    assert "E724" not in result.err and "EOFError" not in result.err, result.err
    assert again.code == 0, again.err
    assert arrived == tree_digest(project / "dist")
