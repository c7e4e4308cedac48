"""The preview answers only requests that name this machine in their Host (issue 30).

A page of another site can make the browser resolve that site's name to 127.0.0.1 (DNS
rebinding) and read the preview, drafts included; its requests carry that name in Host. The
requests here are written byte for byte on a socket, so that Host is exactly what is sent.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup

from sitegen.core.messages import text

from conftest import FLYER_SITE, copy_project
from preview_server import ServeProcess

PATHS = ["/", "/index.html", "/__sitegen/reload?since=-1", "/__sitegen/reload.js", "/no-such/"]
REFUSED = [
    "evil.example",
    "evil.example:{port}",
    "localhost.evil.example:{port}",
    "127.0.0.1.nip.io:{port}",
    "preview.localhost.evil.example",
    "2130706433:{port}",
    "",
]
ALLOWED = [
    "localhost:{port}",
    "LOCALHOST:{port}",
    "preview.localhost:{port}",
    "127.0.0.1:{port}",
    "127.0.0.1",
    "192.168.1.20:{port}",  # a phone on the LAN, with `serve --host 0.0.0.0`
    "[::1]:{port}",
]


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServeProcess]:
    root = copy_project(FLYER_SITE, tmp_path_factory.mktemp("hosts") / "site")
    process = ServeProcess(root)
    process.wait_for("http://127.0.0.1:")
    yield process
    assert process.stop() == 0


def send(port: int, request: str) -> tuple[int, dict[str, str], bytes]:
    """Write request as it is; return the status, the headers and the body."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request.encode("latin-1"))
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
            head, _, body = answer.partition(b"\r\n\r\n")
            length = _length(head)
            if length is not None and len(body) >= length:
                break
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (x.partition(":") for x in lines)}
    return int(status_line.split()[1]), headers, body


def _length(head: bytes) -> int | None:
    for line in head.decode("latin-1").split("\r\n")[1:]:
        name, _, value = line.partition(":")
        if name.lower() == "content-length":
            return int(value)
    return None


def get(port: int, path: str, host: str | None, method: str = "GET") -> tuple[int, dict, bytes]:
    line = f"{method} {path} HTTP/1.1\r\n"
    host_line = "" if host is None else f"Host: {host.format(port=port)}\r\n"
    return send(port, line + host_line + "Connection: close\r\n\r\n")


def assert_refused(status: int, headers: dict[str, str], body: bytes) -> None:
    assert status == 403
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["cache-control"] == "no-store"
    page = BeautifulSoup(body.decode("utf-8"), "html5lib")
    assert page.html is not None and page.html["lang"] == "ja"
    assert page.h1 is not None and page.h1.get_text() == text("preview_host_title")
    assert text("preview_host_text") in page.get_text()
    assert "1契約で包括的に補償" not in page.get_text()  # nothing of the site
    assert b"__sitegen" not in body and b"<script" not in body


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("host", REFUSED)
def test_a_host_that_names_another_site_is_refused(
    preview: ServeProcess, host: str, path: str
) -> None:
    started = time.monotonic()
    assert_refused(*get(preview.port, path, host))
    # The live-reload endpoint holds a request for 25 s: a refused one is answered at once.
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("host", ALLOWED)
def test_this_machine_by_name_or_address_is_answered(preview: ServeProcess, host: str) -> None:
    status, _, body = get(preview.port, "/", host)
    assert status == 200
    assert "1契約で包括的に補償" in body.decode("utf-8")


def test_a_request_without_host_or_with_two_is_refused(preview: ServeProcess) -> None:
    port = preview.port
    assert_refused(*send(port, "GET / HTTP/1.0\r\n\r\n"))
    two = f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: evil.example\r\n\r\n"
    assert_refused(*send(port, two))


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS"])
def test_every_method_is_refused_the_same_way(preview: ServeProcess, method: str) -> None:
    assert_refused(*get(preview.port, "/", "evil.example", method))


def test_head_is_refused_without_a_body(preview: ServeProcess) -> None:
    status, headers, body = get(preview.port, "/", "evil.example", "HEAD")
    assert status == 403 and body == b""
    assert int(headers["content-length"]) > 0


def test_the_reload_endpoint_answers_this_machine(preview: ServeProcess) -> None:
    status, headers, body = get(preview.port, "/__sitegen/reload?since=-1", "localhost:{port}")
    assert status == 200 and b'"epoch"' in body
    assert headers["content-type"].startswith("application/json")


def test_the_editors_browser_at_the_printed_address_sees_the_site(preview: ServeProcess) -> None:
    status, body = preview.get("/")  # http.client, as a browser: Host 127.0.0.1:PORT
    assert status == 200 and "1契約で包括的に補償" in body
