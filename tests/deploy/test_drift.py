"""Every deploy compares the server's listing with the manifest (issue 16, requirements 1 and 3).

Against vsftpd (no MLSD: `LIST -a`), OpenSSH (`listdir_attr`) and pyftpdlib (MLSD).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from drift_helpers import (
    Target,
    drifted_in,
    edit_on_server,
    private_home,  # noqa: F401 (an autouse fixture)
    published,
    target,
    uploads_in,
)

from sitegen.deploy.plan import MANIFEST

from conftest import run_inline, tree_digest

# vsftpd and OpenSSH for every case; pyftpdlib's MLSD for the first.
SERVERS = ["vsftpd", "sftp"]


@pytest.fixture(params=SERVERS)
def server(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Target]:
    with target(request.param, tmp_path / "server", monkeypatch) as found:
        yield found


def add_news(project: Path) -> Path:
    page = project / "content" / "news.md"
    page.write_text("---\ntitle: お知らせ\n---\n\n本文です。\n", encoding="utf-8")
    return page


@pytest.mark.parametrize("server", [*SERVERS, "pyftpdlib"], indirect=True)
def test_a_page_edited_and_one_deleted_on_the_server_are_sent_again(
    project: Path, server: Target
) -> None:
    server.configure(project)
    assert run_inline(project, "deploy").code == 0
    edit_on_server(server.root / "404.html", lambda b: b.replace(b"</body>", b"<p>x</p></body>"))
    (server.root / "index.html").unlink()
    again = run_inline(project, "deploy")
    assert again.code == 0, again.err
    assert sorted(drifted_in(again.out)) == ["404.html", "index.html"]
    assert "W706" in again.err and uploads_in(again.out) == 2
    assert published(server.root) == tree_digest(project / "dist")
    quiet = run_inline(project, "deploy")
    assert drifted_in(quiet.out) == [] and uploads_in(quiet.out) == 0


def test_a_change_of_the_same_size_is_found_by_its_time(project: Path, server: Target) -> None:
    server.configure(project)
    assert run_inline(project, "deploy").code == 0
    assert run_inline(project, "deploy").code == 0  # records the times the listing shows
    page = server.root / "404.html"
    before = page.stat()
    edit_on_server(page, lambda b: b.replace(b"<html", b"<HTML", 1))
    # An hour earlier: different to the minute, as vsftpd's LIST shows times.
    os.utime(page, (before.st_atime, before.st_mtime - 3600))
    again = run_inline(project, "deploy")
    assert again.code == 0, again.err
    assert drifted_in(again.out) == ["404.html"]
    assert published(server.root) == tree_digest(project / "dist")


def test_verify_compares_the_bytes(project: Path, server: Target) -> None:
    server.configure(project)
    assert run_inline(project, "deploy").code == 0
    page = server.root / "404.html"
    before = page.stat()
    edit_on_server(page, lambda b: b.replace(b"<html", b"<HTML", 1))
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same time
    plain = run_inline(project, "deploy")
    assert plain.code == 0 and uploads_in(plain.out) == 0  # the listing cannot tell
    checked = run_inline(project, "deploy", "--verify")
    assert checked.code == 0, checked.err
    assert drifted_in(checked.out) == ["404.html"]
    assert published(server.root) == tree_digest(project / "dist")


def test_delete_removes_folders_left_empty(project: Path, server: Target) -> None:
    server.configure(project)
    news = add_news(project)
    assert run_inline(project, "deploy").code == 0
    assert (server.root / "news" / "index.html").is_file()
    (server.root / "keep").mkdir()
    (server.root / "keep" / "host-file.txt").write_text("the host's own")
    news.unlink()
    removed = run_inline(project, "deploy", "--delete")
    assert removed.code == 0, removed.err
    assert "削除 1 件" in removed.out
    assert not (server.root / "news").exists()
    assert (server.root / "keep" / "host-file.txt").read_text() == "the host's own"


def damage_manifest(root: Path) -> None:
    (root / MANIFEST).write_bytes(b"\x00\xff garbage \x13")


def test_a_damaged_manifest_is_rebuilt_from_the_last_release(project: Path, server: Target) -> None:
    server.configure(project)
    news = add_news(project)
    assert run_inline(project, "deploy").code == 0
    before = tree_digest(project / "dist")
    (server.root / "verification.html").write_text("the host's own file")
    damage_manifest(server.root)
    news.unlink()
    result = run_inline(project, "deploy", "--delete")
    assert result.code == 0, result.err
    assert "W703" in result.err and MANIFEST in result.err
    after = tree_digest(project / "dist")
    # What the release holds and the listing shows is not sent again; the sitemap changed.
    assert uploads_in(result.out) == sum(1 for p in after if before.get(p) != after[p])
    assert not (server.root / "news" / "index.html").exists()
    assert (server.root / "verification.html").read_text() == "the host's own file"
    assert json.loads((server.root / MANIFEST).read_text("utf-8"))["files"] == tree_digest(
        project / "dist"
    )


def test_without_a_local_release_delete_is_refused_but_the_upload_completes(
    project: Path, server: Target
) -> None:
    server.configure(project)
    news = add_news(project)
    assert run_inline(project, "deploy").code == 0
    shutil.rmtree(project / ".deploy")  # as if deploying from another PC
    damage_manifest(server.root)
    news.unlink()
    page = project / "content" / "404.md"
    page.write_text(page.read_text("utf-8") + "\n別の PC から追記。\n", encoding="utf-8")
    result = run_inline(project, "deploy", "--delete")
    assert result.code == 1
    assert "W704" in result.err and "E725" in result.err and MANIFEST in result.err
    assert "Traceback" not in result.err
    assert tree_digest(project / "dist").items() <= published(server.root).items()
    assert (server.root / "news" / "index.html").is_file()  # not known to be ours: kept
    assert json.loads((server.root / MANIFEST).read_text("utf-8"))["files"] == tree_digest(
        project / "dist"
    )


def test_list_lines_as_vsftpd_and_proftpd_write_them() -> None:
    from sitegen.deploy.listing import parse_list_line

    now = 1_795_000_000.0  # 2026-11-18
    recent = parse_list_line(
        "-rw-r--r--    1 1001     1001         5 Nov 17 03:15 お知らせ 1.html", now
    )
    assert recent is not None
    name, stat = recent
    assert name == "お知らせ 1.html" and stat is not None
    assert (stat.size, stat.resolution) == (5, 60)
    older = parse_list_line("-rw-r--r--   1 ftp ftp  1234 Dec 24  2025 .htaccess", now)
    assert older is not None and older[1] is not None
    assert older[0] == ".htaccess" and older[1].resolution == 86400
    assert older[1].mtime is not None and older[1].mtime < stat.mtime  # type: ignore[operator]
    # Last year's December, shown without a year in November: not in the future.
    december = parse_list_line("-rw-r--r-- 1 a b 9 Dec 24 10:00 x.html", now)
    assert december is not None and december[1] is not None
    assert december[1].same_time(older[1])  # the same day, as far as the coarser tells
    assert parse_list_line("drwxr-xr-x    2 1001  1001  4096 Nov 17 03:16 sub dir", now) == (
        "sub dir",
        None,
    )
    assert parse_list_line("total 12", now) is None
    assert parse_list_line("lrwxrwxrwx 1 a b 4 Nov 17 03:16 link -> x", now) is None
