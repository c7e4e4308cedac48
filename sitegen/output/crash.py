"""Crash points for the test that kills a build while it writes and swaps its output.

`SITEGEN_CRASH_AT=step` (or `step:n`, the n-th passage) stops the build when it reaches that
step: it says so on standard error and waits there, for the test to kill its whole process
group (SIGKILL), the way a power cut or `kill -9` would. Unset (always, outside
tests/output/test_kill.py), a step costs one comparison.
"""

from __future__ import annotations

import os
import sys
import time

_AT = os.environ.get("SITEGEN_CRASH_AT", "")
_STEP, _, _NTH = _AT.partition(":")
_passed: dict[str, int] = {}
SAID = "sitegen crash point"


def point(step: str) -> None:
    """Wait here to be killed if the environment names this step (and this passage)."""
    if step != _STEP:
        return
    _passed[step] = _passed.get(step, 0) + 1
    if _passed[step] >= int(_NTH or 1):
        sys.stderr.write(f"{SAID}: {step}\n")
        sys.stderr.flush()
        while True:
            time.sleep(60)
