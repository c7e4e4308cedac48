"""The preview as a WSGI application: the built site, the error page and reload notices.

One application for both commands. `serve` runs it alone on Werkzeug's threaded server
(`sitegen/preview/server.py`): read-only, GET and HEAD, no session, any interface it is told.
`edit` runs the editor's Flask application on the same server, whose preview routes answer
through `PreviewSite.respond` behind the editor's session: a page is answered the same way,
with the editor's links added (`decorate`).

Plain Werkzeug (request parsing, responses, HEAD) rather than Flask: a preview needs no
sessions, forms or templates, and Werkzeug alone is one small pure-Python package.
"""

from __future__ import annotations

import html
import json
import mimetypes
import posixpath
import re
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from werkzeug.wrappers import Request, Response

from sitegen.core.hosts import host_allowed
from sitegen.core.messages import text
from sitegen.core.problems import Problem
from sitegen.preview import error_page
from sitegen.preview.reload import (
    LONG_POLL_SECONDS,
    RELOAD_PATH,
    RELOAD_SCRIPT,
    SCRIPT_PATH,
    inject_reload,
    parse_since,
)
from sitegen.preview.state import Preview
from sitegen.setup.bootstrap import command
from sitegen.sitefiles.hosting import REDIRECTS_FILE, old_address_pattern

# What the editor adds to a found page: (page, its address) -> page.
Decorate = Callable[[bytes, str], bytes]
READ_METHODS = ("GET", "HEAD")
_TEXT_KINDS = ("json", "xml", "javascript", "svg+xml")


class PreviewSite:
    """Answers requests for the preview of one project (`preview`, its state)."""

    def __init__(self, preview: Preview, identity: str | None = None):
        self.preview = preview
        # Named in every reload notice: a browser whose page came from another server
        # (one restarted on the same port) reloads.
        self.identity = identity or secrets.token_hex(8)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        """The WSGI application of `serve`: the Host check, read-only, then the answer."""
        request = Request(environ)
        try:
            response = self.refusal(request) or self.respond(request)
        except Exception as exc:  # a bug of ours: said in the browser, never a traceback
            problem = Problem.of("E901", detail=f"{type(exc).__name__}: {exc}")
            page = error_page.render([problem], self.preview.project.root).encode()
            response = answer(500, page, "text/html")
        return response(environ, start_response)

    def refusal(self, request: Request) -> Response | None:
        """Why a request is not answered: another site's name in Host, or a change asked for.

        A page of another site can have the browser resolve that site's name to this machine
        (DNS rebinding) and read the preview, drafts included; its requests still carry that
        name. One Host header (Werkzeug joins repeated ones with commas), and it must pass
        `host_allowed`.
        """
        host = request.environ.get("HTTP_HOST", "")
        if "," in host or not host_allowed(host):
            page = plain_page(text("preview_host_title"), text("preview_host_text"))
            return answer(403, page, "text/html")
        if request.method not in READ_METHODS:
            said = text("preview_read_only_text", command=command(["edit"]))
            page = plain_page(text("preview_read_only_title"), said)
            refused = answer(405, page, "text/html")
            refused.headers["Allow"] = ", ".join(READ_METHODS)
            return refused
        return None

    def respond(self, request: Request, decorate: Decorate | None = None) -> Response:
        """The answer to a GET (or HEAD) of request's path."""
        path = request.path
        if path == RELOAD_PATH:
            return self._reload_notice(request.args.get("since"))
        if path == SCRIPT_PATH:
            return answer(200, RELOAD_SCRIPT.encode(), "text/javascript")
        return self._site_file(path, decorate)

    def _reload_notice(self, since: str | None) -> Response:
        """Held until a build newer than since has finished (or a while): its epoch."""
        epoch = self.preview.wait(parse_since(since), LONG_POLL_SECONDS)
        body = json.dumps({"server": self.identity, "epoch": epoch}).encode()
        return answer(200, body, "application/json")

    def _site_file(self, path: str, decorate: Decorate | None) -> Response:
        """path (decoded) of the built site, or the error page while the build fails."""
        preview = self.preview
        base = preview.base_path
        if not path.startswith(base):
            return redirect(base) if path == "/" else self._not_found()
        relative = path[len(base) :]
        if preview.problems and is_page(relative):
            page = error_page.render(preview.problems, preview.project.root).encode()
            return self._page(500, page)
        target = inside(preview.out, relative)
        if target is not None and target.is_dir():
            if not path.endswith("/"):
                return redirect(path + "/")
            target = target / "index.html"
        body = None if target is None else _read(target)
        if target is None or body is None:
            moved = self._moved(path)
            return self._not_found() if moved is None else redirect(moved)
        kind = content_type(target)
        if kind != "text/html":
            return answer(200, body, kind)
        page = self._page(200, body)
        if decorate is not None:
            page.set_data(decorate(page.get_data(), path))
        return page

    def _moved(self, path: str) -> str | None:
        """Where an old address (a page's `aliases:`) leads, as the host's redirects say
        (`_redirects`, written beside `.htaccess` when a page has aliases)."""
        rules = _read(inside(self.preview.out, REDIRECTS_FILE))
        for line in (rules or b"").decode("utf-8", "replace").splitlines():
            parts = line.split("#", 1)[0].split()
            if len(parts) >= 2 and re.match(old_address_pattern(unquote(parts[0])), path):
                return unquote(parts[1])
        return None

    def _not_found(self) -> Response:
        """The site's own 404 page, or one of the preview's when it has none."""
        page = _read(inside(self.preview.out, "404.html"))
        return self._page(404, plain_page(text("not_found_title")) if page is None else page)

    def _page(self, status: int, page: bytes) -> Response:
        return answer(status, inject_reload(page, self.identity, self.preview.epoch), "text/html")


