"""The build, as its stages: read → check → media → sections and menu → pages → site files →
links → write.

Each stage takes what the stages before it made and returns its results with the problems it
found; a stage goes on after a mistake with what it could read, so that one run reports every
mistake of every file (docs/editing.md promises it). Only writing refuses: a site with an
error raises one ContentError listing every problem, and nothing reaches the output folder.

What is kept between builds (front matter, page checks, converted bodies, finished pages,
link checks, compiled templates, images) belongs to the layer in `sitegen/incremental/`;
`Caches` below is its handle for one build. `Builder` owns both the full build and the
preview's "rebuild what these changed files touch".
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import time
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import jinja2

from sitegen.core.files import replace_file
from sitegen.core.problems import ContentError, Problem
from sitegen.core.project import Project
from sitegen.core.workers import paused
from sitegen.images import images, svg
from sitegen.incremental.caches import Caches, scratch_folder
from sitegen.incremental.explain import Now
from sitegen.incremental.last_run import also_touched
from sitegen.incremental.page_reuse import CacheRecord, render_reusing
from sitegen.markdown.images import DEFAULT_DOWNLOAD_LABEL, Media
from sitegen.output.folders import Folders
from sitegen.output.staging import Staging, place_pages, remove_later
from sitegen.render.missing import declared_fields
from sitegen.render.navigation import Navigation, navigation
from sitegen.render.pages import RenderedPages, render_pages, robots, sitemap
from sitegen.render.sections import Parts, render_sections, template_ids
from sitegen.render.templating import make_environment, template_names
from sitegen.sitefiles.aliases import Redirects, alias_redirects
from sitegen.sitefiles.feeds import atom, feed_output
from sitegen.sitefiles.hosting import (
    REDIRECTS_FILE,
    htaccess,
    netlify_headers,
    netlify_redirects,
)
from sitegen.sitefiles.security import style_hash
from sitegen.source import assets as asset_files
from sitegen.source.addresses import Addresses
from sitegen.source.site import Page, Site, load_page
from sitegen.source.textfile import unsaved
from sitegen.source.yaml_loader import Mapping
from sitegen.validate.links import Scanned, check_links
from sitegen.validate.models import SiteModels, load_models
from sitegen.validate.site_rules import check_page
from sitegen.validate.source_checks import check_sources


@dataclass(frozen=True)
class BuildResult:
    """What a successful build made."""

    out: Path
    pages: int
    files: int
    milliseconds: int
    warnings: list[Problem]
    site: Site | None = None  # what was built (the deploy records its pages)
    replaced: Path | None = None  # the previous output, when left for the caller to remove
    reused: int = 0  # pages taken from the page cache


@dataclass(frozen=True)
class Read:
    """The read stage: every file that could be read, and the site's models."""

    site: Site
    models: SiteModels | None


@dataclass(frozen=True)
class Assets:
    """The media stage: the files of assets/, the images and what Markdown may link to."""

    manifest: asset_files.Manifest  # name in assets/ -> (output name, bytes)
    names: dict[str, str]  # name in assets/ -> output name
    media: Media
    styles: list[str]  # the stylesheets' hashes, for the Content-Security-Policy
    known: set[str]  # the names a page may show or link to in assets/


@dataclass(frozen=True)
class Frame:
    """Sections and menu: what every page's template sees besides the page itself."""

    env: jinja2.Environment
    templates: list[str]
    addresses: Addresses
    parts: Parts
    nav: Navigation
    redirects: Redirects


@dataclass(frozen=True)
class Links:
    """The links stage: every file the build makes, and the outside addresses linked to."""

    outputs: frozenset[str]
    external: dict[str, Page]  # each with a page that links to it


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
    media: Media | None = None  # the images and downloads pages show
    nav: Navigation = field(default_factory=Navigation)
    addresses: Addresses | None = None
    cached: CacheRecord | None = None  # what to enter in the page cache's index once committed
    caches: Caches | None = None  # the layer's handle of the run (its collection)


def render_site(
    project: Project,
    write_to: Path | None = None,
    preview: bool = False,
    use_cache: bool = True,
    today: datetime.date | None = None,
) -> Rendered:
    """Read, validate and render every output file; ContentError lists every problem.

    Pages are kept in memory, or with write_to written into that folder as they are
    rendered (a large site's HTML need not fit in memory); other files are always kept. A
    preview also builds drafts and pages dated after today (templates show a banner). With
    write_to, unchanged pages come from the layer's page cache and the others enter it;
    without use_cache nothing is kept (`--no-cache`). today decides what is published.
    """
    with paused():
        caches = Caches.open(project, use_cache, keep_pages=write_to is not None)
        return _Run(project, caches, write_to, preview, today).all()


