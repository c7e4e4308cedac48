"""`python build.py check`: every problem of the content, without writing anything."""

from __future__ import annotations

from .errors import ContentError, Problem
from .links import check_external
from .pipeline import render_site
from .project import Project


def check_project(project: Project, external: bool = False) -> list[Problem]:
    """Errors and warnings of a full build (and of outside links when asked); nothing is written."""
    try:
        rendered = render_site(project)
    except ContentError as error:
        return error.problems
    problems = list(rendered.warnings)
    if external:
        problems = check_external(rendered.external) + problems
    return problems
