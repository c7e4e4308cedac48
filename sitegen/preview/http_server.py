"""The preview's HTTP server: the built files, the error page, and reload notices."""

from __future__ import annotations

import contextlib
import html
import json
import mimetypes
import posixpath
import secrets
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from sitegen.core.hosts import host_allowed
from sitegen.core.messages import text
from sitegen.preview import error_page as errorpage
from sitegen.preview.state import Preview

RELOAD_PATH = "/__sitegen/reload"
SCRIPT_PATH = "/__sitegen/reload.js"
# How long a browser's reload request is held open before it asks again.
LONG_POLL_SECONDS = 25.0

# Polls the server; reloads when a newer build (or a restarted server) is there. Linked from
# pages as they are served, so the built files (and dist/) never contain it.
_RELOAD_SCRIPT = """(() => {
  const me = document.currentScript;
  const server = me.dataset.server;
  let epoch = Number(me.dataset.epoch);
  const poll = () => fetch("RELOAD_PATH?since=" + epoch, {cache: "no-store"})
    .then(r => r.json())
    .then(d => { if (d.server !== server || d.epoch !== epoch) location.reload(); else poll(); })
    .catch(() => setTimeout(poll, 1000));
  poll();
})();
""".replace("RELOAD_PATH", RELOAD_PATH)
_SCRIPT_TAG = '<script src="%(src)s" data-server="%(server)s" data-epoch="%(epoch)d"></script>\n'
# The site's pages forbid every script; the preview allows its own one, from its own origin.
_NO_SCRIPTS = ("script-src &#39;none&#39;", "script-src 'none'")
_OWN_SCRIPTS = "script-src 'self'"


class PreviewServer(ThreadingHTTPServer):
    """A threading server that knows its preview and its root folder."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], preview: Preview):
        self.preview = preview
        self.identity = secrets.token_hex(8)
        super().__init__(address, PreviewHandler)


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "sitegen-preview"

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal is for build results; requests would drown them

    def parse_request(self) -> bool:
        """Every request, whatever its method or path, first names this machine in its Host.

        A page of another site can have the browser resolve that site's name to this machine
        (DNS rebinding) and read the preview, drafts included; its requests still carry that
        name. One Host header, and it must pass `host_allowed`.
        """
        if not super().parse_request():
            return False
        hosts = self.headers.get_all("Host") or []
        if len(hosts) == 1 and host_allowed(hosts[0]):
            return True
        self.close_connection = True
        body = _plain_page(text("preview_host_title"), text("preview_host_text"))
        self.send_response(HTTPStatus.FORBIDDEN)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)
        return False

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def do_GET(self) -> None:
        self._respond(head=False)

    def _respond(self, head: bool) -> None:
        url = urlsplit(self.path)
        if url.path == RELOAD_PATH:
            self._reload_notice(url.query)
            return
        if url.path == SCRIPT_PATH:
            self._send(HTTPStatus.OK, _RELOAD_SCRIPT.encode(), "text/javascript", head)
            return
        preview = self.server.preview
        base = preview.base_path
        if not url.path.startswith(base):
            if url.path in ("/", ""):
                self._redirect(base)
            else:
                self._not_found(head)
            return
        relative = url.path[len(base) :]
        if preview.problems and _is_page(relative):
            page = errorpage.render(preview.problems, preview.project.root)
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, page.encode(), "text/html", head)
            return
        target = safe_path(preview.out, relative)
        if target is not None and target.is_dir():
            if not url.path.endswith("/"):
                self._redirect(url.path + "/")
                return
            target = target / "index.html"
        if target is None or not target.is_file():
            self._not_found(head)
            return
        self._send(HTTPStatus.OK, target.read_bytes(), _content_type(target), head)

    def _reload_notice(self, query: str) -> None:
        since = parse_qs(query).get("since", ["-1"])[0]
        epoch = self.server.preview.wait(
            int(since) if since.lstrip("-").isdigit() else -1, LONG_POLL_SECONDS
        )
        body = json.dumps({"server": self.server.identity, "epoch": epoch}).encode()
        self._send(HTTPStatus.OK, body, "application/json", head=False)

    def _not_found(self, head: bool) -> None:
        page = safe_path(self.server.preview.out, "404.html")
        if page is not None and page.is_file():
            body = page.read_bytes()
        else:
            body = _plain_page(text("not_found_title"))
        self._send(HTTPStatus.NOT_FOUND, body, "text/html", head)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: HTTPStatus, body: bytes, kind: str, head: bool) -> None:
        if kind == "text/html":
            body = inject_reload(body, self.server.identity, self.server.preview.epoch)
        self.send_response(status)
        charset = (
            "; charset=utf-8"
            if kind.startswith("text/") or kind.endswith(("json", "xml", "javascript", "svg+xml"))
            else ""
        )
        self.send_header("Content-Type", kind + charset)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            # The browser may have gone away (a reload): nothing to do then.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)


def safe_path(root: Path, relative: str) -> Path | None:
    """The file below root that an URL path names, or None if it would leave root.

    The path arrives percent-encoded: it is decoded once, then any `..`, backslash, NUL or
    link that would lead outside root refuses it.
    """
    decoded = unquote(relative)
    if "\x00" in decoded or "\\" in decoded:
        return None
    parts = [part for part in decoded.split("/") if part not in ("", ".")]
    if ".." in parts:
        return None
    base = root.resolve()
    candidate = base.joinpath(*parts).resolve() if parts else base
    if candidate != base and not candidate.is_relative_to(base):
        return None
    return candidate


def inject_reload(page: bytes, server: str, epoch: int) -> bytes:
    """page with the reload script before its closing body tag (any case), or at its end.

    A Content-Security-Policy in the page that forbids scripts is widened to the preview's
    own origin, for this response only.
    """
    script = (_SCRIPT_TAG % {"src": SCRIPT_PATH, "server": server, "epoch": epoch}).encode()
    for forbidding in _NO_SCRIPTS:
        page = page.replace(forbidding.encode(), _OWN_SCRIPTS.encode(), 1)
    lower = page.lower()
    at = lower.rfind(b"</body>")
    if at < 0:
        return page + script
    return page[:at] + script + page[at:]


def _plain_page(title: str, paragraph: str = "") -> bytes:
    """A page of the preview's own, for when the site has none to show."""
    body = f"<h1>{html.escape(title)}</h1>" + (
        f"<p>{html.escape(paragraph)}</p>" if paragraph else ""
    )
    return (
        f'<!doctype html><html lang="ja"><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title>{body}"
    ).encode()


def _is_page(relative: str) -> bool:
    name = posixpath.basename(relative)
    return name == "" or name.endswith((".html", ".htm")) or "." not in name


def _content_type(path: Path) -> str:
    kind, _ = mimetypes.guess_type(path.name)
    return kind or "application/octet-stream"
