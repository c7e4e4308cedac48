"""`python build.py serve`: build into a private folder, serve it, rebuild on every save."""

from __future__ import annotations

import errno
import shutil
import signal
import sys
import tempfile
import webbrowser
from pathlib import Path

from sitegen.core.messages import text
from sitegen.core.problems import Problem
from sitegen.core.project import Project
from sitegen.core.reporting import EXIT_OK, EXIT_PROBLEMS, print_problems
from sitegen.pipeline import BuildResult
from sitegen.preview.http_server import PreviewServer
from sitegen.preview.state import Preview
from sitegen.preview.watcher import Watcher

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def run(project: Project, host: str, port: int, open_browser: bool) -> int:
    """Run the preview until Ctrl+C; return the exit code."""
    folder = Path(tempfile.mkdtemp(prefix="sitegen-preview-"))
    preview = Preview(project, folder / "site", report=_reporter(project))
    try:
        server = PreviewServer((host, port), preview)
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        return _cannot_listen(exc, host, port)
    watcher = Watcher(project.sources, preview.rebuild)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        # Record the files first, so a save made during the first build is built after it;
        # the watching thread starts after that build, which can then use every core.
        watcher.record()
        preview.rebuild()
        watcher.start()
        url = f"http://{_shown_host(host)}:{server.server_address[1]}{preview.base_path}"
        print(text("serve_url", url=url), flush=True)
        if host not in LOOPBACK:
            print(text("serve_exposed", host=host), file=sys.stderr, flush=True)
        if open_browser:
            webbrowser.open(url)
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
        preview.close()
        server.server_close()
        shutil.rmtree(folder, ignore_errors=True)
    print(text("serve_stopped"), flush=True)
    return EXIT_OK


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


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
            print_problems(problems, project.root)
            print(text("serve_failed"), file=sys.stderr, flush=True)
            return
        assert result is not None
        if first[0]:
            print_problems(result.warnings, project.root)
            first[0] = False
        print(
            text("serve_built", files=result.files, ms=result.milliseconds),
            flush=True,
        )

    return report
