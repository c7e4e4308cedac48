"""The one server of `serve` and `edit`: Werkzeug's threaded WSGI server, and its run.

A thread per connection, as the preview needs: a browser's reload request is held open for
seconds while pages keep being served. The socket is bound here, not by Werkzeug, whose
server prints an English line and exits when a port is taken: the commands say it in
Japanese instead, and `edit` tries the next port.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
from collections.abc import Callable
from typing import Any

from werkzeug.serving import (
    LISTEN_QUEUE,
    BaseWSGIServer,
    get_sockaddr,
    make_server,
    select_address_family,
)

from sitegen.preview.state import Preview
from sitegen.preview.watcher import Watcher


def listen(app: Any, host: str, port: int) -> BaseWSGIServer:
    """A threaded server for the WSGI application app on host:port; OSError if it cannot."""
    # The terminal is for build results and the link; a line per request would drown them.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    family = select_address_family(host, port)
    with socket.socket(family, socket.SOCK_STREAM) as bound:
        if os.name == "posix":
            # Reuse a port whose last connections are still closing (TIME_WAIT). On Windows
            # the option would let two servers share a port: left off there.
            bound.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        bound.bind(get_sockaddr(host, port, family))
        bound.listen(LISTEN_QUEUE)
        # Werkzeug takes a duplicate of the listening socket; this one closes on leaving.
        return make_server(host, port, app, threaded=True, fd=bound.fileno())


def serve_until_stopped(
    server: BaseWSGIServer, preview: Preview, started: Callable[[], None]
) -> None:
    """Build, watch the sources and answer requests until Ctrl+C (or SIGTERM); then stop all.

    The files are recorded before the first build, so a save made during it is built after
    it; the watching thread starts after that build, which can then use every core.
    """
    watcher = Watcher(preview.project.sources, preview.rebuild)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        watcher.record()
        preview.rebuild()
        watcher.start()
        started()
        server.serve_forever(poll_interval=0.2)  # Werkzeug's returns on Ctrl+C
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
        preview.close()
        server.server_close()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
