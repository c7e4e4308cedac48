"""Who may use the editor, and what a request may touch: every refusal writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.core.project import Project
from sitegen.editor.app import MOST_BODY, Editor, create_app
from sitegen.editor.security import Keys

from editor_client import ORIGIN, Session, editor_session, files_of

PAGE = "content/index.md"


@pytest.fixture
def session(project: Path) -> Session:
    return editor_session(project)


def _text(answer) -> str:
    return answer.data.decode()


def test_without_the_link_every_page_is_refused_in_japanese(project: Path) -> None:
    client = create_app(Editor(Project(project), Keys())).test_client()
    for url in ("/__edit/", f"/__edit/file?path={PAGE}", f"/__edit/history?path={PAGE}", "/"):
        answer = client.get(url, base_url=ORIGIN)
        assert answer.status_code == 403, url
        assert "build.py edit" in _text(answer) and "ターミナル" in _text(answer)
        assert '<html lang="ja">' in _text(answer)


def test_a_wrong_token_is_refused_and_sets_no_session(project: Path) -> None:
    keys = Keys()
    client = create_app(Editor(Project(project), keys)).test_client()
    answer = client.get("/__edit/enter?token=" + keys.token[:-1] + "x", base_url=ORIGIN)
    assert answer.status_code == 403
    assert "Set-Cookie" not in answer.headers
    assert client.get("/__edit/", base_url=ORIGIN).status_code == 403


def test_the_token_becomes_a_strict_httponly_cookie_of_this_server_alone(project: Path) -> None:
    keys, other = Keys(), Keys()
    client = create_app(Editor(Project(project), keys)).test_client()
    answer = client.get(f"/__edit/enter?token={keys.token}", base_url=ORIGIN)
    assert answer.status_code == 302 and answer.headers["Location"] == "/__edit/"
    cookie = answer.headers["Set-Cookie"]
    assert cookie.startswith(keys.cookie + "=") and keys.cookie != other.cookie
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert keys.token not in cookie
    assert client.get("/__edit/", base_url=ORIGIN).status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.nip.io:8000"])
def test_a_foreign_host_is_refused_even_with_a_session(session: Session, host: str) -> None:
    for url in ("/__edit/", f"/__edit/file?path={PAGE}", "/", "/__edit/alive"):
        answer = session.client.get(url, base_url=f"http://{host}")
        assert answer.status_code == 421, url
        assert "localhost" in _text(answer)


def test_localhost_names_are_answered(session: Session) -> None:
    base = "http://edit.localhost:8000"  # cookies are per name: enter there first
    session.client.get(f"/__edit/enter?token={session.keys.token}", base_url=base)
    assert session.client.get("/__edit/", base_url=base).status_code == 200


def _changing_posts(session: Session) -> list[tuple[str, dict[str, str]]]:
    form = session.form(PAGE)
    form.update(title="書き換え", op="save")
    restore = {"csrf": form["csrf"], "path": PAGE, "version": "x"}
    return [("/__edit/file", form), ("/__edit/restore", restore)]


@pytest.mark.parametrize("csrf", [None, "", "wrong"])
def test_a_post_without_the_right_csrf_token_writes_nothing(
    session: Session, project: Path, csrf: str | None
) -> None:
    posts = _changing_posts(session)
    before = files_of(project)
    for url, data in posts:
        data = dict(data)
        if csrf is None:
            data.pop("csrf")
        else:
            data["csrf"] = csrf
        answer = session.post(url, data)
        assert answer.status_code == 403, url
        assert "確認用の情報" in _text(answer)
    assert files_of(project) == before
    # What was typed is shown again, so that nothing is lost.
    assert "書き換え" in _text(answer) or url == "/__edit/restore"


@pytest.mark.parametrize(
    ("origin", "site"),
    [
        ("http://evil.example", "cross-site"),
        ("http://127.0.0.1:9999", "same-site"),
        (None, "cross-site"),
        ("null", None),
    ],
)
def test_a_cross_origin_post_writes_nothing(
    session: Session, project: Path, origin: str | None, site: str | None
) -> None:
    posts = _changing_posts(session)
    before = files_of(project)
    for url, data in posts:
        headers = {}
        if origin is not None:
            headers["Origin"] = origin
        if site is not None:
            headers["Sec-Fetch-Site"] = site
        answer = session.client.post(url, data=data, base_url=ORIGIN, headers=headers)
        assert answer.status_code == 403, url
        assert "別のサイト" in _text(answer)
    assert files_of(project) == before


def test_a_lost_session_shows_what_was_posted(project: Path) -> None:
    session = editor_session(project)
    form = session.form(PAGE)
    form.update(title="消えては困る見出し", op="save")
    fresh = create_app(Editor(Project(project), Keys())).test_client()  # a restarted editor
    before = files_of(project)
    answer = fresh.post("/__edit/file", data=form, base_url=ORIGIN, headers={"Origin": ORIGIN})
    assert answer.status_code == 403
    assert "消えては困る見出し" in _text(answer) and form["csrf"] not in _text(answer)
    assert files_of(project) == before


TRAVERSALS = [
    "../pyproject.toml",
    "content/../models/page.yml",
    "content/../../etc/passwd",
    "/etc/passwd",
    "C:/Windows/win.ini",
    "content\\..\\models\\page.yml",
    "templates/base.html",
    "models/page.yml",
    "sitegen/cli.py",
    "content/CON.md",
    "content/aux",
    "content/index.md\x00.txt",
    "content/%2e%2e/models/page.yml",
    "content/link.md",
    ".sitegen-history/server.json",
]


@pytest.fixture
def linked(project: Path) -> Path:
    (project / "content" / "link.md").symlink_to(project / "models" / "page.yml")
    return project


@pytest.mark.parametrize("name", TRAVERSALS)
def test_a_path_outside_content_is_refused_in_every_parameter(linked: Path, name: str) -> None:
    session = editor_session(linked)
    form = session.form(PAGE)
    before = files_of(linked)
    assert session.get(f"/__edit/file?path={name}").status_code in (403, 404)
    assert session.get("/__edit/history", query_string={"path": name}).status_code == 403
    saved = session.post("/__edit/file", {**form, "path": name, "title": "x", "text": "x"})
    assert saved.status_code in (403, 404)
    restored = session.post("/__edit/restore", {"csrf": form["csrf"], "path": name, "version": "x"})
    assert restored.status_code in (403, 404)
    version = session.post(
        "/__edit/restore", {"csrf": form["csrf"], "path": PAGE, "version": "../../models/page.yml"}
    )
    assert version.status_code == 404
    assert files_of(linked) == before


def test_an_oversize_body_is_refused_before_it_is_read(session: Session, project: Path) -> None:
    form = session.form(PAGE)
    before = files_of(project)
    form.update(body="あ" * MOST_BODY, op="save")
    answer = session.post("/__edit/file", form)
    assert answer.status_code == 413
    assert "大きすぎます" in _text(answer)
    assert files_of(project) == before


def test_editor_pages_forbid_framing_by_others_and_leak_no_address(session: Session) -> None:
    answer = session.get("/__edit/")
    assert "frame-ancestors 'self'" in answer.headers["Content-Security-Policy"]
    assert answer.headers["Referrer-Policy"] == "same-origin"
    assert answer.headers["Cache-Control"] == "no-store"


def test_the_frameworks_own_refusals_are_japanese(session: Session) -> None:
    missing = session.get("/__edit/nothing-here")
    assert missing.status_code == 404 and "画面はありません" in _text(missing)
    assert "Not Found" not in _text(missing)
    wrong = session.client.put("/__edit/file", base_url=ORIGIN, headers={"Origin": ORIGIN})
    assert wrong.status_code in (403, 405) and "Method Not Allowed" not in _text(wrong)
