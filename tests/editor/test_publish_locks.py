"""One publish at a time (the local lock, the server lock with its stale rule) and the
password's order (environment, credential store, ~/.netrc), against a real sshd."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen.deploy import credentials, locks
from sitegen.deploy.connections import Pool
from sitegen.deploy.settings import DeploySettings, password
from sitegen.deploy.sftp import SftpTransport

from conftest import TESTS, run_build
from servers import ssh_server

pytest.importorskip("paramiko")
pytest.importorskip("keyring")


@pytest.fixture(scope="module")
def sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    with ssh_server(tmp_path_factory.mktemp("locks") / "ssh") as server:
        yield server


def sftp_settings(server, root: Path) -> DeploySettings:  # type: ignore[no-untyped-def]
    return DeploySettings(
        source=root / "deploy.yml",
        protocol="sftp",
        host="127.0.0.1",
        port=server.port,
        user=server.user,
        remote_path=str(server.root),
        key_file=server.user_key,
        known_hosts=server.known_hosts,
        retries=0,
        connections=1,
    )


def pool_of(settings: DeploySettings) -> Pool:
    return Pool(lambda: SftpTransport(settings, None), 0, 1)


def test_the_local_lock_refuses_a_second_holder_and_names_the_first(tmp_path: Path) -> None:
    with locks.local_lock(tmp_path, "edit"):
        with pytest.raises(locks.LockHeldError) as held, locks.local_lock(tmp_path, "deploy"):
            pass
        assert held.value.code == "E740"
        assert held.value.values["tool"] == "編集画面の「公開」"
    with locks.local_lock(tmp_path, "deploy"):  # released: free again
        pass


def test_a_terminal_deploy_is_refused_while_the_lock_is_held(project: Path) -> None:
    (project / "deploy.yml").write_text(
        "protocol: ftps\nhost: 127.0.0.1\nport: 1\nuser: u\nremote_path: /\n", encoding="utf-8"
    )
    with locks.local_lock(project / ".deploy", "edit"):
        result = run_build(project, "deploy")
    assert result.code == 1
    assert "E740" in result.err and "編集画面の「公開」" in result.err
    assert not (project / "dist").exists()  # refused before building anything


def test_the_server_lock_is_exclusive_and_a_stale_one_is_taken_over(sshd, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = sftp_settings(sshd, tmp_path)
    first, second = pool_of(settings), pool_of(settings)
    try:
        with locks.server_lock(first, "edit") as owner:
            recorded = json.loads((sshd.root / locks.OWNER).read_bytes())
            assert recorded["who"] == owner.who and recorded["tool"] == "edit"
            other = {**recorded, "who": "colleague@other-pc"}  # as if from another PC
            (sshd.root / locks.OWNER).write_text(json.dumps(other))
            with pytest.raises(locks.LockHeldError) as held, locks.server_lock(second, "deploy"):
                pass
            assert held.value.code == "E741"
            assert held.value.values["tool"] == "編集画面の「公開」"
            assert held.value.values["who"] == "colleague@other-pc"
            (sshd.root / locks.OWNER).write_text(json.dumps(recorded))  # its own again
        assert not (sshd.root / locks.LOCK_FOLDER).exists()
        # A PC that died mid-publish: its lock was last refreshed long ago.
        (sshd.root / locks.LOCK_FOLDER).mkdir()
        old = {"who": "other@pc", "tool": "deploy", "since": time.time() - 3600, "token": "x"}
        (sshd.root / locks.OWNER).write_text(json.dumps(old))
        with locks.server_lock(second, "edit", stale=600) as owner:
            assert json.loads((sshd.root / locks.OWNER).read_bytes())["token"] == owner.token
        assert not (sshd.root / locks.LOCK_FOLDER).exists()
        # This PC's own, fresh: left by a publish cut off from the server (the local lock,
        # which every publish takes first, says none of ours runs): taken over at once.
        (sshd.root / locks.LOCK_FOLDER).mkdir()
        mine = {"who": owner.who, "tool": "deploy", "since": time.time(), "token": "y"}
        (sshd.root / locks.OWNER).write_text(json.dumps(mine))
        with locks.server_lock(first, "edit"):
            pass
        assert not (sshd.root / locks.LOCK_FOLDER).exists()
    finally:
        first.drop()
        second.drop()


def test_a_lock_without_owner_waits_and_a_taken_over_lock_is_not_refreshed(  # type: ignore[no-untyped-def]
    sshd, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = sftp_settings(sshd, tmp_path)
    pool = pool_of(settings)
    colleague = {"who": "colleague@other-pc", "tool": "edit", "since": time.time(), "token": "c"}
    try:
        # A colleague's publish made the folder and writes who it is while we wait.
        (sshd.root / locks.LOCK_FOLDER).mkdir()
        monkeypatch.setattr(
            locks.time,
            "sleep",
            lambda _: (sshd.root / locks.OWNER).write_text(json.dumps(colleague)),
        )
        with pytest.raises(locks.LockHeldError), locks.server_lock(pool, "deploy"):
            pass
        # Still no owner after the grace: left by a publish that died there, taken over.
        (sshd.root / locks.OWNER).unlink()
        monkeypatch.setattr(locks.time, "sleep", lambda _: None)
        with locks.server_lock(pool, "deploy") as owner:
            assert json.loads((sshd.root / locks.OWNER).read_bytes())["token"] == owner.token
            # Taken over by another meanwhile (ours looked stale): not written over.
            (sshd.root / locks.OWNER).write_text(json.dumps(colleague))
            fresh = locks.Owner(owner.who, owner.tool, time.time(), owner.token)
            assert pool.run(lambda t: locks._refresh(t, fresh)) is False
            assert json.loads((sshd.root / locks.OWNER).read_bytes())["token"] == "c"
    finally:
        pool.drop()


def test_password_order_environment_then_store_then_netrc(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(TESTS / "editor"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "publish_keyring.FileKeyring")
    monkeypatch.setenv("SITEGEN_TEST_KEYRING", str(tmp_path / "keyring.json"))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("NETRC", raising=False)
    monkeypatch.delenv("SITEGEN_DEPLOY_PASSWORD", raising=False)
    import keyring.core

    keyring.core.set_keyring(keyring.core.load_keyring("publish_keyring.FileKeyring"))
    try:
        settings = DeploySettings(tmp_path / "deploy.yml", "ftps", "example.jp", 21, "u", "/")
        (tmp_path / ".netrc").write_text("machine example.jp login u password from-netrc\n")
        (tmp_path / ".netrc").chmod(0o600)
        assert password(settings) == "from-netrc"
        credentials.store_password(settings, "from-store")
        stored = json.loads((tmp_path / "keyring.json").read_text())
        assert list(stored) == ["sitegen-deploy u@example.jp:21"]
        assert password(settings) == "from-store"
        monkeypatch.setenv("SITEGEN_DEPLOY_PASSWORD", "from-env")
        assert password(settings) == "from-env"
        credentials.forget_password(settings)
        assert credentials.stored_password(settings) is None
    finally:
        keyring.core.set_keyring(keyring.core.load_keyring("keyring.backends.fail.Keyring"))
    assert "publish_keyring" in sys.modules


def test_a_store_that_hangs_is_given_up_after_its_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(credentials, "_has_backend", lambda: time.sleep(5) or True)
    settings = DeploySettings(Path("deploy.yml"), "ftps", "example.jp", 21, "u", "/")
    started = time.monotonic()
    assert credentials.stored_password(settings, timeout=0.3) is None
    assert time.monotonic() - started < 2
