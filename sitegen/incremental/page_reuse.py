"""A build's pages: those the page cache holds placed from it, the others rendered into it."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from sitegen.core.problems import Problem
from sitegen.core.project import Project
from sitegen.incremental import page_keys
from sitegen.incremental.page_cache import PageCache, Stored, problem_entries, problems_of
from sitegen.markdown.images import Media
from sitegen.render.missing import Declared
from sitegen.render.navigation import Navigation
from sitegen.render.pages import PageStore, RenderedPages, render_pages
from sitegen.render.sections import Parts
from sitegen.source.addresses import Addresses
from sitegen.source.site import Page, Site


@dataclass
class CacheRecord:
    """The page cache's index after this build: every page's entry by its key."""

    cache: PageCache
    pages: dict[str, Stored]
    reused: int  # pages taken from the cache
    # The pages to take from the cache, placed once their folders exist: key and output file.
    to_place: dict[str, tuple[str, Page]] = field(default_factory=dict)
    # Renders pages into the staging folder and the cache: their entries by key.
    render: Callable[[list[Page]], tuple[RenderedPages, dict[str, Stored]]] | None = None
    keys: dict[str, str] = field(default_factory=dict)  # each page's key, by output file
    inputs: page_keys.Inputs | None = None  # the inputs' digests in this build

    def place(self, staging: Path) -> None:
        """Put the pages taken from the cache into staging, each in its folder (made).

        A page whose cached file is gone (removed by a build running at the same time,
        after this one looked it up) is rendered instead: the same key, the same page.
        """
        gone = []
        top = str(staging)
        for key, (output, page) in self.to_place.items():
            if not self.cache.place(key, os.path.join(top, output)):
                gone.append(page)
        self.to_place = {}
        if gone and self.render is not None:
            rendered, entries = self.render(gone)
            self.cache.cache.notes.extend(rendered.notes)
            self.pages.update(entries)
            self.reused -= len(gone)

    def save(self) -> None:
        """Enter this build's pages in the index (once the build's output is in place)."""
        inputs: dict[str, str] = {}
        if self.inputs is not None:
            names = set().union(*(stored.names for stored in self.pages.values()))
            found = {name: self.inputs.digest(name) for name in sorted(names)}
            inputs = {name: value for name, value in found.items() if value is not None}
        self.cache.save(self.pages, inputs)


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
    """Every page into write_to: from the cache when its record (page_keys) still holds,
    else rendered (and entered in the cache with the inputs it read).

    A page is taken from the cache only while the inputs it read and the pages its links
    looked up are as they were. Its warnings come from the cache's index, so that the build
    reports what a build without the cache reports.
    """
    keys = page_keys.site_keys(project, site, manifest, parts, media, nav)
    store = PageStore(cache, functools.partial(_key_of, keys))
    entries: dict[str, Stored] = {}
    taken: dict[str, Stored] = {}
    to_place: dict[str, tuple[str, Page]] = {}
    missed: list[Page] = []
    for page in site.pages:
        body = page_keys.body_key(keys, page)
        own = page_keys.page_own(keys, page, body, nav)
        # Kept for every page: one taken from the cache is rendered if its file vanishes.
        store.bodies[page.output], store.own[page.output] = body, own
        found = _reusable(cache, keys, addresses, page, own)
        if found is not None:
            key, stored = found
            store.pages[page.output] = key
            entries[key] = taken[page.output] = stored
            to_place[key] = (page.output, page)
            continue
        missed.append(page)
    by_output = {page.output: page for page in site.pages}
    warnings: dict[str, list[Problem]] = {
        out: problems_of(stored.warnings, by_output[out]) for out, stored in taken.items()
    }
    assets = {name: out for name, (out, _) in manifest.items()}
    render = functools.partial(
        render_pages,
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
        store=store,
    )
    cache.bodies.check()
    rendered = render(missed, cached=warnings)
    cache.cache.notes.extend(rendered.notes)
    entries.update(_entries(missed, rendered, store))
    cache.bodies.settle({stored.body for stored in entries.values()})
    for output, stored in taken.items():
        rendered.outputs.append(output)
        rendered.scans[output] = stored.scan

    def render_more(pages: list[Page]) -> tuple[RenderedPages, dict[str, Stored]]:
        more = render(pages)
        return more, _entries(pages, more, store)

    record = CacheRecord(cache, entries, len(taken), to_place, render_more, store.pages)
    record.inputs = keys.inputs
    return rendered, record


def _key_of(keys: page_keys.SiteKeys, own: str, names: frozenset[str]) -> str:
    """A rendered page's key (every name a render records is one this build knows)."""
    return page_keys.page_key(keys, own, names) or page_keys.digest(own, "?")


def _reusable(
    cache: PageCache, keys: page_keys.SiteKeys, addresses: Addresses, page: Page, own: str
) -> tuple[str, Stored] | None:
    """The cached page and its key, if every input it read is unchanged and it is whole."""
    recorded = cache.recorded(page.output)
    if recorded is None:
        return None
    key, stored = recorded
    if page_keys.page_key(keys, own, stored.names) != key or cache.lookup(key) is None:
        return None
    if not page_keys.still_alike(addresses, stored.seen):
        return None
    return key, stored


def _entries(pages: list[Page], rendered: RenderedPages, store: PageStore) -> dict[str, Stored]:
    """The index entries of pages just rendered (and entered in the cache), by key."""
    entries = {}
    for page in pages:
        if page.output in rendered.stored:
            size, mtime = rendered.stored[page.output]
            key = store.pages[page.output] = rendered.keys[page.output]
            entries[key] = Stored(
                size,
                mtime,
                rendered.scans[page.output],
                store.bodies[page.output],
                rendered.seen[page.output],
                problem_entries(rendered.page_warnings[page.output], page),
                page.output,
                rendered.reads[page.output],
                store.own[page.output],
                page.digest or "",
            )
    return entries
