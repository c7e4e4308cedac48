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
from sitegen.incremental.page_memo import BodyMemo, PageEntries, lent
from sitegen.incremental.records import ALWAYS
from sitegen.markdown.images import Media
from sitegen.render.missing import Declared
from sitegen.render.navigation import Navigation
from sitegen.render.pages import RenderedPages, render_pages
from sitegen.render.sections import Parts
from sitegen.source.addresses import Addresses
from sitegen.source.site import Page, Site
from sitegen.source.template_files import TemplateFiles


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
            _, entries = self.render(gone)
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
    else rendered (its body from the cache when that still holds; the page entered in the
    cache with the inputs it read: page_memo).

    A page is taken from the cache only while the inputs it read and the pages its links
    looked up are as they were. Its warnings come from the cache's index, so that the build
    reports what a build without the cache reports.
    """
    keys = page_keys.site_keys(project, site, manifest, parts, media, nav, _templates(env))
    bodies = BodyMemo(cache, addresses)
    made = PageEntries(cache, functools.partial(_key_of, keys))
    made_keys: dict[str, str] = {}  # each page's key, by output file
    record = CacheRecord(cache, {}, 0, keys=made_keys)
    taken: dict[str, Stored] = {}
    missed: list[Page] = []
    for page in site.pages:
        recorded = cache.recorded(page.output)
        body = page_keys.body_key(keys, page, _shows_media(recorded, page))
        own = page_keys.page_own(keys, page, body, nav)
        # Kept for every page: one taken from the cache is rendered if its file vanishes.
        bodies.keys[page.output], made.own[page.output] = body, own
        found = _reusable(cache, keys, addresses, recorded, own)
        if found is None:
            missed.append(page)
            continue
        key, stored = found
        made_keys[page.output] = key
        record.pages[key] = taken[page.output] = stored
        record.to_place[key] = (page.output, page)
    assets = {name: out for name, (out, _) in manifest.items()}
    args = (site, env, project.templates, assets, parts)
    stage = functools.partial(render_pages, *args, write_to=write_to, declared=declared)

    def render(pages: list[Page]) -> tuple[RenderedPages, dict[str, Stored]]:
        with lent(bodies, made):
            rendered = stage(only=pages, media=media, nav=nav, addresses=addresses)
        return rendered, _entries(pages, rendered, bodies, made, made_keys)

    cache.bodies.check()
    rendered, entries = render(missed)
    record.pages.update(entries)
    cache.settle_bodies({stored.body for stored in record.pages.values()})
    rendered.warnings = _in_site_order(site, rendered, taken)
    for output, stored in taken.items():
        rendered.outputs.append(output)
        rendered.scans[output] = stored.scan
    record.reused, record.render, record.inputs = len(taken), render, keys.inputs
    return rendered, record


def _shows_media(recorded: tuple[str, Stored] | None, page: Page) -> bool | None:
    """may_show_media of the page's body as the index records it for the same file (so
    that an unchanged page's body is not even decoded); None if not known."""
    if recorded is None or not page.digest or recorded[1].file != page.digest:
        return None
    return recorded[1].media


def _templates(env: jinja2.Environment) -> TemplateFiles:
    """The templates as the environment read them (make_environment's loader): never read
    again here, or a template saved meanwhile would be digested, not the one pages used."""
    loader = env.loader
    if not isinstance(loader, TemplateFiles):
        raise TypeError(f"an environment not made by make_environment: {loader!r}")
    return loader


def _in_site_order(site: Site, rendered: RenderedPages, taken: dict[str, Stored]) -> list[Problem]:
    """The warnings of the pages rendered and of those taken from the cache, in the site's
    order, each once: what a build without the cache reports (render_pages' own order)."""
    warnings: list[Problem] = []
    for page in site.pages:
        if page.output in rendered.page_warnings:
            warnings += rendered.page_warnings[page.output]
        elif page.output in taken:
            warnings += problems_of(taken[page.output].warnings, page)
    return list(dict.fromkeys(warnings))


def _key_of(keys: page_keys.SiteKeys, own: str, names: frozenset[str]) -> str:
    """A rendered page's key (every name a render records is one this build knows)."""
    return page_keys.page_key(keys, own, names) or page_keys.digest(own, "?")


def _reusable(
    cache: PageCache,
    keys: page_keys.SiteKeys,
    addresses: Addresses,
    recorded: tuple[str, Stored] | None,
    own: str,
) -> tuple[str, Stored] | None:
    """The cached page and its key (recorded: the index's entry of its output), if every
    input it read is unchanged and it is whole."""
    if recorded is None:
        return None
    key, stored = recorded
    if page_keys.page_key(keys, own, stored.names) != key or cache.lookup(key) is None:
        return None
    if not page_keys.still_alike(addresses, stored.seen):
        return None
    return key, stored


def _entries(
    pages: list[Page],
    rendered: RenderedPages,
    bodies: BodyMemo,
    made: PageEntries,
    keys: dict[str, str],
) -> dict[str, Stored]:
    """The index entries of pages just rendered and entered in the cache, by key; keys
    gets each one's key by output file."""
    entries = {}
    entered = made.take()
    for page in pages:
        if page.output not in entered:
            continue
        key, size, mtime = entered[page.output]
        keys[page.output] = key
        entries[key] = Stored(
            size,
            mtime,
            rendered.scans[page.output],
            bodies.keys[page.output],
            rendered.seen[page.output],
            problem_entries(rendered.page_warnings[page.output], page),
            page.output,
            rendered.reads[page.output] | ALWAYS,
            made.own[page.output],
            page.digest or "",
            page_keys.may_show_media(page.body),
        )
    return entries
