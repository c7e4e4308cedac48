"""What every command prints of problems, and the exit codes every command returns."""

from __future__ import annotations

import dataclasses
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


# Files shown for one note's code: W601 on 3,664 pages of 10,000 filled the terminal and
# hid the line saying the site was built (`check` lists them all).
FILES_SHOWN = 10


@dataclass(frozen=True)
class Group:
    """A problem, and the notes of the same code in the same file folded under it."""

    first: Problem
    more: tuple[Problem, ...] = ()
    # The last group shown of a code: its notes in how many other files are not shown.
    other_files: int = 0
    other_notes: int = 0

    def lines(self) -> str:
        """Where the folded notes are: "9 行目、13 行目"."""
        return "、".join(text("error_line", line=p.line) for p in self.more if p.line) or "-"


def grouped(problems: Iterable[Problem]) -> list[Group]:
    """Errors first, each alone; then the notes, those of one code in one file as one group,
    and of one code at most FILES_SHOWN groups, the last saying how many are not.

    A note repeated at every figure of a file (W301) or on every page (W601) must not push
    the error that stops the build out of sight: it is shown once, with where the others are.
    """
    unique = list(dict.fromkeys(problems))
    groups = [Group(p) for p in unique if not p.is_warning]
    notes: dict[tuple[str, Path | None], list[Problem]] = {}
    for problem in unique:
        if problem.is_warning:
            key = (problem.code, problem.path if problem.path is not None else Path(problem.text))
            notes.setdefault(key, []).append(problem)
    by_code: dict[str, list[Group]] = {}
    for found in notes.values():
        by_code.setdefault(found[0].code, []).append(Group(found[0], tuple(found[1:])))
    for code_groups in by_code.values():
        if len(code_groups) > FILES_SHOWN:
            hidden = code_groups[FILES_SHOWN:]
            count = sum(1 + len(g.more) for g in hidden)
            del code_groups[FILES_SHOWN:]
            code_groups[-1] = dataclasses.replace(
                code_groups[-1], other_files=len(hidden), other_notes=count
            )
    return groups + [g for found in notes.values() for g in by_code.pop(found[0].code, [])]


def folded_lines(group: Group) -> list[str]:
    """The lines saying what a group folded: the same note's other lines, its other files."""
    code = group.first.code
    lines = []
    if group.more:
        lines.append(text("folded_notes", code=code, count=len(group.more), lines=group.lines()))
    if group.other_files:
        count = dict(files=group.other_files, notes=group.other_notes)
        lines.append(text("folded_files", code=code, **count))
    return lines


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
            for line in folded_lines(group):
                print(line, file=out)
    out.flush()


def say(text: str, stream: TextIO | None = None) -> None:
    """One line for the user, flushed at once (the preview's lines must not wait)."""
    print(text, file=sys.stdout if stream is None else stream, flush=True)
