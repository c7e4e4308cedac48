"""The build: read all content, validate it, render everything, write it at once.

`Builder` owns both the full build and "rebuild what these changed files touch", so that the
build command, the preview and a future cache all go through the same steps.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import jinja2

from sitegen.build import assets as asset_files
from sitegen.build.hosting import htaccess, netlify_headers
from sitegen.build.missing import declared_fields
from sitegen.build.output import Staging
from sitegen.build.render import render_pages, robots, sitemap
from sitegen.build.sections import Parts, render_sections, template_ids
from sitegen.build.security import style_hash
from sitegen.build.source_checks import check_sources
from sitegen.build.templating import make_environment, template_names
from sitegen.core.files import replace_file
from sitegen.core.problems import ContentError, Problem
from sitegen.core.project import Project
from sitegen.source.site import Page, Site, load_page, read_site
from sitegen.validate.links import Scanned, check_links
from sitegen.validate.models import SiteModels, load_models
from sitegen.validate.site_rules import check_page, check_site


@dataclass(frozen=True)
class BuildResult:
    """What a successful build made."""

    out: Path
    pages: int
    files: int
    milliseconds: int
    warnings: list[Problem]


@dataclass(frozen=True)
class Rendered:
    """A whole site rendered, and what a partial rebuild can reuse of it."""

    site: Site
    models: SiteModels
    parts: Parts  # the sections, converted
    files: dict[str, bytes]  # the files other than pages (pages too, unless written out)
    outputs: frozenset[str]  # every file the build makes
    scans: dict[str, Scanned]  # links and ids of each page
    warnings: list[Problem]
    env: jinja2.Environment
    templates: list[str]
    assets: dict[str, str]
    external: dict[str, Page]  # outside addresses, each with a page that links to it


def render_site(project: Project, write_to: Path | None = None) -> Rendered:
    """Read, validate and render every output file.

    Pages are kept in memory, or with write_to written into that folder as they are
    rendered (a large site's HTML need not fit in memory); other files are always kept.
    A site with errors is not rendered: the one ContentError raised lists the problems of
    every file (those that could not be read, and the models, bodies and links of the rest)
    with every warning.
    """
    site, models, problems = _read(project)
    templates = template_names(project.templates)
    manifest = asset_files.collect(project.assets)
    assets = {name: out for name, (out, _) in manifest.items()}
    if models is not None:
        problems += check_site(site, models, templates, manifest.keys())
    if _has_errors(problems):
        ids = template_ids(project.templates)
        problems += check_sources(project, site, assets, ids)
        raise ContentError(_in_order(problems))
    if models is None:  # unreadable models are errors: not reached
        raise ContentError(problems)
    warnings = problems
    styles = [
        style_hash(data.decode("utf-8"))
        for name, (_, data) in manifest.items()
        if name.endswith(".css")
    ]
    env = make_environment(
        project.templates, site.settings["url"], site.base_path, manifest, styles
    )
    ids = template_ids(project.templates)
    folder = project.content / "sections"
    parts = render_sections(site.sections, assets, site.base_path, ids, folder)
    warnings += [p for p in parts.problems if p.is_warning]
    if _has_errors(parts.problems):
        raise ContentError(_in_order(parts.problems + warnings))
    try:
        declared = declared_fields(site, models)
        pages = render_pages(
            site, env, project.templates, assets, parts, write_to=write_to, declared=declared
        )
    except ContentError as error:
        raise ContentError(_in_order(error.problems + warnings)) from None
    warnings += pages.warnings
    files = dict(pages.files)
    files.update({out: data for out, data in manifest.values()})
    files["sitemap.xml"] = sitemap(site)
    files["robots.txt"] = robots(site)
    hsts = bool(site.settings.get("security", {}).get("hsts", False))
    files[".htaccess"] = htaccess(site.base_path, styles, hsts)
    files["_headers"] = netlify_headers(site.base_path, styles, hsts)
    outputs = frozenset(files) | frozenset(pages.outputs)
    warnings += pages.warnings
    problems, external = check_links(site, outputs, pages.scans)
    if problems:
        raise ContentError(_in_order(problems + warnings))
    warnings = list(dict.fromkeys(warnings))
    return Rendered(
        site, models, parts, files, outputs, pages.scans, warnings, env, templates, assets, external
    )


def _has_errors(problems: list[Problem]) -> bool:
    return any(not p.is_warning for p in problems)


def _in_order(problems: list[Problem]) -> list[Problem]:
    """Errors before warnings, each problem once (a page's and a section's may coincide)."""
    unique = list(dict.fromkeys(problems))
    return [p for p in unique if not p.is_warning] + [p for p in unique if p.is_warning]


def _read(project: Project) -> tuple[Site, SiteModels | None, list[Problem]]:
    """Every content file that can be read, the site's models, and the problems of the rest."""
    site, problems = read_site(project)
    models = None
    try:
        models = load_models(project.models)
    except ContentError as error:
        problems += error.problems
    return site, models, problems


class Builder:
    """Builds a project into a folder, and rebuilds only what a change touches when it can."""

    def __init__(self, project: Project, out: Path):
        self.project = project
        self.out = out
        self.state: Rendered | None = None

    def build(self) -> BuildResult:
        """Build everything; raise ContentError, leaving out untouched, if it cannot."""
        started = time.perf_counter()
        with Staging(self.out) as staging:
            rendered = render_site(self.project, write_to=staging.path)
            staging.write(rendered.files)
            staging.commit()
        self.state = rendered
        return _result(rendered, self.out, started)

    def rebuild(self, changed: Collection[Path]) -> BuildResult:
        """Rebuild after changes to these source files: their pages alone when that is enough."""
        pages = self._changed_pages(changed)
        if pages is None or self.state is None:
            return self.build()
        started = time.perf_counter()
        state = self.state
        problems = [p for page in pages for p in check_page(page, state.models, state.templates)]
        if _has_errors(problems):
            raise ContentError(_in_order(problems))
        by_source = {page.source: page for page in pages}
        site = dataclasses.replace(
            state.site, pages=tuple(by_source.get(p.source, p) for p in state.site.pages)
        )
        declared = declared_fields(site, state.models)
        rendered = render_pages(
            site,
            state.env,
            self.project.templates,
            state.assets,
            state.parts,
            only=pages,
            declared=declared,
        )
        scans = {**state.scans, **rendered.scans}
        problems, external = check_links(site, state.outputs, scans, pages)
        if problems:
            raise ContentError(problems + rendered.warnings)
        for relative, data in rendered.files.items():
            replace_file(self.out / relative, data)
        # The rebuilt pages' notes replace the ones they had.
        warnings = [w for w in state.warnings if w.path not in by_source] + rendered.warnings
        self.state = dataclasses.replace(
            state,
            site=site,
            scans=scans,
            external={**state.external, **external},
            warnings=warnings,
        )
        return _result(self.state, self.out, started, files=len(rendered.files))

    def _changed_pages(self, changed: Collection[Path]) -> list[Page] | None:
        """The re-read pages, if every change is to the text of a known page; else None."""
        if self.state is None or not changed:
            return None
        known = {page.source: page for page in self.state.site.pages}
        pages = []
        for path in changed:
            old = known.get(path)
            if old is None or not path.is_file():
                return None
            page = load_page(self.project, path, self.state.site.base_path)
            # Titles and templates can show on other pages (and in the sitemap): rebuild all.
            if page.meta != old.meta:
                return None
            pages.append(page)
        return pages


def build(project: Project, out: Path) -> BuildResult:
    """Build the site into out; raise ContentError, leaving out untouched, if it cannot."""
    return Builder(project, out).build()


def _result(rendered: Rendered, out: Path, started: float, files: int | None = None) -> BuildResult:
    """The summary of a build that began at started (a perf_counter reading)."""
    elapsed = round((time.perf_counter() - started) * 1000)
    count = len(rendered.outputs) if files is None else files
    return BuildResult(out, len(rendered.site.pages), count, elapsed, rendered.warnings)
