"""The build: read all content, validate it, render everything, write it at once.

`Builder` owns both the full build and "rebuild what these changed files touch", so that the
build command, the preview and a future cache all go through the same steps.
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

from sitegen.build import assets as asset_files
from sitegen.build import images, svg
from sitegen.build.aliases import alias_redirects
from sitegen.build.cache import Cache
from sitegen.build.check_memo import open_checks
from sitegen.build.feeds import atom, feed_output
from sitegen.build.front_cache import FrontCache, open_fronts
from sitegen.build.hosting import htaccess, netlify_headers, netlify_redirects
from sitegen.build.layout import Folders
from sitegen.build.link_memo import open_links
from sitegen.build.missing import declared_fields
from sitegen.build.navigation import Navigation, navigation
from sitegen.build.output import Staging
from sitegen.build.page_cache import open_cache
from sitegen.build.page_reuse import CacheRecord, render_reusing
from sitegen.build.render import render_pages, robots, sitemap
from sitegen.build.sections import Parts, render_sections, template_ids
from sitegen.build.security import style_hash
from sitegen.build.source_checks import check_sources
from sitegen.build.template_cache import open_templates
from sitegen.build.templating import make_environment, template_names
from sitegen.build.workers import collector
from sitegen.core.files import replace_file
from sitegen.core.problems import ContentError, Problem
from sitegen.core.project import Project
from sitegen.markdown.images import DEFAULT_DOWNLOAD_LABEL, Media
from sitegen.source.addresses import Addresses
from sitegen.source.site import Page, Site, load_page, read_site
from sitegen.source.yaml_loader import Mapping
from sitegen.validate.links import Checked, Resolved, Scanned, check_links, unreached
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
    site: Site | None = None  # what was built (the deploy records its pages)
    replaced: Path | None = None  # the previous output, when left for the caller to remove
    reused: int = 0  # pages taken from the page cache


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


def render_site(
    project: Project,
    write_to: Path | None = None,
    preview: bool = False,
    use_cache: bool = True,
    today: datetime.date | None = None,
) -> Rendered:
    """Read, validate and render every output file.

    Pages are kept in memory, or with write_to written into that folder as they are
    rendered (a large site's HTML need not fit in memory); other files are always kept.
    A site with errors is not rendered: the one ContentError raised lists the problems of
    every file (those that could not be read, and the models, bodies and links of the rest)
    with every warning. A preview also builds drafts and pages dated after today (templates
    show a banner). With write_to, unchanged pages come from the page cache and the others
    enter it; without use_cache no cache is read or written (`--no-cache`). today is the
    build's date (Japan's today by default), which decides what is published.
    """
    with collector(running=write_to is None):
        return _render_site(project, write_to, preview, use_cache, today)


def _render_site(
    project: Project,
    write_to: Path | None,
    preview: bool,
    use_cache: bool,
    today: datetime.date | None,
) -> Rendered:
    cache = Cache.for_project(project.root, use_cache)
    # Front matter is kept only by builds that keep pages (not by the checks that render).
    fronts = open_fronts(cache) if write_to is not None else None
    site, models, problems = _read(project, preview, today, fronts)
    # The pages' folders are made meanwhile (a second of system calls at 10,000 pages).
    folders = None
    if write_to is not None:
        folders = Folders(str(write_to), (os.path.dirname(p.output) for p in site.pages))
    try:
        return _render_read(project, site, models, problems, cache, fronts, write_to, folders)
    finally:
        if folders is not None:
            folders.close()  # a failed build: stopped before its folder is removed


def _render_read(
    project: Project,
    site: Site,
    models: SiteModels | None,
    problems: list[Problem],
    cache: Cache,
    fronts: FrontCache | None,
    write_to: Path | None,
    folders: Folders | None,
) -> Rendered:
    """render_site's work once the content is read."""
    preview = site.preview
    templates = template_names(project.templates)
    manifest = asset_files.collect(project.assets, skip=images.is_photo_asset)
    avif, avif_notes = _avif(site)
    media = _media(project, site, manifest, cache, avif)
    known = set(manifest) | {
        name for path in media.library.sources if (name := _asset_of(media, path)) is not None
    }
    problems += _media_problems(media, manifest, project) + avif_notes
    assets = {name: out for name, (out, _) in manifest.items()}
    if models is not None:
        problems += _check_site(project, site, models, templates, known, cache, write_to)
    if _has_errors(problems):
        ids = template_ids(project.templates)
        problems += check_sources(project, site, assets, ids, media)
        raise ContentError(_in_order(problems))
    if models is None:  # unreadable models are errors: not reached
        raise ContentError(problems)
    warnings = problems
    styles = [
        style_hash(data.decode("utf-8"))
        for name, (_, data) in manifest.items()
        if name.endswith(".css")
    ]
    compiled = open_templates(cache) if write_to is not None else None
    env = make_environment(
        project.templates, site.settings["url"], site.base_path, manifest, styles, media, compiled
    )
    ids = template_ids(project.templates)
    addresses = Addresses(site.all_pages, site.base_path, assets)
    parts = render_sections(
        site.sections,
        assets,
        site.base_path,
        ids,
        project.content / "sections",
        media,
        addresses,
        project.content,
    )
    nav, nav_problems = navigation(site, addresses)
    redirects, alias_problems = alias_redirects(site)
    found = parts.problems + nav_problems + alias_problems
    warnings += [p for p in found if p.is_warning]
    if _has_errors(found):
        raise ContentError(_in_order(found + warnings))
    pages_cache = open_cache(cache, preview) if write_to is not None else None
    record = None
    try:
        declared = declared_fields(site, models)
        if pages_cache is not None and write_to is not None:
            pages, record = render_reusing(
                project,
                site,
                env,
                manifest,
                parts,
                media,
                nav,
                addresses,
                declared,
                write_to,
                pages_cache,
            )
        else:
            with collector(running=True):
                pages = render_pages(
                    site,
                    env,
                    project.templates,
                    assets,
                    parts,
                    write_to=write_to,
                    declared=declared,
                    media=media,
                    nav=nav,
                    addresses=addresses,
                )
    except ContentError as error:
        raise ContentError(_in_order(error.problems + warnings)) from None
    finally:
        if pages_cache is not None:  # opened again if pages are placed or entered later
            pages_cache.bodies.close()
    warnings += pages.warnings
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
    shown = _shown_images(media, pages.scans.values())
    variants = frozenset(v.output for source in shown for v in source.variants)
    outputs = frozenset(files) | frozenset(pages.outputs) | variants
    memo = Resolved()
    links = open_links(cache, site, outputs) if record is not None else None
    keys = record.keys if record is not None else {}
    known, known_ways = links.known(keys) if links is not None else ({}, {})
    checked: dict[str, Checked] = {}
    ways: dict[str, tuple[str, ...]] = {}
    scans = pages.scans
    problems, external = check_links(site, outputs, scans, None, memo, known, checked)
    if problems:
        raise ContentError(_in_order(problems + warnings))
    warnings += unreached(site, outputs, scans, nav.menu, memo, known_ways, ways)
    if links is not None:
        links.save(keys, checked, ways)
    warnings = list(dict.fromkeys(warnings))
    if folders is not None:
        folders.finish()
    if record is not None and write_to is not None:
        record.place(write_to)
    cache.save()
    if fronts is not None:
        fronts.save()
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
        media,
        nav,
        addresses,
        record,
    )


