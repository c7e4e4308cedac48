"""`python build.py --explain TARGET`: what a page or file read, and what changed since."""

from __future__ import annotations

from sitegen.core.problems import ContentError, Problem
from sitegen.core.project import Project
from sitegen.core.reporting import EXIT_OK, EXIT_PROBLEMS, print_problems, say
from sitegen.incremental.explain import explain
from sitegen.pipeline import prepare


def run(project: Project, target: str, use_cache: bool = True) -> int:
    """Print the answer for target; return the exit code."""
    try:
        now = prepare(project, use_cache)
    except ContentError as error:
        print_problems(error.problems, project.root)
        return EXIT_PROBLEMS
    lines = explain(now, target, use_cache)
    if lines is None:
        print_problems([Problem.of("E020", target=target)])
        return EXIT_PROBLEMS
    for line in lines:
        say(line)
    return EXIT_OK
