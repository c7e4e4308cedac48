"""`python build.py edit`: the preview with the browser editor, on loopback only.

The same server, preview state, watcher and preview answers as `serve`
(`sitegen/preview/server.py: serve_until_stopped`); the editor's Flask application adds its pages
and its session in front of the preview's (`sitegen/editor/preview_routes.py`).
"""

from __future__ import annotations

import errno
import shutil
import sys
import tempfile
import webbrowser
from pathlib import Path

from sitegen.commands.serve import _reporter
from sitegen.core.messages import editor_text, text
from sitegen.core.project import Project
from sitegen.core.reporting import EXIT_OK, EXIT_PROBLEMS
from sitegen.editor import server
from sitegen.editor.app import Editor, create_app
from sitegen.editor.security import ENTRY_PATH, Keys
from sitegen.preview.server import serve_until_stopped
from sitegen.preview.state import Preview


def run(project: Project, port: int | None, open_browser: bool) -> int:
    """Run the editor until Ctrl+C (or print the link of the one already running)."""
    link = server.running_link(project)
    if link is not None:
        print(editor_text("edit_running", url=link), flush=True)
        if open_browser:
            webbrowser.open(link)
        return EXIT_OK
    folder = Path(tempfile.mkdtemp(prefix="sitegen-edit-"))
    preview = Preview(project, folder / "site", report=_reporter(project))
    keys = Keys()
    editor = Editor(project, keys, preview)
    try:
        httpd = server.listen(create_app(editor), port)
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        return _cannot_listen(exc, port)
    link = f"http://{server.LOOPBACK}:{httpd.port}{ENTRY_PATH}?token={keys.token}"

    def started() -> None:
        server.record(project, httpd.port, editor.identity, link)
        print(editor_text("edit_url", url=link), flush=True)
        if open_browser:
            webbrowser.open(link)

    try:
        serve_until_stopped(httpd, preview, started)
    finally:
        server.forget(project, editor.identity)
        shutil.rmtree(folder, ignore_errors=True)
    print(editor_text("edit_stopped"), flush=True)
    return EXIT_OK


def _cannot_listen(exc: OSError, port: int | None) -> int:
    shown = port if port is not None else server.FIRST_PORT
    if exc.errno == errno.EADDRINUSE:
        print(text("port_in_use", port=shown, suggestion=shown + 1), file=sys.stderr)
    else:
        detail = exc.strerror or str(exc)
        print(
            text("cannot_listen", host=server.LOOPBACK, port=shown, detail=detail), file=sys.stderr
        )
    return EXIT_PROBLEMS
