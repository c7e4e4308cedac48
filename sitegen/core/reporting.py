"""What every command prints of problems, and the exit codes every command returns."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from sitegen.core.problems import Problem

EXIT_OK = 0
EXIT_PROBLEMS = 1  # the content, the settings or the server: something the user can fix
EXIT_USAGE = 2  # the command line itself
EXIT_INTERRUPTED = 130  # Ctrl+C, as shells report it


def print_problems(
    problems: Iterable[Problem], root: Path | None = None, stream: TextIO | None = None
) -> None:
    """Each problem as `path:line:column: CODE 種別: message`, its hint below it."""
    out = sys.stderr if stream is None else stream
    for problem in problems:
        print(problem.format(root), file=out)
    out.flush()


def say(text: str, stream: TextIO | None = None) -> None:
    """One line for the user, flushed at once (the preview's lines must not wait)."""
    print(text, file=sys.stdout if stream is None else stream, flush=True)
