"""`python build.py serve`: build into a private folder, serve it, rebuild on every save.

The read-only preview: the preview's WSGI application alone on the server `edit` uses too
(`sitegen/preview/server.py`), on any interface `--host` names (a phone on the LAN).
"""

from __future__ import annotations

import errno
import shutil
import sys
import tempfile
import webbrowser
from pathlib import Path

from sitegen.core.messages import text
from sitegen.core.problems import Problem
from sitegen.core.project import Project
from sitegen.core.reporting import EXIT_OK, EXIT_PROBLEMS, print_problems
from sitegen.pipeline import BuildResult
from sitegen.preview.server import listen, serve_until_stopped
from sitegen.preview.site_app import PreviewSite
from sitegen.preview.state import Preview

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def run(project: Project, host: str, port: int, open_browser: bool) -> int:
    """Run the preview until Ctrl+C; return the exit code."""
    folder = Path(tempfile.mkdtemp(prefix="sitegen-preview-"))
    preview = Preview(project, folder / "site", report=_reporter(project))
    try:
        server = listen(PreviewSite(preview), host, port)
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        return _cannot_listen(exc, host, port)

    def started() -> None:
        url = f"http://{_shown_host(host)}:{server.port}{preview.base_path}"
        print(text("serve_url", url=url), flush=True)
        if host not in LOOPBACK:
            print(text("serve_exposed", host=host), file=sys.stderr, flush=True)
        if open_browser:
            webbrowser.open(url)

    try:
        serve_until_stopped(server, preview, started)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(text("serve_stopped"), flush=True)
    return EXIT_OK


def _cannot_listen(exc: OSError, host: str, port: int) -> int:
    if exc.errno == errno.EADDRINUSE:
        print(text("port_in_use", port=port, suggestion=port + 1), file=sys.stderr)
    else:
        detail = exc.strerror or str(exc)
        print(text("cannot_listen", host=host, port=port, detail=detail), file=sys.stderr)
    return EXIT_PROBLEMS


def _shown_host(host: str) -> str:
    if host in ("0.0.0.0", "::", ""):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def _reporter(project: Project):
    """Print each build's outcome the way the build command does."""
    first = [True]

    def report(result: BuildResult | None, problems: list[Problem]) -> None:
        if problems:
            print_problems(problems, project.root, fold=True)
            print(text("serve_failed"), file=sys.stderr, flush=True)
            return
        assert result is not None
        if first[0]:
            print_problems(result.warnings, project.root, fold=True)
            first[0] = False
        print(
            text("serve_built", files=result.files, ms=result.milliseconds),
            flush=True,
        )

    return report
