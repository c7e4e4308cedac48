"""`python build.py edit`: one server per project, on loopback, its link in the terminal."""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
from pathlib import Path

from sitegen.editor import server
from sitegen.editor.history import FOLDER

from conftest import run_build
from edit_process import EditProcess


def _get(port: int, path: str, host: str | None = None) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Host": host} if host else {}
        connection.request("GET", path, headers=headers)
        answer = connection.getresponse()
        return answer.status, answer.read().decode("utf-8", "replace")
    finally:
        connection.close()


def test_edit_prints_its_link_and_a_second_edit_prints_the_same(project: Path) -> None:
    editor = EditProcess(project)
    try:
        assert "編集画面" in "".join(editor.output)
        second = run_build(project, "edit", "--no-open")
        assert second.code == 0, second.err
        assert editor.link in second.out and "すでに起動しています" in second.out
        instance = project / FOLDER / "server.json"
        assert instance.stat().st_mode & 0o077 == 0  # the token is for its owner's eyes
        assert json.loads(instance.read_text(encoding="utf-8"))["link"] == editor.link
        assert (project / FOLDER / ".gitignore").read_text(encoding="utf-8").endswith("*\n")
        status, page = _get(editor.port, "/__edit/")
        assert status == 403 and "ターミナル" in page
        status, _ = _get(editor.port, "/__edit/", host="rebind.example:80")
        assert status == 421
        status, _ = _get(editor.port, "/", host=f"rebind.example:{editor.port}")
        assert status == 421  # the preview's pages too
    finally:
        assert editor.stop() == 0
    assert not (project / FOLDER / "server.json").exists()
    assert "編集画面を終了しました" in "".join(editor.output)


def test_edit_has_no_host_option(project: Path) -> None:
    refused = run_build(project, "edit", "--host", "0.0.0.0", "--no-open")
    assert refused.code == 2 and "--host" in refused.err


def test_a_stale_instance_file_does_not_stop_a_new_editor(project: Path) -> None:
    (project / FOLDER).mkdir()
    (project / FOLDER / "server.json").write_text(
        json.dumps({"port": 9, "identity": "gone", "link": "http://127.0.0.1:9/x"}),
        encoding="utf-8",
    )
    editor = EditProcess(project)
    try:
        assert editor.link.startswith(editor.url)
    finally:
        editor.stop()


def test_a_taken_first_port_moves_the_editor_to_the_next_one() -> None:
    """Werkzeug's own bind exits on a taken port: ours says so and the search goes on."""
    with socket.socket() as taken:
        with contextlib.suppress(OSError):  # taken already by another program: as good
            taken.bind((server.LOOPBACK, server.FIRST_PORT))
            taken.listen()
        listening = server.listen(lambda environ, start: [], None)
        try:
            assert server.FIRST_PORT < listening.port < server.FIRST_PORT + server.PORTS_TRIED
        finally:
            listening.server_close()