def render_unsaved(
    project: Project, texts: dict[Path, str], page: Path
) -> tuple[bytes | None, list[Problem]]:
    """One page as it would be with these files' texts, not yet saved, in place of theirs
    (the browser editor's live preview), and every problem of the site so; nothing is
    written but the page cache, which keeps each page under what it was made from."""
    folder = scratch_folder(project)
    html, problems, pages = None, [], 0
    try:
        with unsaved(texts):
            rendered = render_site(project, write_to=folder, preview=True)
        pages = len(rendered.site.pages)
        problems = rendered.warnings
        if rendered.cached is not None:
            rendered.cached.save()
        made = next((p for p in rendered.site.pages if p.source == page), None)
        if made is not None:
            where = (folder / made.output) if folder is not None else None
            html = where.read_bytes() if where is not None else rendered.files.get(made.output)
    except ContentError as error:
        problems = error.problems
    finally:
        remove_later(folder, pages)
    return html, problems


def prepare(project: Project, use_cache: bool = True) -> Now:
    """The site as it is now, read up to its pages (for `--explain`): read, media, sections
    and menu. ContentError when it cannot be read that far."""
    caches = Caches.open(project, use_cache, keep_pages=False)
    run = _Run(project, caches, None, False, None)
    read = run.read()
    assets = run.media(read.site)
    if read.models is None or _has_errors(run.problems):
        raise ContentError(_in_order(run.problems))
    frame = run.frame(read.site, assets)
    if _has_errors(run.problems):
        raise ContentError(_in_order(run.problems))
    beside = run.site_files(read.site, assets, frame, RenderedPages())
    return Now(
        project,
        read.site,
        assets.manifest,
        frame.parts,
        assets.media,
        frame.nav,
        frame.addresses,
        frozenset(beside),
        caches.cache,
    )


