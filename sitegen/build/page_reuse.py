"""A build's pages: those the page cache holds placed from it, the others rendered into it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import jinja2

from sitegen.build import page_keys
from sitegen.build.missing import Declared
from sitegen.build.navigation import Navigation
from sitegen.build.page_cache import PageCache, Stored, problem_entries, problems_of
from sitegen.build.render import PageStore, RenderedPages, render_pages
from sitegen.build.sections import Parts
from sitegen.core.problems import Problem
from sitegen.core.project import Project
from sitegen.markdown.images import Media
from sitegen.source.addresses import Addresses
from sitegen.source.site import Page, Site


@dataclass(frozen=True)
class CacheRecord:
    """The page cache's index after this build: every page's entry by its key."""

    cache: PageCache
    pages: dict[str, Stored]
    reused: int  # pages taken from the cache

    def save(self) -> None:
        """Enter this build's pages in the index (once the build's output is in place)."""
        self.cache.save(self.pages)


def render_reusing(
    project: Project,
    site: Site,
    env: jinja2.Environment,
    manifest: dict[str, tuple[str, bytes]],
    parts: Parts,
    media: Media | None,
    nav: Navigation,
    addresses: Addresses,
    declared: Declared,
    write_to: Path,
    cache: PageCache,
) -> tuple[RenderedPages, CacheRecord]:
    """Every page into write_to: from the cache when its key (page_keys) is there, else rendered.

    A page is taken from the cache only while the pages its links looked up are as they
    were. Its warnings come from the cache's index, so that the build reports what a build
    without the cache reports.
    """
    keys = page_keys.site_keys(project, site, manifest, parts, media, nav)
    store = PageStore(cache)
    entries: dict[str, Stored] = {}
    taken: dict[str, Stored] = {}
    missed: list[Page] = []
    made: set[str] = set()
    staging = str(write_to)
    for page in site.pages:
        body = page_keys.body_key(keys, page)
        key = store.pages[page.output] = page_keys.page_key(keys, page, body, nav)
        stored = cache.lookup(key)
        if stored is not None and page_keys.still_alike(addresses, stored.seen):
            target = os.path.join(staging, page.output)
            folder = os.path.dirname(target)
            if folder not in made:
                _make_folder(folder)
                made.add(folder)
            if cache.place(key, target):
                entries[key] = stored
                taken[page.output] = stored
                continue
        store.bodies[page.output] = body
        missed.append(page)
    by_output = {page.output: page for page in site.pages}
    warnings: dict[str, list[Problem]] = {
        out: problems_of(stored.warnings, by_output[out]) for out, stored in taken.items()
    }
    assets = {name: out for name, (out, _) in manifest.items()}
    rendered = render_pages(
        site,
        env,
        project.templates,
        assets,
        parts,
        only=missed,
        write_to=write_to,
        declared=declared,
        media=media,
        nav=nav,
        addresses=addresses,
        store=store,
        cached=warnings,
    )
    cache.cache.notes.extend(rendered.notes)
    for page in missed:
        if page.output in rendered.stored:
            size, mtime = rendered.stored[page.output]
            stored = Stored(
                size,
                mtime,
                rendered.scans[page.output],
                store.bodies[page.output],
                rendered.seen[page.output],
                problem_entries(rendered.page_warnings[page.output], page),
            )
            entries[store.pages[page.output]] = stored
    for output, stored in taken.items():
        rendered.outputs.append(output)
        rendered.scans[output] = stored.scan
    return rendered, CacheRecord(cache, entries, len(taken))


def _make_folder(folder: str) -> None:
    """A folder in the staging folder, whose parent is most often there already."""
    try:
        os.mkdir(folder)
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
    except FileExistsError:
        pass
