"""The layer's handle for one build: every store kept in `.cache/`, opened and saved together.

The pipeline (`sitegen/pipeline.py`) asks this object for what a stage may reuse and hands it
what a stage made; it never opens a store itself. Pages, their checks and their links are
kept only by runs that write pages (a build, the preview); a run that keeps nothing of
them (`render_site` without a folder) still uses the images' entries, as before. With
`use_cache` false (`--no-cache`) nothing is read or written.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2

from sitegen.core.problems import Problem
from sitegen.core.project import Project
from sitegen.core.remembered import keeping
from sitegen.images.images import Source
from sitegen.incremental import image_memo
from sitegen.incremental.cache import FOLDER, Cache
from sitegen.incremental.check_memo import open_checks
from sitegen.incremental.front_cache import FrontCache, open_fronts
from sitegen.incremental.link_memo import open_links
from sitegen.incremental.page_cache import PageCache, open_cache
from sitegen.incremental.page_reuse import CacheRecord
from sitegen.incremental.template_cache import TemplateCache, open_templates
from sitegen.render.templating import template_names
from sitegen.source.site import Page, Site, read_site
from sitegen.validate.links import (
    Resolved,
    Scanned,
    check_links,
    still_fine,
    unreached,
    ways_of,
)
from sitegen.validate.models import SiteModels
from sitegen.validate.site_rules import check_site


@dataclass
class LinkResults:
    """The links stage's results: its problems, the outside addresses, the unreached notes."""

    problems: list[Problem]
    external: dict[str, Page]


class Caches:
    """The stores of one project for one run."""

    def __init__(self, cache: Cache, keep_pages: bool):
        self.started = time.time()  # the collection keeps what is younger (collect)
        self.cache = cache
        self.keep_pages = keep_pages
        self.fronts: FrontCache | None = open_fronts(cache) if keep_pages else None
        self.templates: TemplateCache | None = open_templates(cache) if keep_pages else None
        self.project: Project | None = None

    @classmethod
    def open(cls, project: Project, use_cache: bool, keep_pages: bool) -> Caches:
        """The project's stores; with use_cache false, stores that keep nothing."""
        caches = cls(Cache.for_project(project.root, use_cache), keep_pages)
        caches.project = project
        return caches

    def read_site(
        self, project: Project, preview: bool, today: datetime.date | None
    ) -> tuple[Site, list[Problem]]:
        """The read stage, with page files and front matter parsed by an earlier build
        reused."""
        files = self.fronts.page_file if self.fronts is not None else None
        with keeping("front matter", self.fronts), keeping("page file", files):
            return read_site(project, preview, today)

    def check_site(self, site: Site, models: SiteModels, known: set[str]) -> list[Problem]:
        """The check stage; a page whose own check found nothing is not checked again
        while its file, the models, the templates and the day are the same (the memo gives
        the stage its result: no problem)."""
        assert self.project is not None
        project = self.project
        templates = template_names(project.templates)
        memo = None
        if self.keep_pages:
            day = site.today.isoformat()
            memo = open_checks(self.cache, project.content, models, templates, day)
        fine = memo.fine(site.all_pages) if memo is not None else set()
        found = check_site(site, models, templates, known, {key: [] for key in fine})
        if memo is not None:
            memo.save(site.all_pages, found)
        return found

    def keep_compiled(self, env: jinja2.Environment) -> None:
        """Let env load the templates an earlier run compiled, and keep what it compiles."""
        env.bytecode_cache = self.templates

    @functools.cached_property
    def image_table(self) -> image_memo.ImageTable:
        return image_memo.ImageTable(self.cache)

    @contextlib.contextmanager
    def remembering_images(self) -> Iterator[None]:
        """While inside, the images stage's file hashes, image sizes, headers and plain
        assets are answered from what earlier runs found (image_memo)."""
        with image_memo.remembering(self.cache, self.image_table):
            yield

    def publish_images(self, sources: Iterable[Source], staging: Path) -> list[Problem]:
        """The variants of sources into staging: kept ones linked, the others encoded."""
        return image_memo.publish(self.cache, self.image_table, sources, staging)

    def pages_for(self, preview: bool, write_to: Path | None) -> PageCache | None:
        """The page cache of this mode, for a run that writes its pages."""
        if not self.keep_pages or write_to is None:
            return None
        return open_cache(self.cache, preview)

    def check_links(
        self,
        site: Site,
        linkable: frozenset[str],
        outputs: frozenset[str],
        scans: dict[str, Scanned],
        menu: Iterable[object],
        record: CacheRecord | None,
    ) -> LinkResults:
        """The links stage over the pages whose links an earlier check did not find fine.

        A page taken whole from the page cache has the same links as when they were last
        checked; while the site makes the same files, they lead where they led, and only
        the anchors they need in other pages are looked at again (still_fine).
        """
        memo = open_links(self.cache, site, outputs) if record is not None else None
        known, known_ways = memo.known(record.keys) if memo and record else ({}, {})
        kept = {o: c for o, c in known.items() if o in scans and still_fine(c, scans)}
        resolved = Resolved()
        again = [p for p in site.pages if p.output not in kept]
        report = check_links(site, linkable, scans, again, resolved)
        # Each outside address with the first page that links to it, in the site's order, as
        # a check of every page finds it (E604 names that page).
        external: dict[str, Page] = {}
        for page in site.pages:
            found = kept.get(page.output) or report.fine.get(page.output)
            for link in found.external if found is not None else ():
                external.setdefault(link, page)
        for link, page in report.external.items():
            external.setdefault(link, page)
        if report.problems:
            return LinkResults(report.problems, external)
        published = [p for p in site.pages if p.published and p.output not in known_ways]
        ways = {**known_ways, **ways_of(site, published, outputs, scans, resolved)}
        if memo is not None and record is not None:
            memo.save(record.keys, {**kept, **report.fine}, ways)
        return LinkResults(unreached(site, outputs, ways, menu), external)

    def collect(self, mode: str) -> None:
        """After a successful run of mode ("build", "preview", "check"), once its images are
        published: remove what no mode used in its last successful run."""
        self.cache.collect(mode, self.started)

    def save(self) -> None:
        """Keep what this successful run read and made for the next one."""
        self.cache.save()
        if self.fronts is not None:
            self.fronts.save()


def scratch_folder(project: Project) -> Path | None:
    """A new folder of the cache to render pages into and throw away (remove_later), so
    that a run that publishes nothing (`check`, the editor's checks) reuses and feeds the
    page cache as a build does; None where the cache cannot be written."""
    top = project.root / FOLDER / "scratch"
    try:
        top.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(dir=top))
    except OSError:
        return None
