"""The editor's server: the preview's server on loopback, and the one running instance.

`edit` listens with `sitegen.preview.server.listen`, the server of `serve` too (Werkzeug's
threaded server), on loopback only, from port 8000 up to the first free one.

A second `edit` in the same project finds the first through `.sitegen-history/server.json`
(readable by its owner alone: it holds the link with the token) and prints its link
instead of starting again; a file left by an editor that is gone is ignored.
"""

from __future__ import annotations

import json
import os
import urllib.request
from pathlib import Path
from typing import Any

from werkzeug.serving import BaseWSGIServer

from sitegen.core.project import Project
from sitegen.editor.history import FOLDER, History
from sitegen.preview import server as preview_server

LOOPBACK = "127.0.0.1"
INSTANCE = "server.json"
FIRST_PORT = 8000
PORTS_TRIED = 20


def instance_file(project: Project) -> Path:
    return project.root / FOLDER / INSTANCE


def running_link(project: Project) -> str | None:
    """The link of the editor already running for project, if one answers."""
    try:
        recorded = json.loads(instance_file(project).read_text(encoding="utf-8"))
        port, identity, link = int(recorded["port"]), recorded["identity"], recorded["link"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        with urllib.request.urlopen(f"http://{LOOPBACK}:{port}/__edit/alive", timeout=2) as answer:
            alive = json.loads(answer.read().decode("utf-8"))
    except (OSError, ValueError):
        return None
    if alive.get("editor") != identity or alive.get("root") != str(project.root):
        return None
    return str(link)


def record(project: Project, port: int, identity: str, link: str) -> None:
    """Write the instance file, for the owner's eyes only."""
    History(project).prepare()  # the folder, never committed
    target = instance_file(project)
    data = json.dumps({"port": port, "identity": identity, "link": link, "pid": os.getpid()})
    handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(data)


def forget(project: Project, identity: str) -> None:
    """Remove the instance file if it is this server's."""
    target = instance_file(project)
    try:
        if json.loads(target.read_text(encoding="utf-8")).get("identity") == identity:
            target.unlink()
    except (OSError, ValueError, AttributeError):
        pass


def listen(app: Any, port: int | None) -> BaseWSGIServer:
    """A threaded server for app on loopback: port, or the first free one from FIRST_PORT."""
    if port is not None:
        return preview_server.listen(app, LOOPBACK, port)
    last: OSError | None = None
    for candidate in range(FIRST_PORT, FIRST_PORT + PORTS_TRIED):
        try:
            return preview_server.listen(app, LOOPBACK, candidate)
        except OSError as exc:
            last = exc
    assert last is not None
    raise last
