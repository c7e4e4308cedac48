"""`python build.py edit`: the preview with the browser editor, on loopback only."""

from __future__ import annotations

import errno
import shutil
import signal
import sys
import tempfile
import threading
import webbrowser
from pathlib import Path

from sitegen.commands.serve import _reporter
from sitegen.core.messages import editor_text, text
from sitegen.core.project import Project
from sitegen.core.reporting import EXIT_OK, EXIT_PROBLEMS
from sitegen.editor import server
from sitegen.editor.app import Editor, create_app
from sitegen.editor.security import ENTRY_PATH, Keys
from sitegen.preview.state import Preview
from sitegen.preview.watcher import Watcher


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
    watcher = Watcher(project.sources, preview.rebuild)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)
    link = f"http://{server.LOOPBACK}:{httpd.server_port}{ENTRY_PATH}?token={keys.token}"
    try:
        watcher.record()
        preview.rebuild()
        watcher.start()
        server.record(project, httpd.server_port, editor.identity, link)
        print(editor_text("edit_url", url=link), flush=True)
        if open_browser:
            webbrowser.open(link)
        httpd.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.forget(project, editor.identity)
        watcher.stop()
        preview.close()
        httpd.server_close()
        shutil.rmtree(folder, ignore_errors=True)
    print(editor_text("edit_stopped"), flush=True)
    return EXIT_OK


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


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
