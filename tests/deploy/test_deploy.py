"""`python build.py deploy` against real servers on 127.0.0.1: FTPS, plain FTP and SFTP."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen.deploy.plan import MANIFEST
from sitegen.sitefiles.security import style_hash

from conftest import run_build, run_inline, tree_digest, write_pages
from servers import PASSWORD, USER, FtpServer, ftp_server, ssh_server

pytest.importorskip("pyftpdlib")


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No ~/.netrc, ~/.ssh or agent of the person running the tests takes part."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    monkeypatch.delenv("NETRC", raising=False)
    monkeypatch.setenv("SITEGEN_DEPLOY_PASSWORD", PASSWORD)


@pytest.fixture
def ftps(tmp_path: Path) -> Iterator[FtpServer]:
    with ftp_server(tmp_path / "ftps") as server:
        yield server


def settings(project: Path, **values: object) -> None:
    lines = [f"{key}: {value}" for key, value in values.items() if value is not None]
    (project / "deploy.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def ftps_settings(project: Path, server: FtpServer, **extra: object) -> None:
    values: dict[str, object] = {
        "protocol": "ftps",
        "host": "127.0.0.1",
        "port": server.port,
        "user": USER,
        "remote_path": "/",
        "ca_file": str(server.cert),
        "retries": 0,
    }
    settings(project, **{**values, **extra})


def published(root: Path) -> dict[str, str]:
    """The files on the server, except our manifest and leftovers of uploads."""
    return {k: v for k, v in tree_digest(root).items() if not k.endswith(MANIFEST)}


def assert_no_page_points_at_a_missing_file(root: Path) -> None:
    for page in root.rglob("*.html"):
        for link in re.findall(r'(?:href|src)="/(assets/[^"]+)"', page.read_text("utf-8")):
            assert (root / link).is_file(), f"{page.name} points at missing {link}"


def uploads_in(output: str) -> int:
    found = re.search(r"アップロード (\d+) 件", output)
    assert found, output
    return int(found[1])


def test_first_deploy_publishes_dist_and_a_manifest(project: Path, ftps: FtpServer) -> None:
    ftps_settings(project, ftps)
    # A new process, as an editor starts it; the other tests run deploy in this one.
    result = run_build(project, "deploy")
    assert result.code == 0, result.err
    assert published(ftps.root) == tree_digest(project / "dist")
    manifest = json.loads((ftps.root / MANIFEST).read_text("utf-8"))
    assert manifest["files"] == tree_digest(project / "dist")
    assert uploads_in(result.out) == len(manifest["files"])
    assert PASSWORD not in result.out + result.err
    assert not list(ftps.root.rglob("*.sitegen-upload"))


def test_a_new_subfolder_is_created(project: Path, ftps: FtpServer) -> None:
    ftps_settings(project, ftps, remote_path="/cyber/")
    result = run_inline(project, "deploy")
    assert result.code == 0, result.err
    assert published(ftps.root / "cyber") == tree_digest(project / "dist")


def test_unchanged_redeploy_sends_nothing(project: Path, ftps: FtpServer) -> None:
    ftps_settings(project, ftps)
    assert run_inline(project, "deploy").code == 0
    times = {p: p.stat().st_mtime_ns for p in ftps.root.rglob("*") if p.is_file()}
    again = run_inline(project, "deploy")
    assert again.code == 0, again.err
    assert uploads_in(again.out) == 0 and "送信 0 バイト" in again.out
    # The manifest alone changes once: it records the sizes and times the listing showed.
    times.pop(ftps.root / MANIFEST)
    assert {p: p.stat().st_mtime_ns for p in ftps.root.rglob("*") if p.is_file()}.items() >= (
        times.items()
    )
    times = {p: p.stat().st_mtime_ns for p in ftps.root.rglob("*") if p.is_file()}
    third = run_inline(project, "deploy")
    assert third.code == 0 and uploads_in(third.out) == 0
    assert {p: p.stat().st_mtime_ns for p in ftps.root.rglob("*") if p.is_file()} == times


def test_one_changed_page_sends_one_file(project: Path, ftps: FtpServer) -> None:
    ftps_settings(project, ftps)
    assert run_inline(project, "deploy").code == 0
    (project / "content" / "404.md").write_text(
        (project / "content" / "404.md").read_text("utf-8") + "\n追記した一文です。\n",
        encoding="utf-8",
    )
    result = run_inline(project, "deploy")
    assert result.code == 0, result.err
    assert uploads_in(result.out) == 1
    assert "追記した一文です。" in (ftps.root / "404.html").read_text("utf-8")
    assert published(ftps.root) == tree_digest(project / "dist")


def test_stale_files_go_only_with_delete_and_foreign_files_stay(
    project: Path, ftps: FtpServer
) -> None:
    ftps_settings(project, ftps)
    extra = project / "content" / "news.md"
    extra.write_text("---\ntitle: お知らせ\n---\n\n本文です。\n", encoding="utf-8")
    assert run_inline(project, "deploy").code == 0
    assert (ftps.root / "news" / "index.html").is_file()
    (ftps.root / "verification.html").write_text("the host's own file")
    extra.unlink()
    kept = run_inline(project, "deploy")
    assert kept.code == 0 and (ftps.root / "news" / "index.html").is_file()
    dry = run_inline(project, "deploy", "--delete", "--dry-run")
    assert dry.code == 0 and "削除予定  news/index.html" in dry.out
    assert (ftps.root / "news" / "index.html").is_file()
    removed = run_inline(project, "deploy", "--delete")
    assert removed.code == 0, removed.err
    assert "削除 1 件" in removed.out
    assert not (ftps.root / "news" / "index.html").exists()
    assert (ftps.root / "verification.html").read_text() == "the host's own file"


def test_dry_run_prints_the_plan_and_changes_nothing(project: Path, ftps: FtpServer) -> None:
    ftps_settings(project, ftps)
    result = run_inline(project, "deploy", "--dry-run")
    assert result.code == 0, result.err
    assert "送信予定  index.html" in result.out and "--dry-run" in result.out
    assert list(ftps.root.iterdir()) == []


def test_assets_go_before_pages_and_the_sitemap_last(project: Path, ftps: FtpServer) -> None:
    ftps_settings(project, ftps)
    lines = run_inline(project, "deploy", "--dry-run").out.splitlines()
    planned = [line.split()[1] for line in lines if "送信予定" in line]
    first_page = min(i for i, p in enumerate(planned) if p.endswith(".html"))
    assert all(p.startswith("assets/") for p in planned[:first_page] if p.endswith(".css"))
    assert max(i for i, p in enumerate(planned) if p.startswith("assets/")) < first_page
    assert planned[-1] in ("sitemap.xml", "robots.txt")


def test_a_deploy_cut_off_halfway_is_finished_by_running_it_again(
    project: Path, ftps: FtpServer
) -> None:
    write_pages(project / "content", 40)
    ftps_settings(project, ftps, retries=1)
    assert run_inline(project).code == 0
    before_pages = sum(1 for p in tree_digest(project / "dist") if not p.endswith(".html"))
    # The line drops (and the server stays down) in the middle of the pages.
    ftps.behaviour["down_after"] = before_pages + 20
    cut = run_inline(project, "deploy")
    assert cut.code == 1
    assert "Traceback" not in cut.err
    assert re.search(r"E7(11|23)", cut.err), cut.err
    total = len(tree_digest(project / "dist"))
    sent = published(ftps.root)
    assert before_pages < len(sent) < total
    assert_no_page_points_at_a_missing_file(ftps.root)
    assert not (ftps.root / "sitemap.xml").exists()
    ftps.behaviour.update(down_after=None, down=False)
    again = run_inline(project, "deploy")
    assert again.code == 0, again.err
    assert uploads_in(again.out) < total - before_pages  # the assets were not sent again
    assert published(ftps.root) == tree_digest(project / "dist")
    assert not list(ftps.root.rglob("*.sitegen-upload"))


def assert_every_inline_style_is_allowed(root: Path) -> None:
    header = (root / ".htaccess").read_text("utf-8")
    for page in root.rglob("*.html"):
        for css in re.findall(r"<style>(.*?)</style>", page.read_text("utf-8"), re.DOTALL):
            assert style_hash(css) in header, f"{page.name}: its style would be refused"


def test_a_new_stylesheet_never_leaves_a_page_whose_style_is_refused(
    project: Path, ftps: FtpServer
) -> None:
    write_pages(project / "content", 30)
    ftps_settings(project, ftps, retries=1)
    assert run_inline(project, "deploy").code == 0
    css = project / "assets" / "css" / "site.css"
    css.write_text(css.read_text("utf-8") + "\n.note { color: #12355b; }\n", encoding="utf-8")
    ftps.behaviour["down_after"] = 15  # cut off while the pages are being replaced
    cut = run_inline(project, "deploy")
    assert cut.code == 1
    pages = [p.read_text("utf-8") for p in ftps.root.rglob("*.html")]
    assert any(".note" in p for p in pages) and any(".note" not in p for p in pages)
    assert_every_inline_style_is_allowed(ftps.root)
    ftps.behaviour.update(down_after=None, down=False)
    assert run_inline(project, "deploy").code == 0
    assert_every_inline_style_is_allowed(ftps.root)
    on_server = published(ftps.root)
    assert tree_digest(project / "dist").items() <= on_server.items()  # the old css stays
    assert (ftps.root / ".htaccess").read_text("utf-8").count("'sha256-") == 1


def test_rollback_puts_the_previous_release_back(project: Path, ftps: FtpServer) -> None:
    ftps_settings(project, ftps)
    assert run_inline(project, "deploy").code == 0
    first = published(ftps.root)
    page = project / "content" / "404.md"
    page.write_text(page.read_text("utf-8") + "\n二回目の公開です。\n", encoding="utf-8")
    (project / "content" / "news.md").write_text("---\ntitle: 新着\n---\n\n本文\n", "utf-8")
    assert run_inline(project, "deploy").code == 0
    assert published(ftps.root) != first
    second = published(ftps.root)
    back = run_inline(project, "deploy", "--rollback")
    assert back.code == 0, back.err
    assert published(ftps.root) == first
    none_left = run_inline(project, "deploy", "--rollback")
    assert none_left.code == 1 and "E731" in none_left.err
    # Published again after a rollback: rolling back returns to what was live before.
    assert run_inline(project, "deploy").code == 0
    assert published(ftps.root) == second
    assert run_inline(project, "deploy", "--rollback").code == 0
    assert published(ftps.root) == first


def test_a_broken_site_is_not_published(project: Path, ftps: FtpServer) -> None:
    ftps_settings(project, ftps)
    (project / "content" / "index.md").write_text("---\ntitle: [壊れた\n---\n", "utf-8")
    result = run_inline(project, "deploy")
    assert result.code == 1
    assert "公開しませんでした" in result.err and "index.md:2" in result.err
    assert list(ftps.root.iterdir()) == []


@pytest.mark.parametrize(
    ("change", "code", "shown"),
    [
        ({"password": "wrong-password"}, "E712", "127.0.0.1 へのログインに失敗しました"),
        ({"ca_file": None}, "E713", "サーバーの証明書を確認できないため、接続を中止しました"),
        ({"port": 1}, "E711", "サーバー 127.0.0.1:1 に接続できません"),
        ({"password": ""}, "E702", "127.0.0.1 のパスワードが見つかりません。"),
        (
            {"protocol": "ftp"},
            "E703",
            "protocol: ftp は暗号化されない通信です。公開しませんでした。",
        ),
        ({"protocol": "gopher"}, "E704", "protocol の「gopher」は使えません。"),
    ],
)
def test_failures_get_a_japanese_message_and_no_traceback(
    project: Path,
    ftps: FtpServer,
    monkeypatch: pytest.MonkeyPatch,
    change: dict[str, object],
    code: str,
    shown: str,
) -> None:
    if "password" in change:
        monkeypatch.setenv("SITEGEN_DEPLOY_PASSWORD", str(change.pop("password")))
    ftps_settings(project, ftps, **change)
    result = run_inline(project, "deploy")
    assert result.code == 1
    assert f"{code} エラー: {shown}" in result.err, result.err
    assert "Traceback" not in result.err
    assert "wrong-password" not in result.out + result.err
    assert list(ftps.root.iterdir()) == []


def test_password_can_come_from_netrc(
    project: Path, ftps: FtpServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SITEGEN_DEPLOY_PASSWORD")
    netrc = tmp_path / "home" / ".netrc"
    netrc.write_text(f"machine 127.0.0.1 login {USER} password {PASSWORD}\n")
    netrc.chmod(0o600)
    ftps_settings(project, ftps)
    result = run_inline(project, "deploy")
    assert result.code == 0, result.err


def test_read_only_remote_folder(project: Path, tmp_path: Path) -> None:
    with ftp_server(tmp_path / "ro", permissions="elr") as server:
        ftps_settings(project, server)
        result = run_inline(project, "deploy")
    assert result.code == 1
    assert "E721" in result.err and "remote_path" in result.err


def test_full_disk(project: Path, ftps: FtpServer) -> None:
    ftps_settings(project, ftps)
    ftps.behaviour["disk_full"] = True
    result = run_inline(project, "deploy")
    assert result.code == 1 and "E722" in result.err


def test_plain_ftp_only_with_insecure_and_a_warning(project: Path, tmp_path: Path) -> None:
    with ftp_server(tmp_path / "plain", tls=False) as server:
        settings(
            project,
            protocol="ftp",
            host="127.0.0.1",
            port=server.port,
            user=USER,
            remote_path="/",
            retries=0,
        )
        refused = run_inline(project, "deploy")
        assert refused.code == 1 and "E703" in refused.err
        assert list(server.root.iterdir()) == []
        allowed = run_inline(project, "deploy", "--insecure")
        assert allowed.code == 0, allowed.err
        assert "W701" in allowed.err
        assert published(server.root) == tree_digest(project / "dist")


def test_ftps_refuses_a_server_without_tls(project: Path, tmp_path: Path) -> None:
    with ftp_server(tmp_path / "plain", tls=False) as server:
        settings(
            project,
            protocol="ftps",
            host="127.0.0.1",
            port=server.port,
            user=USER,
            remote_path="/",
            retries=0,
        )
        result = run_inline(project, "deploy")
    assert result.code == 1 and "E714" in result.err


# ------------------------------------------------------------------------------------ SFTP


def sftp_settings(project: Path, server, known_hosts: Path | None = None) -> None:  # type: ignore[no-untyped-def]
    settings(
        project,
        protocol="sftp",
        host="127.0.0.1",
        port=server.port,
        user=server.user,
        remote_path=str(server.root),
        key_file=str(server.user_key),
        known_hosts=str(known_hosts or server.known_hosts),
        retries=0,
    )


def test_sftp_first_unchanged_changed_and_delete(project: Path, tmp_path: Path) -> None:
    pytest.importorskip("paramiko")
    with ssh_server(tmp_path / "ssh") as server:
        sftp_settings(project, server)
        first = run_inline(project, "deploy")
        assert first.code == 0, first.err
        assert published(server.root) == tree_digest(project / "dist")
        assert uploads_in(run_inline(project, "deploy").out) == 0
        page = project / "content" / "404.md"
        page.write_text(page.read_text("utf-8") + "\nSFTP で追記。\n", encoding="utf-8")
        changed = run_inline(project, "deploy")
        assert changed.code == 0 and uploads_in(changed.out) == 1
        (project / "content" / "news.md").write_text("---\ntitle: 新着\n---\n\n本文\n", "utf-8")
        assert run_inline(project, "deploy").code == 0
        (project / "content" / "news.md").unlink()
        removed = run_inline(project, "deploy", "--delete")
        assert removed.code == 0 and "削除 1 件" in removed.out
        assert published(server.root) == tree_digest(project / "dist")
        assert not list(server.root.rglob("*.sitegen-upload"))


def test_sftp_host_key_mismatch_stops_before_login(project: Path, tmp_path: Path) -> None:
    pytest.importorskip("paramiko")
    with ssh_server(tmp_path / "ssh") as server:
        impostor = tmp_path / "impostor_known_hosts"
        other = (tmp_path / "ssh" / "user_key.pub").read_text().split()[:2]
        impostor.write_text(f"[127.0.0.1]:{server.port} {' '.join(other)}\n")
        sftp_settings(project, server, known_hosts=impostor)
        result = run_inline(project, "deploy")
        assert result.code == 1 and "E715" in result.err, result.err
        assert "Traceback" not in result.err
        assert list(server.root.iterdir()) == []
        unknown = tmp_path / "empty_known_hosts"
        unknown.write_text("")
        sftp_settings(project, server, known_hosts=unknown)
        result = run_inline(project, "deploy")
        assert result.code == 1 and "E716" in result.err, result.err


def test_sftp_read_only_server(project: Path, tmp_path: Path) -> None:
    pytest.importorskip("paramiko")
    with ssh_server(tmp_path / "ssh", read_only=True) as server:
        sftp_settings(project, server)
        result = run_inline(project, "deploy")
    assert result.code == 1 and "E721" in result.err, result.err


def test_turning_verification_off_is_explicit_and_warned_about(
    project: Path, ftps: FtpServer
) -> None:
    ftps_settings(project, ftps, ca_file=None, verify="false")
    result = run_inline(project, "deploy")
    assert result.code == 0, result.err
    assert "W702" in result.err
