"""Headless Chromium for the tests, and a static server to point it at."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without these, Chromium on a machine with no outside network stalls on its own requests.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> None:
    """Skip on a laptop without Chromium; never skip in CI, where it must be installed."""
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return
    if os.environ.get("CI"):
        pytest.fail(f"Chromium is required in CI but {CHROMIUM} is missing")
    pytest.skip(f"no Chromium at {CHROMIUM}")


@contextlib.contextmanager
def static_server(folder: Path, handler: type | None = None) -> Iterator[str]:
    """Serve folder on a free loopback port (with handler, a request handler class, if
    given); yield its base URL."""
    handler = functools.partial(handler or _QuietHandler, directory=str(folder))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


class _Server(http.server.ThreadingHTTPServer):
    # Chromium opens six connections at once; the default backlog of 5 drops SYNs on a busy
    # machine, and each is retried only after 1, 2, 4... s (a navigation timed out in CI).
    request_queue_size = 64
    daemon_threads = True


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


# One Chromium per test process, started by the first test that asks and closed when the run
# ends (`close_chromium`, from conftest.py): starting it costs about a second of CPU, and the
# suite has dozens of browser tests. Tests stay apart: each opens its own contexts (cookies,
# storage, cache), and what a test left open is closed when its `chromium()` block ends.
_shared: dict[str, object] = {}


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A Playwright browser driving the system's Chromium (this process's shared one)."""
    require_chromium()
    browser = _launched()
    before = list(browser.contexts)
    try:
        yield browser
    finally:
        for context in browser.contexts:
            if context not in before:
                context.close()


def _launched() -> object:
    """The shared browser, launched again if it has crashed or a test closed it."""
    browser = _shared.get("browser")
    if browser is not None and browser.is_connected():
        return browser
    from playwright.sync_api import sync_playwright

    if "playwright" not in _shared:
        _shared["playwright"] = sync_playwright().start()
    playwright = _shared["playwright"]
    _shared["browser"] = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    return _shared["browser"]


def close_chromium() -> None:
    """Close the shared browser and Playwright's driver (at the end of the run)."""
    browser, playwright = _shared.pop("browser", None), _shared.pop("playwright", None)
    with contextlib.suppress(Exception):
        if browser is not None:
            browser.close()
    if playwright is not None:
        playwright.stop()