def _check_site(
    project: Project,
    site: Site,
    models: SiteModels,
    templates: list[str],
    known: set[str],
    cache: Cache,
    write_to: Path | None,
) -> list[Problem]:
    """check_site, each page's own check skipped when it found nothing last time (builds
    that keep pages only: check_memo)."""
    memo = None
    if write_to is not None:
        memo = open_checks(
            cache, project.content, project.models, templates, site.today.isoformat()
        )
    fine = memo.fine(site.all_pages) if memo is not None else set()
    found = check_site(site, models, templates, known, fine)
    if memo is not None:
        memo.save(site.all_pages, found)
    return found


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
    project: Project, site: Site, manifest: asset_files.Manifest, cache: Cache, avif: bool
) -> Media:
    """The site's images (planned, not yet encoded) and what Markdown may link to."""
    library = images.load_library(project.assets, project.content, site.base_path, cache, avif=avif)
    for name, (out, data) in list(manifest.items()):
        if images.is_raster(PurePosixPath(name)):
            manifest[name] = (out, images.clean_asset(name, data, cache))
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
    problems += [
        Problem.of(
            "E808", path, name=path.name, width=width, height=height, limit=images.MAX_PIXELS
        )
        for path, (width, height) in library.too_large.items()
    ]
    for name, (_, data) in sorted(manifest.items()):
        if name.lower().endswith(".svg"):
            problems += svg.problems(project.assets / name, data)
        elif PurePosixPath(name).suffix.lower() in images.CHECKED_AS_IS:
            claimed = images.too_large(data)
            if claimed is not None and project.assets / name not in library.too_large:
                path = project.assets / name
                width, height = claimed
                problems.append(
                    Problem.of(
                        "E808",
                        path,
                        name=path.name,
                        width=width,
                        height=height,
                        limit=images.MAX_PIXELS,
                    )
                )
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
    text = str(path)
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


def _read(
    project: Project,
    preview: bool = False,
    today: datetime.date | None = None,
    fronts: FrontCache | None = None,
) -> tuple[Site, SiteModels | None, list[Problem]]:
    """Every content file that can be read, the site's models, and the problems of the rest."""
    if fronts is None:
        site, problems = read_site(project, preview, today)
    else:
        site, problems = read_site(project, preview, today, fronts.load)
    models = None
    try:
        models = load_models(project.models)
    except ContentError as error:
        problems += error.problems
    return site, models, problems


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
        # The collector runs only while pages are rendered and images encoded (collector).
        with collector(running=False):
            with Staging(self.out) as staging:
                rendered = render_site(
                    self.project, staging.path, self.preview, self.use_cache, self.today
                )
                staging.write(rendered.files)
                if rendered.media is not None:
                    shown = _shown_images(rendered.media, rendered.scans.values())
                    library = rendered.media.library
                    with collector(running=True):
                        _, problems = images.publish(library, shown, staging.path)
                    if problems:
                        raise ContentError(problems + rendered.warnings)
                    rendered.warnings.extend(library.cache.collected_notes())
                replaced = staging.commit(remove_old)
            reused = 0
            if rendered.cached is not None:
                rendered.cached.save()
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
            media=state.media,
            nav=state.nav,
            addresses=state.addresses,
        )
        if state.media is not None and _shown_images(
            state.media, rendered.scans.values(), icons_only=True
        ) - _shown_images(state.media, state.scans.values(), icons_only=True):
            return self.build()  # a page now shows an icon as a picture: publish it
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
