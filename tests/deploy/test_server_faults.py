"""Faults met publishing to real servers nobody on the project configured (issue 31).

Against OpenSSH's sshd (SFTP) and pyftpdlib (FTPS with MLSD), each started by the test.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from drift_helpers import (
    Target,
    ftps_settings,
    private_home,  # noqa: F401 (an autouse fixture)
    published,
    target,
    uploads_in,
    write_settings,
)
from redirect_helpers import lands_on, netlify_redirects

from sitegen.deploy.plan import MANIFEST

from conftest import run_build, tree_digest, write_pages
from servers import ftp_server


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
    assert run_build(project, "deploy").code == 0
    assert run_build(project, "deploy").code == 0  # the listing's times are recorded
    data = manifest(server.root)
    data["seen"]["404.html"][1] = "12:00"
    (server.root / MANIFEST).write_text(json.dumps(data), encoding="utf-8")
    result = run_build(project, "deploy", "--delete")
    assert result.code == 0, result.err
    assert "W703" in result.err and "E901" not in result.err, result.err
    assert "Traceback" not in result.err
    assert uploads_in(result.out) == 0  # the release kept here tells what is there
    assert manifest(server.root)["files"] == tree_digest(project / "dist")
    assert published(server.root) == tree_digest(project / "dist")


@pytest.mark.parametrize("server", ["sftp"], indirect=True)
def test_without_a_local_release_a_wrong_type_is_w704_and_everything_is_sent(
    project: Path, server: Target
) -> None:
    server.configure(project)
    assert run_build(project, "deploy").code == 0
    assert run_build(project, "deploy").code == 0
    data = manifest(server.root)
    data["seen"]["404.html"][1] = "2026-12-07T00:00:00"
    (server.root / MANIFEST).write_text(json.dumps(data), encoding="utf-8")
    shutil.rmtree(project / ".deploy")  # another PC
    result = run_build(project, "deploy")
    assert result.code == 0, result.err
    assert "W704" in result.err and "「seen」の「404.html」" in result.err, result.err
    assert manifest(server.root)["files"] == tree_digest(project / "dist")


def test_a_file_that_cannot_be_written_is_named_in_full(project: Path, tmp_path: Path) -> None:
    """E721 names a file as it names a folder, and as the host's file manager shows it: from
    the server's root, not from remote_path (folders may be made here, files not stored)."""
    pytest.importorskip("pyftpdlib")
    with ftp_server(tmp_path / "server", permissions="elrm") as server:
        write_settings(project, **{**ftps_settings(server), "remote_path": "/site"})
        result = run_build(project, "deploy")
    assert result.code == 1 and "E721" in result.err, result.err
    assert re.search(r"サーバーの /site/\S+ に書き込めません", result.err), result.err


def test_a_server_nobody_listens_on_is_e711_in_plain_words(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with target("sftp", tmp_path / "server", monkeypatch) as server:
        server.configure(project)
    # sshd is gone: nothing listens on its port now.
    result = run_build(project, "deploy")
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
        cut = run_build(project, "deploy")
        assert cut.code == 1 and "E723" in cut.err, cut.err
        built = tree_digest(project / "dist")
        there = published(server.root)
        missing = [path for path, digest in built.items() if there.get(path) != digest]
        assert 0 < len(missing) < len(built) - 20
        server.behaviour.update(down_after=None, down=False)
        again = run_build(project, "deploy")
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
        assert run_build(project, "deploy").code == 0
        (project / "content" / "info").mkdir()
        page.rename(project / "content" / "info" / "news.md")
        assert run_build(project, "deploy", "--delete").code == 0
        assert lands_on(server.root, "/", "/news/") == "info/news/index.html"
        shutil.rmtree(project / ".deploy")  # another PC
        (server.root / MANIFEST).write_text("{ not json", encoding="utf-8")
        if lost_file:
            (server.root / lost_file).unlink()
        result = run_build(project, "deploy", "--delete")
    assert result.code == 1 and "W704" in result.err, result.err  # E725: nothing deleted
    assert "転送 1 件" in result.out, result.out
    assert "W707" not in result.err
    assert lands_on(server.root, "/", "/news/") == "info/news/index.html"
    assert manifest(server.root)["redirects"] == {"/news/": "/info/news/"}
    assert netlify_redirects(server.root) == {"/news/": "/info/news/"}
