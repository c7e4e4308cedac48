"""`python build.py [build]`: the site into dist/ (or --out), or every problem found."""

from __future__ import annotations

import sys
from pathlib import Path

from sitegen.core.messages import text
from sitegen.core.problems import ContentError
from sitegen.core.project import Project
from sitegen.core.reporting import EXIT_OK, EXIT_PROBLEMS, print_problems, say
from sitegen.output.staging import remove_later
from sitegen.pipeline import BuildResult, build


def run(project: Project, out: Path, use_cache: bool = True) -> int:
    """Build into out and say what was made; return the exit code."""
    return EXIT_OK if built(project, out, use_cache) is not None else EXIT_PROBLEMS


def built(project: Project, out: Path, use_cache: bool = True) -> BuildResult | None:
    """Build into out and say what was made; None (with the problems printed) if it failed."""
    try:
        result = build(project, out, use_cache, remove_old=False)
    except ContentError as error:
        print_problems(error.problems, project.root)
        errors = len(error.errors)
        warnings = len(error.problems) - errors
        say(text("failed", count=errors, warnings=warnings, out=shown(out, project)), sys.stderr)
        return None
    print_problems(result.warnings, project.root)
    if result.warnings:
        say(text("warnings", count=len(result.warnings)), sys.stderr)
    made = dict(pages=result.pages, files=result.files, ms=result.milliseconds)
    say(text("built", out=shown(out, project), **made))
    remove_later(result.replaced, result.pages)
    return result


def shown(out: Path, project: Project) -> str:
    """The output folder as the user would name it: `dist/` inside the project."""
    try:
        return out.resolve().relative_to(project.root.resolve()).as_posix() + "/"
    except ValueError:
        return str(out)
