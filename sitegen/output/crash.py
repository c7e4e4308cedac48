"""Crash points for the test that kills a build while it writes and swaps its output.

`SITEGEN_CRASH_AT=step` (or `step:n`, the n-th passage) kills the build's whole process group
with SIGKILL when it reaches that step, the way a power cut or `kill -9` would. Unset (always,
outside tests/output/test_kill.py), a step costs one comparison.
"""

from __future__ import annotations

import os
import signal

_AT = os.environ.get("SITEGEN_CRASH_AT", "")
_STEP, _, _NTH = _AT.partition(":")
_passed: dict[str, int] = {}


def point(step: str) -> None:
    """Die here if the environment names this step (and this passage through it)."""
    if step != _STEP:
        return
    _passed[step] = _passed.get(step, 0) + 1
    if _passed[step] >= int(_NTH or 1) and hasattr(signal, "SIGKILL"):
        os.killpg(os.getpgid(0), signal.SIGKILL)
