"""Running `python build.py serve` (and `edit`) as an editor does, for the tests."""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from conftest import ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServeProcess:
    """`python build.py serve` on a free port, with its output collected line by line."""

    command = ("serve",)

    def __init__(self, root: Path, *args: str):
        self.port = free_port()
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        (root / "build.py").write_bytes((ROOT / "build.py").read_bytes())
        self.process = subprocess.Popen(
            [sys.executable, "build.py", *self.command, "--port", str(self.port), *args],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"},
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)
            self.lines.put(line)

    def wait_for(self, fragment: str, timeout: float = 30) -> str:
        """The first line (from now on) that contains fragment."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            if fragment in line:
                return line
        raise AssertionError(f"no line with {fragment!r}; output so far:\n{''.join(self.output)}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str) -> tuple[int, str]:
        """A raw GET of path, sent exactly as written (no client-side normalising)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def fetch(
        self,
        path: str,
        method: str = "GET",
        headers: dict[str, str] | None = None,
        body: str | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        """A raw request of path: the status, the headers (lower-case names) and the body."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            found = {name.lower(): value for name, value in response.getheaders()}
            return response.status, found, response.read()
        finally:
            connection.close()

    def epoch(self) -> int:
        """How many builds the server has finished."""
        return json.loads(self.get("/__sitegen/reload?since=-1")[1])["epoch"]

    def stop(self) -> int:
        """Ctrl+C, as an editor stops it; the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        # It ends the build under way first: seconds on a loaded machine. A minute is the
        # bound for a preview that never stops (how fast it stops is test_ctrl_c_stops_cleanly's).
        try:
            return self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise


class EditServer(ServeProcess):
    """`python build.py edit --no-open` on a free port, entered as its link is opened: its
    requests carry the session cookie."""

    command = ("edit", "--no-open")

    def __init__(self, root: Path, *args: str):
        super().__init__(root, *args)
        line = self.wait_for("/__edit/enter?token=", timeout=60)
        found = re.search(r"http://127\.0\.0\.1:\d+(/__edit/enter\?token=[\w-]+)", line)
        assert found, line
        self.link = self.url + found.group(1)
        status, headers, _ = super().fetch(found.group(1))
        assert status == 302, status
        self.cookie = headers["set-cookie"].split(";", 1)[0]

    def fetch(
        self,
        path: str,
        method: str = "GET",
        headers: dict[str, str] | None = None,
        body: str | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        return super().fetch(path, method, {"Cookie": self.cookie, **(headers or {})}, body)
