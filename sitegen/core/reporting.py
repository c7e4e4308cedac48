"""What every command prints of problems, and the exit codes every command returns."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from sitegen.core.messages import text
from sitegen.core.problems import Problem

EXIT_OK = 0
EXIT_PROBLEMS = 1  # the content, the settings or the server: something the user can fix
EXIT_USAGE = 2  # the command line itself
EXIT_INTERRUPTED = 130  # Ctrl+C, as shells report it


@dataclass(frozen=True)
class Group:
    """A problem, and the notes of the same code in the same file folded under it."""

    first: Problem
    more: tuple[Problem, ...] = ()

    def lines(self) -> str:
        """Where the folded notes are: "9 行目、13 行目"."""
        return "、".join(text("error_line", line=p.line) for p in self.more if p.line) or "-"


def grouped(problems: Iterable[Problem]) -> list[Group]:
    """Errors first, each alone; then the notes, those of one code in one file as one group.

    A note repeated at every figure of a file (W301) must not push the error that stops
    the build out of sight: it is shown once, with where the others are.
    """
    unique = list(dict.fromkeys(problems))
    groups = [Group(p) for p in unique if not p.is_warning]
    notes: dict[tuple[str, Path | None], list[Problem]] = {}
    for problem in unique:
        if problem.is_warning:
            key = (problem.code, problem.path if problem.path is not None else Path(problem.text))
            notes.setdefault(key, []).append(problem)
    return groups + [Group(found[0], tuple(found[1:])) for found in notes.values()]


def print_problems(
    problems: Iterable[Problem],
    root: Path | None = None,
    stream: TextIO | None = None,
    fold: bool = False,
) -> None:
    """Each problem as `path:line:column: CODE 種別: message`, its hint below it.

    With fold, errors come first and repeated notes are folded (`check` lists them all).
    """
    out = sys.stderr if stream is None else stream
    if not fold:
        for problem in problems:
            print(problem.format(root), file=out)
    else:
        for group in grouped(problems):
            print(group.first.format(root), file=out)
            if group.more:
                more = dict(code=group.first.code, count=len(group.more), lines=group.lines())
                print(text("folded_notes", **more), file=out)
    out.flush()


def say(text: str, stream: TextIO | None = None) -> None:
    """One line for the user, flushed at once (the preview's lines must not wait)."""
    print(text, file=sys.stdout if stream is None else stream, flush=True)
