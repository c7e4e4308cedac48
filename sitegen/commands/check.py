"""`python build.py check`: every problem of the content, without writing anything."""

from __future__ import annotations

import sys

from sitegen.core.messages import text
from sitegen.core.problems import ContentError, Problem
from sitegen.core.project import Project
from sitegen.core.reporting import EXIT_OK, EXIT_PROBLEMS, print_problems, say
from sitegen.incremental.caches import scratch_folder
from sitegen.pipeline import render_site
from sitegen.validate.links import check_external


def run(project: Project, external: bool = False) -> int:
    """Print every problem and a count of errors and notes; return the exit code."""
    problems = check_project(project, external)
    errors = [p for p in problems if not p.is_warning]
    print_problems(problems, project.root, sys.stdout)
    say(text("checked", errors=len(errors), warnings=len(problems) - len(errors)))
    return EXIT_PROBLEMS if errors else EXIT_OK


def check_project(project: Project, external: bool = False) -> list[Problem]:
    """Errors and warnings of a full build (and of outside links when asked); nothing is written."""
    try:
        # As the preview builds it: drafts and pages dated after today are checked too;
        # pages the preview or an earlier check made are reused from the page cache.
        with scratch_folder(project) as folder:
            rendered = render_site(project, write_to=folder, preview=True)
    except ContentError as error:
        return error.problems
    problems = list(rendered.warnings)
    if external:
        problems = check_external(rendered.external) + problems
    return problems