def answer(status: int, body: bytes, kind: str) -> Response:
    """A response the browser never keeps: the next save changes it."""
    textual = kind.startswith("text/") or kind.endswith(_TEXT_KINDS)
    content = kind + ("; charset=utf-8" if textual else "")
    return Response(body, status, content_type=content, headers={"Cache-Control": "no-store"})


def redirect(location: str) -> Response:
    """A redirect to location (a decoded path), percent-encoded as a header must be."""
    moved = Response(b"", 302, headers={"Cache-Control": "no-store"})
    moved.headers["Location"] = quote(location, safe="/!$&'()*+,;=:@~")
    return moved


def safe_path(root: Path, relative: str) -> Path | None:
    """The file below root that a percent-encoded URL path names, or None (see `inside`)."""
    return inside(root, unquote(relative))


def inside(root: Path, decoded: str) -> Path | None:
    """The file below root that a decoded URL path names, or None if it would leave root.

    Any `..`, backslash, NUL or link that would lead outside root refuses it.
    """
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


def _read(path: Path | None) -> bytes | None:
    """The bytes of the file at path; None if there is none (or it went in a rebuild)."""
    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError:  # no such file, a folder, or one a rebuild just removed
        return None


def plain_page(title: str, paragraph: str = "") -> bytes:
    """A page of the preview's own, for when the site has none to show."""
    body = f"<h1>{html.escape(title)}</h1>" + (
        f"<p>{html.escape(paragraph)}</p>" if paragraph else ""
    )
    return (
        f'<!doctype html><html lang="ja"><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title>{body}"
    ).encode()


def is_page(relative: str) -> bool:
    """Whether an address names a page (a folder, .html, no extension), not a file."""
    name = posixpath.basename(relative)
    return name == "" or name.endswith((".html", ".htm")) or "." not in name


def content_type(path: Path) -> str:
    kind, _ = mimetypes.guess_type(path.name)
    return kind or "application/octet-stream"
