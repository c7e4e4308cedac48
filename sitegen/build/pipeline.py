"""The build: read all content, validate it, render everything, write it at once.

`Builder` owns both the full build and "rebuild what these changed files touch", so that the
build command, the preview and a future cache all go through the same steps.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from sitegen.build import assets as asset_files
from sitegen.build.aliases import alias_redirects
from sitegen.build.feeds import atom, feed_output
from sitegen.build.hosting import htaccess, netlify_headers, netlify_redirects
from sitegen.build.image_size import dimensions
from sitegen.build.navigation import Navigation, navigation
from sitegen.build.output import Staging
from sitegen.build.render import render_pages, robots, sitemap
from sitegen.build.sections import Parts, render_sections, template_ids
from sitegen.build.security import style_hash
from sitegen.build.templating import make_environment, template_names
from sitegen.core.files import replace_file
from sitegen.core.problems import ContentError, Problem
from sitegen.core.project import Project
from sitegen.source.addresses import Addresses
from sitegen.source.site import Page, Site, load_page, load_site
from sitegen.validate.links import Scanned, check_links, unreached
from sitegen.validate.models import SiteModels, load_models
from sitegen.validate.site_rules import check_page, validate_site


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
    nav: Navigation = field(default_factory=Navigation)
    addresses: Addresses | None = None


def render_site(project: Project, write_to: Path | None = None, preview: bool = False) -> Rendered:
    """Read, validate and render every output file.

    Pages are kept in memory, or with write_to written into that folder as they are
    rendered (a large site's HTML need not fit in memory); other files are always kept.
    A preview also builds drafts and pages dated after today (templates show a banner).
    """
    site, models = _read(project, preview)
    templates = template_names(project.templates)
    manifest = asset_files.collect(project.assets)
    warnings = validate_site(site, models, templates, manifest.keys())
    assets = {name: out for name, (out, _) in manifest.items()}
    styles = [
        style_hash(data.decode("utf-8"))
        for name, (_, data) in manifest.items()
        if name.endswith(".css")
    ]
    env = make_environment(
        project.templates, site.settings["url"], site.base_path, manifest, styles
    )
    sizes = {
        site.base_path + out: size
        for out, data in manifest.values()
        if (size := dimensions(data)) is not None
    }
    addresses = Addresses(site.all_pages, site.base_path, assets, sizes)
    parts = render_sections(
        site.sections,
        assets,
        site.base_path,
        template_ids(project.templates),
        addresses,
        project.content,
    )
    nav, problems = navigation(site, addresses)
    redirects, alias_problems = alias_redirects(site)
    problems += alias_problems + parts.problems
    if problems:
        raise ContentError(problems + warnings)
    pages = render_pages(
        site,
        env,
        project.templates,
        assets,
        parts,
        write_to=write_to,
        nav=nav,
        addresses=addresses,
    )
    files = dict(pages.files)
    files.update({out: data for out, data in manifest.values()})
    files["sitemap.xml"] = sitemap(site)
    files["robots.txt"] = robots(site)
    for page in site.pages:
        if page.listing:
            files[feed_output(page)] = atom(site, page, nav.lists[page.output])
    hsts = bool(site.settings.get("security", {}).get("hsts", False))
    files[".htaccess"] = htaccess(site.base_path, styles, hsts, redirects)
    files["_headers"] = netlify_headers(site.base_path, styles, hsts)
    if redirects:
        files["_redirects"] = netlify_redirects(redirects)
    outputs = frozenset(files) | frozenset(pages.outputs)
    problems, external = check_links(site, outputs, pages.scans)
    if problems:
        raise ContentError(problems + warnings)
    warnings += unreached(site, outputs, pages.scans, nav.menu)
    return Rendered(
        site,
        models,
        parts,
        files,
        outputs,
        pages.scans,
        warnings,
        env,
        templates,
        assets,
        external,
        nav,
        addresses,
    )


def _read(project: Project, preview: bool = False) -> tuple[Site, SiteModels]:
    """Every content file and the site's models; one error lists the problems of all."""
    problems: list[Problem] = []
    site = models = None
    try:
        site = load_site(project, preview)
    except ContentError as error:
        problems += error.problems
    try:
        models = load_models(project.models)
    except ContentError as error:
        problems += error.problems
    if site is None or models is None:
        raise ContentError(problems)
    return site, models


class Builder:
    """Builds a project into a folder, and rebuilds only what a change touches when it can."""

    def __init__(self, project: Project, out: Path, preview: bool = False):
        self.project = project
        self.out = out
        self.preview = preview  # drafts and pages dated after today built too, with banners
        self.state: Rendered | None = None

    def build(self) -> BuildResult:
        """Build everything; raise ContentError, leaving out untouched, if it cannot."""
        started = time.perf_counter()
        with Staging(self.out) as staging:
            rendered = render_site(self.project, write_to=staging.path, preview=self.preview)
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
        if problems:
            raise ContentError(problems)
        by_source = {page.source: page for page in pages}
        site = dataclasses.replace(
            state.site, pages=tuple(by_source.get(p.source, p) for p in state.site.pages)
        )
        rendered = render_pages(
            site,
            state.env,
            self.project.templates,
            state.assets,
            state.parts,
            only=pages,
            nav=state.nav,
            addresses=state.addresses,
        )
        scans = {**state.scans, **rendered.scans}
        problems, external = check_links(site, state.outputs, scans, pages)
        if problems:
            raise ContentError(problems)
        for relative, data in rendered.files.items():
            replace_file(self.out / relative, data)
        self.state = dataclasses.replace(
            state, site=site, scans=scans, external={**state.external, **external}
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
            page = load_page(self.project, path, self.state.site.base_path, self.state.site.today)
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
