"""The preview inside the editor's server: the built site, its reload notices, and on every
page a link to edit it.

It serves what `sitegen.preview` builds (the same `Preview` state, watcher and error page as
`serve`), behind the editor's Host check and session.
"""

from __future__ import annotations

import html
import json
from urllib.parse import quote

from flask import Flask, Response, redirect, request, url_for

from sitegen.core.messages import editor_text
from sitegen.editor.app import PREFIX, STATIC, current, refusal
from sitegen.editor.site_access import source_of_address
from sitegen.preview import error_page
from sitegen.preview.http_server import (
    _RELOAD_SCRIPT,
    LONG_POLL_SECONDS,
    RELOAD_PATH,
    SCRIPT_PATH,
    _content_type,
    _is_page,
    inject_reload,
    safe_path,
)

_LINK = (
    '<link rel="stylesheet" href="{css}">'
    '<p class="sitegen-edit-this"><a href="{href}">{label}</a></p>\n'
)


def register(app: Flask) -> None:
    app.add_url_rule(RELOAD_PATH, "reload", reload_notice)
    app.add_url_rule(SCRIPT_PATH, "reload_script", reload_script)
    app.add_url_rule(PREFIX + "/from", "edit_address", edit_address)
    app.add_url_rule("/", "site_top", site_file, defaults={"address": ""})
    app.add_url_rule("/<path:address>", "site", site_file)


def reload_notice() -> Response:
    preview = current().preview
    since = request.args.get("since", "-1")
    epoch = preview.wait(int(since) if since.lstrip("-").isdigit() else -1, LONG_POLL_SECONDS)
    body = json.dumps({"server": current().identity, "epoch": epoch})
    return Response(body, content_type="application/json")


def reload_script() -> Response:
    return Response(_RELOAD_SCRIPT, content_type="text/javascript; charset=utf-8")


def edit_address() -> Response:
    """ "Edit this page": from a preview address to the form of the file it was built from."""
    editor = current()
    source = source_of_address(editor.preview, request.args.get("address", ""))
    if source is None:
        return redirect(url_for("overview"))
    name = source.resolve().relative_to(editor.project.root.resolve()).as_posix()
    return redirect(url_for("file", path=name))


def site_file(address: str) -> Response:
    preview = current().preview
    if preview is None:
        return refusal(editor_text("not_found_title"), editor_text("no_such_page"), 404)
    path = "/" + address
    base = preview.base_path
    if not path.startswith(base):
        return redirect(base) if path in ("/", "") else _missing()
    relative = path[len(base) :]
    if preview.problems and _is_page(relative):
        page = error_page.render(preview.problems, preview.project.root)
        return _html(page.encode(), 500)
    target = safe_path(preview.out, relative)
    if target is not None and target.is_dir():
        if not path.endswith("/"):
            return redirect(path + "/")
        target = target / "index.html"
    if target is None or not target.is_file():
        return _missing()
    kind = _content_type(target)
    if kind == "text/html":
        return _html(target.read_bytes(), 200, path)
    return Response(target.read_bytes(), content_type=kind, headers={"Cache-Control": "no-store"})


def _missing() -> Response:
    preview = current().preview
    page = safe_path(preview.out, "404.html")
    body = page.read_bytes() if page is not None and page.is_file() else b""
    return _html(body, 404)


def _html(page: bytes, status: int, address: str = "") -> Response:
    editor = current()
    page = inject_reload(page, editor.identity, editor.preview.epoch)
    if address:
        link = _LINK.format(
            css=html.escape(STATIC + "/preview.css"),
            href=html.escape(f"{PREFIX}/from?address={quote(address)}"),
            label=html.escape(editor_text("edit_this_page")),
        )
        at = page.lower().rfind(b"</body>")
        page = page[:at] + link.encode() + page[at:] if at >= 0 else page + link.encode()
    headers = {"Cache-Control": "no-store"}
    return Response(page, status, content_type="text/html; charset=utf-8", headers=headers)
