"""The build: read all content, validate it, render everything, write it at once."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from . import assets as asset_files
from .content import load_site
from .errors import Problem
from .output import write_atomic
from .project import Project
from .render import render_pages, robots, sitemap
from .templating import make_environment, template_names
from .validate import validate_site


@dataclass(frozen=True)
class BuildResult:
    """What a successful build made."""

    out: Path
    pages: int
    files: int
    milliseconds: int
    warnings: list[Problem]


def render_site(project: Project) -> tuple[dict[str, bytes], int, list[Problem]]:
    """Every output file by path, the page count and the warnings; nothing is written."""
    site = load_site(project)
    templates = template_names(project.templates)
    warnings = validate_site(site, templates)
    manifest = asset_files.collect(project.assets)
    env = make_environment(
        project.templates, site.base_path, {name: out for name, (out, _) in manifest.items()}
    )
    files = render_pages(site, env, project.templates)
    files.update({out: data for out, data in manifest.values()})
    files["sitemap.xml"] = sitemap(site)
    files["robots.txt"] = robots(site)
    return files, len(site.pages), warnings


def build(project: Project, out: Path) -> BuildResult:
    """Build the site into out; raise ContentError, leaving out untouched, if it cannot."""
    started = time.perf_counter()
    files, pages, warnings = render_site(project)
    write_atomic(files, out)
    elapsed = round((time.perf_counter() - started) * 1000)
    return BuildResult(out, pages, len(files), elapsed, warnings)
