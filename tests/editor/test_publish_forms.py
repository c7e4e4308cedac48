"""「公開」's forms through the editor's Flask app, against the real vsftpd: the settings form
checked as deploy checks deploy.yml, a PC with no credential store (asked each time), a wrong
password (forgotten, asked again), a refused form that never shows the password again."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from vsftpd_server import PASSWORD, vsftpd_server

from editor_client import Session, editor_session

keyring = pytest.importorskip("keyring")


@pytest.fixture(scope="module")
def vsftpd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    with vsftpd_server(tmp_path_factory.mktemp("forms") / "ftp") as server:
        yield server


@pytest.fixture
def no_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A headless box: keyring has no backend; no ~/.netrc, no password variable."""
    from keyring.backends import fail

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("SITEGEN_DEPLOY_PASSWORD", raising=False)
    monkeypatch.delenv("NETRC", raising=False)
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


def csrf_of(session: Session) -> str:
    page = session.get("/__edit/publish").data.decode()
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]


def configure(project: Path, server) -> None:  # type: ignore[no-untyped-def]
    (project / "deploy.yml").write_text(
        f"protocol: ftps\nhost: 127.0.0.1\nport: {server.port}\nuser: {server.user}\n"
        f"remote_path: {server.root}\nca_file: {server.cert}\nretries: 0\n",
        encoding="utf-8",
    )


def form_of(session: Session) -> dict[str, str]:
    """The settings form's hidden fields as the page gives them (csrf, version)."""
    page = session.get("/__edit/publish/settings").data.decode()
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))


def wait_for_end(session: Session, timeout: float = 60) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = session.get("/__edit/publish/status").get_json()
        if state["state"] != "running":
            return state
        time.sleep(0.2)
    raise AssertionError("the publish did not end")


def test_the_settings_form_checks_as_deploy_does_and_writes_nothing_wrong(
    project: Path, no_store: None
) -> None:
    session = editor_session(project)
    page = session.get("/__edit/publish").data.decode()
    assert "公開先の設定" in page  # no deploy.yml yet
    values = {
        **form_of(session),
        "op": "save",
        "protocol": "ftps",
        "host": "ftp.example.jp",
        "user": "editor",
        "remote_path": "/public_html/#cyber/",
        "ca_file": "certs/missing.pem",
    }
    refused = session.post("/__edit/publish/settings", values).data.decode()
    assert "E705" in refused and 'id="e-ca_file"' in refused
    assert not (project / "deploy.yml").exists()
    assert not list(project.glob("deploy.yml*"))  # nor its temporary file
    values["ca_file"] = ""
    saved = session.post("/__edit/publish/settings", values)
    assert saved.status_code == 303
    from sitegen.deploy.settings import load_settings

    settings = load_settings(project / "deploy.yml")
    assert settings.remote_path == "/public_html/#cyber" and settings.port == 21
    # Settings the form does not show are kept when it saves again.
    with (project / "deploy.yml").open("a", encoding="utf-8") as extra:
        extra.write("password_env: OUR_FTP_PASSWORD\n")
    page = session.get("/__edit/publish/settings").data.decode()
    assert 'value="/public_html/#cyber/"' in page  # as written, not as resolved
    values.update(form_of(session))
    values["user"] = "another"
    assert session.post("/__edit/publish/settings", values).status_code == 303
    settings = load_settings(project / "deploy.yml")
    assert settings.user == "another" and settings.password_env == "OUR_FTP_PASSWORD"