class _Run:
    """One run of the stages; the problems of every stage are gathered in `problems`."""

    def __init__(
        self,
        project: Project,
        caches: Caches,
        write_to: Path | None,
        preview: bool,
        today: datetime.date | None,
    ):
        self.project = project
        self.caches = caches
        self.write_to = write_to
        self.preview = preview
        self.today = today
        self.problems: list[Problem] = []

    def all(self) -> Rendered:
        """The stages in order; a site with any error raises once all have reported."""
        read = self.read()
        assets = self.media(read.site)
        if read.models is not None:
            self.problems += self.caches.check_site(read.site, read.models, assets.known)
        if read.models is None or _has_errors(self.problems):
            # Unreadable files or broken models: pages cannot be rendered, their bodies,
            # links, menu and old addresses are checked all the same.
            self.problems += self.unrenderable(read.site, assets)
            raise ContentError(_in_order(self.problems))
        folders = self.folders(read.site)
        try:
            frame = self.frame(read.site, assets)
            pages, record = self.pages(read, assets, frame)
            files = self.site_files(read.site, assets, frame, pages)
            links = self.links(read.site, assets, frame, pages, files, record)
            if _has_errors(self.problems) or read.models is None:
                raise ContentError(_in_order(self.problems))
            self.write(folders, record)
        finally:
            if folders is not None:
                folders.close()  # a failed build: stopped before its folder is removed
        return Rendered(
            site=read.site,
            models=read.models,
            parts=frame.parts,
            files=files,
            outputs=links.outputs,
            scans=pages.scans,
            warnings=self.warnings(),
            env=frame.env,
            templates=frame.templates,
            assets=assets.names,
            external=links.external,
            media=assets.media,
            nav=frame.nav,
            addresses=frame.addresses,
            cached=record,
            caches=self.caches,
        )

    def read(self) -> Read:
        """Every content file that can be read, and the site's models."""
        site, problems = self.caches.read_site(self.project, self.preview, self.today)
        self.problems += problems
        models = None
        try:
            models = load_models(self.project.models)
        except ContentError as error:
            self.problems += error.problems
        return Read(site, models)

    def media(self, site: Site) -> Assets:
        """The files of assets/ and the site's images (planned, not yet encoded)."""
        project = self.project
        manifest = asset_files.collect(project.assets, skip=images.is_photo_asset)
        avif, notes = _avif(site)
        self.problems += notes
        media = _media(project, site, manifest, self.caches, avif)
        known = set(manifest) | {
            name for path in media.library.sources if (name := _asset_of(media, path)) is not None
        }
        with self.caches.remembering_images():  # the headers read last time
            self.problems += _media_problems(media, manifest, project)
        styles = [
            style_hash(data.decode("utf-8"))
            for name, (_, data) in manifest.items()
            if name.endswith(".css")
        ]
        names = {name: out for name, (out, _) in manifest.items()}
        return Assets(manifest, names, media, styles, known)

    def unrenderable(self, site: Site, assets: Assets) -> list[Problem]:
        """The problems of a site that cannot be rendered, found without rendering it."""
        ids = template_ids(self.project.templates)
        found = check_sources(self.project, site, assets.names, ids, assets.media)
        addresses = Addresses(site.all_pages, site.base_path, assets.names)
        found += navigation(site, addresses)[1] + alias_redirects(site)[1]
        return found

    def folders(self, site: Site) -> Folders | None:
        """The pages' folders, made meanwhile (a second of system calls at 10,000 pages)."""
        if self.write_to is None:
            return None
        return Folders(str(self.write_to), (os.path.dirname(p.output) for p in site.pages))

    def frame(self, site: Site, assets: Assets) -> Frame:
        """The templates, the sections converted, the menu and the old addresses."""
        project = self.project
        env = make_environment(
            project.templates,
            site.settings["url"],
            site.base_path,
            assets.manifest,
            assets.styles,
            assets.media,
        )
        self.caches.keep_compiled(env)
        ids = template_ids(project.templates)
        addresses = Addresses(site.all_pages, site.base_path, assets.names)
        parts = render_sections(
            site.sections,
            assets.names,
            site.base_path,
            ids,
            project.content / "sections",
            assets.media,
            addresses,
            project.content,
        )
        nav, nav_problems = navigation(site, addresses)
        redirects, alias_problems = alias_redirects(site)
        self.problems += parts.problems + nav_problems + alias_problems
        templates = template_names(project.templates)
        return Frame(env, templates, addresses, parts, nav, redirects)

    def pages(
        self, read: Read, assets: Assets, frame: Frame
    ) -> tuple[RenderedPages, CacheRecord | None]:
        """Every page through its template: from the page cache, or rendered (into it)."""
        site, project = read.site, self.project
        assert read.models is not None
        declared = declared_fields(site, read.models)
        store = self.caches.pages_for(self.preview or site.preview, self.write_to)
        if store is not None and self.write_to is not None:
            try:
                args = (site, frame.env, assets.manifest, frame.parts, assets.media)
                more = (frame.nav, frame.addresses, declared, self.write_to, store)
                pages, record = render_reusing(project, *args, *more)
            finally:
                store.bodies.close()  # opened again if pages are placed or entered later
        else:
            pages = render_pages(
                site,
                frame.env,
                project.templates,
                assets.names,
                frame.parts,
                write_to=self.write_to,
                declared=declared,
                media=assets.media,
                nav=frame.nav,
                addresses=frame.addresses,
            )
            record = None
        self.problems += pages.problems + pages.warnings
        return pages, record

    def site_files(
        self, site: Site, assets: Assets, frame: Frame, pages: RenderedPages
    ) -> dict[str, bytes]:
        """The files beside the pages: assets, sitemap, robots, feeds, hosting files."""
        files = dict(pages.files)
        files.update({out: data for out, data in assets.manifest.values()})
        files["sitemap.xml"] = sitemap(site)
        files["robots.txt"] = robots(site)
        for page in site.pages:
            if page.listing:
                files[feed_output(page)] = atom(site, page, frame.nav.lists[page.output])
        hsts = bool(site.settings.get("security", {}).get("hsts", False))
        files[".htaccess"] = htaccess(site.base_path, assets.styles, hsts, frame.redirects)
        files["_headers"] = netlify_headers(site.base_path, assets.styles, hsts)
        if frame.redirects:
            files[REDIRECTS_FILE] = netlify_redirects(frame.redirects)
        return files

    def links(
        self,
        site: Site,
        assets: Assets,
        frame: Frame,
        pages: RenderedPages,
        files: dict[str, bytes],
        record: CacheRecord | None,
    ) -> Links:
        """Links and anchors of every page checked; pages no page reaches noted."""
        shown = _shown_images(assets.media, pages.scans.values())
        variants = frozenset(v.output for source in shown for v in source.variants)
        outputs = frozenset(files) | frozenset(pages.outputs) | variants
        # A page that could not be rendered is still a page of the site: links to it are
        # right (its own mistake is reported), and its anchors unknown.
        linkable = outputs | {page.output for page in site.pages}
        found = self.caches.check_links(
            site, linkable, outputs, pages.scans, frame.nav.menu, record
        )
        # A link its page's conversion already reported (a missing file) is left as written.
        spots = {(p.path, p.line, p.column) for p in self.problems if not p.is_warning}
        self.problems += [p for p in found.problems if (p.path, p.line, p.column) not in spots]
        return Links(outputs, found.external)

    def write(self, folders: Folders | None, record: CacheRecord | None) -> None:
        """The run found no error: cached pages placed, what was read kept for next time."""
        if folders is not None:
            folders.finish()
        if record is not None and self.write_to is not None:
            place_pages(record, self.write_to)
        self.caches.save()

    def warnings(self) -> list[Problem]:
        return list(dict.fromkeys(p for p in self.problems if p.is_warning))


