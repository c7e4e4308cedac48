"""Running `python build.py edit` as an editor does, for the tests: its link and its stop."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from conftest import ROOT
from preview_server import free_port

_LINK = re.compile(r"http://127\.0\.0\.1:\d+/__edit/enter\?token=[A-Za-z0-9_-]+")


class EditProcess:
    """`python build.py edit --no-open` on a free port, with its output collected."""

    def __init__(self, root: Path, *args: str):
        self.root = root
        self.port = free_port()
        self.output: list[str] = []
        self.lines: queue.Queue[str] = queue.Queue()
        (root / "build.py").write_bytes((ROOT / "build.py").read_bytes())
        self.process = subprocess.Popen(
            [sys.executable, "build.py", "edit", "--no-open", "--port", str(self.port), *args],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"},
        )
        threading.Thread(target=self._read, daemon=True).start()
        self.link = self._wait_for_link()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)
            self.lines.put(line)

    def _wait_for_link(self, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            found = _LINK.search(line)
            if found:
                return found.group(0)
        self.stop()
        raise AssertionError("no link; output:\n" + "".join(self.output))

    def stop(self) -> int:
        """Ctrl+C, as an editor stops it; the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