def test_the_settings_form_keeps_comments_and_never_overwrites_a_change_made_elsewhere(
    project: Path, no_store: None
) -> None:
    written = (
        "# 公開先: 協会のレンタルサーバー(2026 年 4 月契約)\n"
        "protocol: ftps  # 暗号化あり\n"
        "host: ftp.example.jp\n"
        "user: kyokai\n"
        "\n"
        "# サーバー会社の案内にあったフォルダ\n"
        "remote_path: /public_html/\n"
        "retries: 2\n"
    )
    (project / "deploy.yml").write_text(written, encoding="utf-8")
    session = editor_session(project)
    values = {**form_of(session), "op": "save", "protocol": "ftps", "host": "ftp.example.jp"}
    values.update({"user": "kyokai2", "remote_path": "/public_html/", "retries": "2"})
    # Changed in a text editor while the form is open: the form's save is refused.
    (project / "deploy.yml").write_text(written.replace("kyokai", "jimukyoku"), "utf-8")
    refused = session.post("/__edit/publish/settings", values)
    assert refused.status_code == 409
    page = refused.data.decode()
    assert "ほかの場所でファイルが変更されたため、保存しませんでした" in page
    assert 'value="kyokai2"' in page  # what was typed is still in the form
    assert "jimukyoku" in (project / "deploy.yml").read_text(encoding="utf-8")
    # Opened again, the form saves: only the user's value changes, every comment stays.
    values.update(form_of(session))
    assert session.post("/__edit/publish/settings", values).status_code == 303
    assert (project / "deploy.yml").read_text(encoding="utf-8") == written.replace(
        "user: kyokai", "user: kyokai2"
    )


def test_the_settings_form_keeps_a_bom_and_windows_line_ends_byte_for_byte(
    project: Path, no_store: None
) -> None:
    """Notepad on Windows may save deploy.yml with a BOM and CRLF: a save changes one value."""
    written = (
        "\ufeff# 公開先\r\nprotocol: ftps\r\nhost: ftp.example.jp\r\nuser: kyokai\r\n"
        "remote_path: /public_html/\r\n"
    )
    (project / "deploy.yml").write_bytes(written.encode("utf-8"))
    session = editor_session(project)
    values = {**form_of(session), "op": "save", "protocol": "ftps", "host": "ftp.example.jp"}
    values.update({"user": "kyokai2", "remote_path": "/public_html/"})
    assert session.post("/__edit/publish/settings", values).status_code == 303
    assert (project / "deploy.yml").read_bytes() == written.replace(
        "user: kyokai", "user: kyokai2"
    ).encode("utf-8")


def test_with_no_credential_store_the_password_is_asked_for_each_publish(
    project: Path, vsftpd, no_store: None
) -> None:
    configure(project, vsftpd)
    session = editor_session(project)
    csrf = csrf_of(session)
    asked = session.post("/__edit/publish/plan", {"csrf": csrf, "rollback": "0"}).data.decode()
    assert 'id="password"' in asked and "保存できる仕組み" in asked and "ないため" in asked
    plan = session.post(
        "/__edit/publish/plan", {"csrf": csrf, "rollback": "0", "password": PASSWORD}
    ).data.decode()
    assert 'id="plan-totals"' in plan and PASSWORD not in plan
    started = session.post("/__edit/publish/start", {"csrf": csrf, "rollback": "0"})
    assert started.status_code == 303
    assert wait_for_end(session)["state"] == "done"
    again = session.post("/__edit/publish/plan", {"csrf": csrf, "rollback": "0"}).data.decode()
    assert 'id="password"' in again  # not kept: asked again
    assert (vsftpd.root / "index.html").is_file()


def test_a_wrong_password_is_refused_forgotten_and_asked_again(
    project: Path, vsftpd, no_store: None
) -> None:
    configure(project, vsftpd)
    session = editor_session(project)
    csrf = csrf_of(session)
    wrong = session.post(
        "/__edit/publish/plan", {"csrf": csrf, "rollback": "0", "password": "not-it"}
    ).data.decode()
    assert "E746" in wrong and 'id="password"' in wrong and "not-it" not in wrong
    retry = session.post("/__edit/publish/plan", {"csrf": csrf, "rollback": "0"}).data.decode()
    assert 'id="password"' in retry


def test_a_refused_form_never_shows_the_password_again(project: Path, vsftpd) -> None:
    configure(project, vsftpd)
    session = editor_session(project)
    refused = session.post(
        "/__edit/publish/plan", {"csrf": "stale", "rollback": "0", "password": PASSWORD}
    )
    assert refused.status_code == 403 and PASSWORD not in refused.data.decode()