def _avif(site: Site) -> tuple[bool, list[Problem]]:
    """Whether photos get AVIF variants: site.yml asks (`images: {avif: true}`) and this
    Pillow can write them; if it cannot, a note at that line, and the site is built without.
    """
    settings = site.settings.get("images")
    if not isinstance(settings, Mapping) or settings.get("avif") is not True:
        return False, []
    if images.avif_available():
        return True, []
    line, column = settings.mark_of("avif")
    version = images.pillow_version()
    return False, [Problem.of("W813", site.settings_file, line, column, version=version)]


def _media(
    project: Project, site: Site, manifest: asset_files.Manifest, caches: Caches, avif: bool
) -> Media:
    """The site's images (planned, not yet encoded) and what Markdown may link to."""
    with caches.remembering_images():
        library = images.load_library(project.assets, project.content, site.base_path, avif=avif)
        for name, (out, data) in list(manifest.items()):
            if images.is_raster(PurePosixPath(name)):
                manifest[name] = (out, images.clean_asset(name, data))
    labels = site.settings.get("labels")
    label = labels.get("download") if isinstance(labels, dict) else None
    return Media(
        library,
        project.content,
        project.assets,
        {name: out for name, (out, _) in manifest.items()},
        {name: size for name, (_, data) in manifest.items() if (size := svg.size(name, data))},
        str(label) if label else DEFAULT_DOWNLOAD_LABEL,
    )


def _media_problems(
    media: Media, manifest: asset_files.Manifest, project: Project
) -> list[Problem]:
    """Images that cannot be read, and SVG files that could run scripts or fetch others."""
    # An icon that cannot be read is published as it is; a page that shows it is told (E802).
    library = media.library
    problems = [
        Problem.of("E802", path, name=path.name, detail=reason)
        for path, reason in library.broken.items()
        if not _is_icon(media, path) and path not in library.too_large
    ]
    # Found from the header, before anything is decoded: in any folder, published or not.
    too_large = dict(library.too_large)
    for name, (_, data) in sorted(manifest.items()):
        if name.lower().endswith(".svg"):
            problems += svg.problems(project.assets / name, data)
        elif PurePosixPath(name).suffix.lower() in images.CHECKED_AS_IS:
            claimed = images.too_large(data)
            if claimed is not None:
                too_large.setdefault(project.assets / name, claimed)
    problems += [
        Problem.of("E808", path, name=path.name, width=w, height=h, limit=images.MAX_PIXELS)
        for path, (w, h) in too_large.items()
    ]
    return problems


def _shown_images(
    media: Media, scans: Iterable[Scanned], icons_only: bool = False
) -> set[images.Source]:
    """The images to publish as variants: every photo, and the other images pages show.

    Photos (assets/images/, beside pages, HEIC) are published whether shown or not; icons
    and the share image of assets/ have their own files for templates, and variants only
    when a page shows them as a picture (its `<img src>` names their fallback).
    """
    links = {link for scan in scans for link in scan.links}
    shown = set()
    for source in media.library.sources.values():
        icon = _is_icon(media, source.path)
        if (not icon and not icons_only) or (icon and media.library.url(source.fallback) in links):
            shown.add(source)
    return shown


def _asset_of(media: Media, path: Path) -> str | None:
    """The name in assets/ of an image file ("images/office.jpg"), None if it is elsewhere."""
    root = os.path.join(os.path.abspath(media.assets), "")
    # Absolute: a project named "." lists its images as "assets/…" (then every icon was
    # taken for a photo, and published as variants no page shows).
    text = os.path.abspath(path)
    return text[len(root) :].replace(os.sep, "/") if text.startswith(root) else None


def _is_icon(media: Media, path: Path) -> bool:
    """An image of assets/ that templates may use as it is (favicon, share image)."""
    return _asset_of(media, path) in media.asset_names


