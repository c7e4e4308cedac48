"""The editor's Flask application: its guards on every request, its pages, the preview beside.

Flask (on Werkzeug) gives the signed session cookie, form parsing with size limits and the
templates; the routes are in `views` (files and history) and `preview_routes` (the site).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, Response, render_template, request, session
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from sitegen.core.messages import EDITOR, editor_text
from sitegen.core.project import Project
from sitegen.editor import security
from sitegen.editor.history import History

PREFIX = "/__edit"
STATIC = PREFIX + "/static"
ALIVE = PREFIX + "/alive"
# A page's Markdown and its fields fit many times over; a form larger than this is not ours.
MOST_BODY = 2 * 1024 * 1024
MOST_FIELD = 1024 * 1024
MOST_FIELDS = 5000
_HERE = Path(__file__).parent
_OPEN = (security.ENTRY_PATH, ALIVE)
_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "frame-ancestors 'self'; form-action 'self'; base-uri 'none'; object-src 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    # Not no-referrer: with it, browsers send `Origin: null` on our own form posts.
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


class Editor:
    """What the routes share: the project, the secrets, the history and the preview."""

    def __init__(self, project: Project, keys: security.Keys, preview: Any = None):
        self.project = project
        self.keys = keys
        self.history = History(project)
        self.preview = preview
        self.identity = keys.cookie


def create_app(editor: Editor) -> Flask:
    """The Flask application of one running editor."""
    app = Flask(
        __name__,
        static_folder=str(_HERE / "static"),
        static_url_path=STATIC,
        template_folder=str(_HERE / "templates"),
    )
    app.config.update(
        SECRET_KEY=editor.keys.secret,
        SESSION_COOKIE_NAME=editor.keys.cookie,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        MAX_CONTENT_LENGTH=MOST_BODY,
        MAX_FORM_MEMORY_SIZE=MOST_FIELD,
        MAX_FORM_PARTS=MOST_FIELDS,
    )
    app.extensions["sitegen_editor"] = editor
    app.jinja_env.globals.update(t=editor_text, T=EDITOR, prefix=PREFIX)
    from sitegen.editor import photos

    app.before_request(photos.allow_photo_size)  # photo uploads' own limit, before the form is read
    app.before_request(_guard)
    app.after_request(_headers)
    app.register_error_handler(HTTPException, _http_error)
    from sitegen.editor import preview_routes, publish_views, views

    views.register(app)
    photos.register(app)
    preview_routes.register(app)
    publish_views.register(app)
    return app


def current() -> Editor:
    from flask import current_app

    return current_app.extensions["sitegen_editor"]


def refusal(title: str, text: str, status: int, posted: dict[str, str] | None = None) -> Response:
    """A Japanese page saying why a request was refused, with what was posted shown again."""
    page = render_template("refused.html", title=title, text=text, posted=posted or {})
    return Response(page, status, content_type="text/html; charset=utf-8")


def posted_texts() -> dict[str, str]:
    """What the refused request carried, minus its tokens, to be shown again."""
    try:
        form = request.form
    except RequestEntityTooLarge:
        return {}
    hidden = {security.CSRF_FIELD, "sha", "op", "password"}  # a password is never shown
    return {k: v for k, v in form.items() if k not in hidden and v.strip() and "__" not in k}


def _guard() -> Response | None:
    if security.host_refused(request.host):
        return refusal(editor_text("host_title"), editor_text("host_text"), 421)
    if request.path.startswith(_OPEN) or request.path.startswith(STATIC):
        return None
    if not session.get("entered"):
        from sitegen.setup.bootstrap import command

        text = editor_text("refused_text", command=command(["edit"]))
        posted = posted_texts() if request.method == "POST" else {}
        return refusal(editor_text("refused_title"), text, 403, posted)
    if request.method in security.SAFE_METHODS:
        return None
    if not security.same_origin(
        request.headers.get("Origin"), request.headers.get("Sec-Fetch-Site"), request.host
    ):
        return refusal(editor_text("origin_title"), editor_text("origin_text"), 403)
    if not security.csrf_matches(session.get("csrf"), request.form.get(security.CSRF_FIELD)):
        return refusal(editor_text("csrf_title"), editor_text("csrf_text"), 403, posted_texts())
    return None


def _headers(response: Response) -> Response:
    if request.path.startswith(PREFIX):
        for name, value in _HEADERS.items():
            response.headers.setdefault(name, value)
    response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    return response


def _http_error(error: HTTPException) -> Response:
    """Werkzeug's refusals in Japanese (its own descriptions are English)."""
    if isinstance(error, RequestEntityTooLarge):
        limit = f"{MOST_BODY // (1024 * 1024)} MB"
        text = editor_text("too_large_text", limit=limit)
        return refusal(editor_text("too_large_title"), text, 413, posted_texts())
    if error.code == 404:
        return refusal(editor_text("not_found_title"), editor_text("no_such_page"), 404)
    return refusal(
        editor_text("bad_request_title"), editor_text("bad_request_text"), error.code or 400
    )
