"""The preview server over HTTP: what it serves, what it refuses, how it starts and stops."""

from __future__ import annotations

import http.client
import socket
import time
from pathlib import Path

import pytest

from conftest import run_build
from preview_server import ServeProcess


@pytest.fixture
def server(project: Path):
    process = ServeProcess(project)
    process.wait_for("http://127.0.0.1:")
    yield process
    assert process.stop() == 0


def test_serves_the_site_with_the_reload_script_only_in_the_preview(server, project: Path) -> None:
    status, body = server.get("/")
    assert status == 200
    assert "1契約で包括的に補償" in body and "/__sitegen/reload" in body
    assert run_build(project).code == 0
    for path in (project / "dist").rglob("*"):
        if path.is_file():
            assert b"__sitegen" not in path.read_bytes(), path
    assert not (project / ".preview").exists()


@pytest.mark.parametrize(
    "path",
    [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/..%5c..%5c..%5cetc%5cpasswd",
        "/assets/../../../../etc/passwd",
        "//etc/passwd",
        "/%252e%252e/%252e%252e/etc/passwd",
        "/index.html%00.css",
    ],
)
def test_nothing_outside_the_preview_can_be_read(server, path: str) -> None:
    status, body = server.get(path)
    assert status == 404
    assert "root:" not in body


def test_unknown_paths_get_the_sites_404_page(server) -> None:
    status, body = server.get("/no-such-page/")
    assert status == 404
    assert "ページが見つかりません" in body


def _about_served(server, project: Path, front: str) -> None:  # type: ignore[no-untyped-def]
    """Write content/about.md with this front matter; wait until the preview serves it."""
    (project / "content" / "about.md").write_text(f"---\n{front}---\n\n# 概要\n", encoding="utf-8")
    deadline = time.monotonic() + 10
    while server.get("/about/")[0] != 200 and time.monotonic() < deadline:
        time.sleep(0.1)


def _redirected(server, path: str) -> tuple[int, str | None]:  # type: ignore[no-untyped-def]
    """The status and Location of a GET of path, the redirect not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.getheader("Location")
    finally:
        connection.close()


def test_folder_without_slash_redirects(server, project: Path) -> None:
    _about_served(server, project, "title: 概要\n")
    assert _redirected(server, "/about") == (302, "/about/")


def test_an_old_address_leads_to_the_page_as_on_the_host(server, project: Path) -> None:
    """A renamed page's `aliases:` redirect on the host (.htaccess, _redirects): so here."""
    _about_served(server, project, 'title: 概要\naliases: ["/kyokai/", "/概要/"]\n')
    for old in ("/kyokai/", "/kyokai", "/kyokai/index.html", "/%E6%A6%82%E8%A6%81/"):
        assert _redirected(server, old) == (302, "/about/"), old
    assert server.get("/kyokai-not/")[0] == 404


def test_editor_temporary_files_are_ignored(server, project: Path) -> None:
    before = server.epoch()
    content = project / "content"
    for name in ("index.md~", ".index.md.swp", "#index.md#", ".DS_Store", "4913", "~$notes.md"):
        (content / name).write_text("x", encoding="utf-8")
    time.sleep(1.0)
    assert server.epoch() == before


def _settled_epoch(server, quiet: float = 1.0) -> int:
    """The build count once no build has finished for quiet seconds."""
    epoch = server.epoch()
    while True:
        time.sleep(quiet)
        if (now := server.epoch()) == epoch:
            return epoch
        epoch = now


def test_a_burst_of_writes_is_one_build(server, project: Path) -> None:
    page = project / "content" / "index.md"
    text = page.read_text(encoding="utf-8")
    # Five saves 5 ms apart: the watcher builds once a 50 ms step has brought no new event,
    # so saves that all fall within 45 ms are one burst. A loaded machine may hold this
    # process up for longer between two saves; then they were no burst, and the burst is
    # made again. Each burst whose saves did fall within 45 ms must be exactly one build.
    for attempt in range(5):
        before = _settled_epoch(server)
        saved = []
        for count in range(5):
            page.write_text(text.replace("のご案内", f"のご案内{attempt}-{count}"), "utf-8")
            saved.append(time.monotonic())
            time.sleep(0.005)
        after = _settled_epoch(server)
        span = saved[-1] - saved[0]
        if span < 0.045:
            break
    else:
        pytest.fail(f"this machine never saved five times within 45 ms: {span:.3f} s")
    assert after == before + 1, f"{after - before} builds for one burst ({span:.3f} s)"
    assert f"のご案内{attempt}-4" in server.get("/")[1]


def test_delete_and_create_again(server, project: Path) -> None:
    page = project / "content" / "index.md"
    text = page.read_text(encoding="utf-8")
    page.unlink()
    time.sleep(0.05)
    page.write_text(text.replace("のご案内", "のご案内(再作成)"), encoding="utf-8")
    deadline = time.monotonic() + 10
    while "(再作成)" not in server.get("/")[1] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "(再作成)" in server.get("/")[1]


def test_broken_content_shows_the_error_page_and_a_fix_brings_the_site_back(
    server, project: Path
) -> None:
    contacts = project / "content/sections/contacts/1-association.md"
    good = contacts.read_text(encoding="utf-8")
    broken = good.replace('opens: "10:00"', "opens: 10")
    contacts.write_text(broken, encoding="utf-8")
    line = broken[: broken.index("opens: 10")].count("\n") + 1
    server.wait_for("1-association.md")
    status, body = server.get("/")
    assert status == 500
    assert f"content/sections/contacts/1-association.md:{line}" in body and "opens: 10" in body
    assert "Traceback" not in body
    contacts.write_text(good, encoding="utf-8")
    server.wait_for("更新しました")
    status, body = server.get("/")
    assert status == 200 and "1契約で包括的に補償" in body


def test_ctrl_c_stops_cleanly(project: Path) -> None:
    process = ServeProcess(project)
    process.wait_for("http://127.0.0.1:")
    assert process.get("/")[0] == 200
    started = time.monotonic()
    assert process.stop() == 0
    assert time.monotonic() - started < 5
    assert "プレビューを終了しました" in "".join(process.output)
    assert "Traceback" not in "".join(process.output)
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", process.port), timeout=1).close()


def test_port_in_use_says_to_choose_another(project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_build(project, "serve", "--port", str(port))
    assert result.code == 1
    assert "--port" in result.err and str(port) in result.err
    assert "Traceback" not in result.err + result.out


def test_exposed_host_is_warned_about(project: Path) -> None:
    process = ServeProcess(project, "--host", "0.0.0.0")
    process.wait_for("--host 0.0.0.0")
    assert process.stop() == 0
