"""The build: read all content, validate it, render everything, write it at once.

`Builder` owns both the full build and "rebuild what these changed files touch", so that the
build command, the preview and a future cache all go through the same steps.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import jinja2

from sitegen.build import assets as asset_files
from sitegen.build import page_cache
from sitegen.build.hosting import htaccess, netlify_headers
from sitegen.build.output import Staging
from sitegen.build.page_cache import Keys, PageCache, Stored
from sitegen.build.render import PageStore, RenderedPages, render_pages, robots, sitemap
from sitegen.build.sections import Parts, render_sections, template_ids
from sitegen.build.security import style_hash
from sitegen.build.templating import make_environment, template_names
from sitegen.core.files import replace_file
from sitegen.core.problems import ContentError, Problem
from sitegen.core.project import Project
from sitegen.source.site import Page, Site, load_page, load_site
from sitegen.validate.links import Scanned, check_links
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
    replaced: Path | None = None  # the previous output, when left for the caller to remove
    reused: int = 0  # pages taken from the build cache


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
    cached: CacheRecord | None = None  # what to enter in the cache's index once committed


@dataclass(frozen=True)
class CacheRecord:
    """The cache's index after this build: every page's entry and the bodies in use."""

    cache: PageCache
    pages: dict[str, Stored]
    reused: int  # pages taken from the cache


def render_site(
    project: Project, write_to: Path | None = None, cache: PageCache | None = None
) -> Rendered:
    """Read, validate and render every output file.

    Pages are kept in memory, or with write_to written into that folder as they are
    rendered (a large site's HTML need not fit in memory); other files are always kept.
    With write_to and cache, unchanged pages come from the cache and the others enter it.
    """
    site, models = _read(project)
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
    parts = render_sections(site.sections, assets, site.base_path, template_ids(project.templates))
    if parts.problems:
        raise ContentError(parts.problems + warnings)
    if cache is not None and write_to is not None:
        pages, cached = _render_cached(project, site, env, manifest, parts, write_to, cache)
        warnings = warnings + cache.notes
    else:
        pages = render_pages(site, env, project.templates, assets, parts, write_to=write_to)
        cached = None
    files = dict(pages.files)
    files.update({out: data for out, data in manifest.values()})
    files["sitemap.xml"] = sitemap(site)
    files["robots.txt"] = robots(site)
    hsts = bool(site.settings.get("security", {}).get("hsts", False))
    files[".htaccess"] = htaccess(site.base_path, styles, hsts)
    files["_headers"] = netlify_headers(site.base_path, styles, hsts)
    outputs = frozenset(files) | frozenset(pages.outputs)
    problems, external = check_links(site, outputs, pages.scans)
    if problems:
        raise ContentError(problems + warnings)
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
        cached,
    )


def _render_cached(
    project: Project,
    site: Site,
    env: jinja2.Environment,
    manifest: dict[str, tuple[str, bytes]],
    parts: Parts,
    write_to: Path,
    cache: PageCache,
) -> tuple[RenderedPages, CacheRecord]:
    """Pages into write_to: those the cache holds placed from it, the others rendered."""
    assets = {name: out for name, (out, _) in manifest.items()}
    code = page_cache.code_fingerprint()
    fingerprint = page_cache.global_fingerprint(code, project, site, manifest)
    reserved = set(parts.reserved)
    keys = Keys()
    entries: dict[str, Stored] = {}
    missed: list[Page] = []
    made: set[str] = set()
    staging = str(write_to)
    for page in site.pages:
        key = keys.pages[page.output] = page_cache.page_key(fingerprint, page)
        stored = cache.lookup(key)
        if stored is not None:
            target = os.path.join(staging, page.output)
            folder = os.path.dirname(target)
            if folder not in made:
                _make_folder(folder)
                made.add(folder)
            if cache.place(key, target):
                entries[key] = stored
                continue
        keys.bodies[page.output] = page_cache.body_key(code, page, assets, site.base_path, reserved)
        missed.append(page)
    store = PageStore(cache, keys)
    rendered = render_pages(
        site, env, project.templates, assets, parts, only=missed, write_to=write_to, store=store
    )
    cache.notes += rendered.notes
    for page in missed:
        if page.output in rendered.stored:
            size, mtime = rendered.stored[page.output]
            scanned = rendered.scans[page.output]
            body = keys.bodies[page.output]
            entries[keys.pages[page.output]] = Stored(size, mtime, scanned, body)
    for page in site.pages:
        stored = entries.get(keys.pages[page.output])
        if page.output not in rendered.scans and stored is not None:
            rendered.outputs.append(page.output)
            rendered.scans[page.output] = stored.scan
    reused = len(site.pages) - len(missed)
    return rendered, CacheRecord(cache, entries, reused)


def _make_folder(folder: str) -> None:
    """A folder in the staging folder, whose parent is most often there already."""
    try:
        os.mkdir(folder)
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
    except FileExistsError:
        pass


def _read(project: Project) -> tuple[Site, SiteModels]:
    """Every content file and the site's models; one error lists the problems of all."""
    problems: list[Problem] = []
    site = models = None
    try:
        site = load_site(project)
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

    def __init__(self, project: Project, out: Path, use_cache: bool = True):
        self.project = project
        self.out = out
        self.use_cache = use_cache
        self.state: Rendered | None = None

    def build(self, remove_old: bool = True) -> BuildResult:
        """Build everything; raise ContentError, leaving out untouched, if it cannot.

        With remove_old false the previous output is not removed but named in the result.
        """
        started = time.perf_counter()
        cache = page_cache.open_cache(self.project) if self.use_cache else None
        with Staging(self.out) as staging:
            rendered = render_site(self.project, write_to=staging.path, cache=cache)
            staging.write(rendered.files)
            replaced = staging.commit(remove_old)
        reused = 0
        if rendered.cached is not None:
            rendered.cached.cache.save(rendered.cached.pages)
            reused = rendered.cached.reused
        self.state = rendered
        result = _result(rendered, self.out, started)
        return dataclasses.replace(result, replaced=replaced, reused=reused)

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
            site, state.env, self.project.templates, state.assets, state.parts, only=pages
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
            page = load_page(self.project, path, self.state.site.base_path)
            # Titles and templates can show on other pages (and in the sitemap): rebuild all.
            if page.meta != old.meta:
                return None
            pages.append(page)
        return pages


def build(
    project: Project, out: Path, use_cache: bool = True, remove_old: bool = True
) -> BuildResult:
    """Build the site into out; raise ContentError, leaving out untouched, if it cannot."""
    return Builder(project, out, use_cache).build(remove_old)


def _result(rendered: Rendered, out: Path, started: float, files: int | None = None) -> BuildResult:
    """The summary of a build that began at started (a perf_counter reading)."""
    elapsed = round((time.perf_counter() - started) * 1000)
    count = len(rendered.outputs) if files is None else files
    return BuildResult(out, len(rendered.site.pages), count, elapsed, rendered.warnings)
