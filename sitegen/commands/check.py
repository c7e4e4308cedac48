"""`python build.py check`: every problem of the content, without writing anything."""

from __future__ import annotations

from sitegen.build.pipeline import render_site
from sitegen.core.problems import ContentError, Problem
from sitegen.core.project import Project
from sitegen.validate.links import check_external


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