def _has_errors(problems: list[Problem]) -> bool:
    return any(not p.is_warning for p in problems)


def _in_order(problems: list[Problem]) -> list[Problem]:
    """Errors before warnings, each problem once (a page's and a section's may coincide)."""
    unique = list(dict.fromkeys(problems))
    return [p for p in unique if not p.is_warning] + [p for p in unique if p.is_warning]


class Builder:
    """Builds a project into a folder, and rebuilds only what a change touches when it can."""

    def __init__(
        self,
        project: Project,
        out: Path,
        preview: bool = False,
        use_cache: bool = True,
        today: datetime.date | None = None,
    ):
        self.project = project
        self.out = out
        self.preview = preview  # drafts and pages dated after today built too, with banners
        self.use_cache = use_cache
        self.today = today  # None: Japan's today, each build
        self.state: Rendered | None = None

    def build(self, remove_old: bool = True) -> BuildResult:
        """Build everything; raise ContentError, leaving out untouched, if it cannot.

        With remove_old false the previous output is not removed but named in the result.
        """
        started = time.perf_counter()
        # The collector paused for the whole run (workers.paused); map_chunks frees the cycles.
        with paused():
            with Staging(self.out, reuse=self.use_cache) as staging:
                rendered = render_site(
                    self.project, staging.path, self.preview, self.use_cache, self.today
                )
                staging.prune(rendered.outputs, (page.output for page in rendered.site.pages))
                staging.write(rendered.files)
                if rendered.media is not None and rendered.caches is not None:
                    shown = _shown_images(rendered.media, rendered.scans.values())
                    problems = rendered.caches.publish_images(shown, staging.path)
                    if problems:
                        raise ContentError(problems + rendered.warnings)
                    rendered.warnings.extend(rendered.caches.cache.collected_notes())
                replaced = staging.commit(remove_old)
            reused = 0
            if rendered.cached is not None:
                rendered.cached.save()
                reused = rendered.cached.reused
            if rendered.caches is not None:
                rendered.caches.collect("preview" if self.preview else "build")
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
        if _has_errors(problems):
            raise ContentError(_in_order(problems))
        saved = {page.output for page in pages}
        also = also_touched(self.project, state.cached, state.site.pages, saved)
        if also is None:
            return self.build()
        by_source = {page.source: page for page in pages}
        site = dataclasses.replace(
            state.site, pages=tuple(by_source.get(p.source, p) for p in state.site.pages)
        )
        pages = pages + also
        by_source.update({page.source: page for page in also})
        declared = declared_fields(site, state.models)
        rendered = render_pages(
            site,
            state.env,
            self.project.templates,
            state.assets,
            state.parts,
            only=pages,
            declared=declared,
            media=state.media,
            nav=state.nav,
            addresses=state.addresses,
        )
        if rendered.problems:
            raise ContentError(_in_order(rendered.problems + rendered.warnings))
        if state.media is not None and _shown_images(
            state.media, rendered.scans.values(), icons_only=True
        ) - _shown_images(state.media, state.scans.values(), icons_only=True):
            return self.build()  # a page now shows an icon as a picture: publish it
        scans = {**state.scans, **rendered.scans}
        report = check_links(site, state.outputs, scans, pages)
        if report.problems:
            raise ContentError(report.problems + rendered.warnings)
        for relative, data in rendered.files.items():
            replace_file(self.out / relative, data)
        # The rebuilt pages' notes replace the ones they had.
        warnings = [w for w in state.warnings if w.path not in by_source] + rendered.warnings
        self.state = dataclasses.replace(
            state,
            site=site,
            scans=scans,
            external={**state.external, **report.external},
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
            page = load_page(self.project, path, self.state.site.base_path, self.state.site.today)
            # Titles and templates can show on other pages (and in the sitemap): rebuild all.
            if page.meta != old.meta:
                return None
            pages.append(page)
        return pages


def build(
    project: Project,
    out: Path,
    use_cache: bool = True,
    remove_old: bool = True,
    today: datetime.date | None = None,
) -> BuildResult:
    """Build the site into out; raise ContentError, leaving out untouched, if it cannot."""
    return Builder(project, out, use_cache=use_cache, today=today).build(remove_old)


def _result(rendered: Rendered, out: Path, started: float, files: int | None = None) -> BuildResult:
    """The summary of a build that began at started (a perf_counter reading)."""
    elapsed = round((time.perf_counter() - started) * 1000)
    count = len(rendered.outputs) if files is None else files
    pages = len(rendered.site.pages)
    return BuildResult(out, pages, count, elapsed, rendered.warnings, rendered.site)
