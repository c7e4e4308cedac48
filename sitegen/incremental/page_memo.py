"""How the page cache wraps the pages stage, which takes no cache parameter.

The stage converts each body through `sitegen.render.page_body.convert_body`, marked pure:
while `lent` is in force, `BodyMemo` answers it from the bodies an earlier build converted
(while the pages their links looked up are still alike) and keeps the bodies converted now.
The stage tells of each page it writes (`tell("page", …)`): `PageEntries` enters it in the
page cache as a hard link, in the worker that wrote it, under its key (what is its own and
what it read). Both live in the forked workers as copies of the parent's (a fork copies the
process); what they kept there (the entries made, the damaged files met) comes back with the
workers' results (sitegen.core.remembered.hand_back).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from sitegen.core.problems import Problem
from sitegen.core.remembered import keeping
from sitegen.incremental.page_cache import PageCache
from sitegen.incremental.page_keys import still_alike
from sitegen.incremental.records import ALWAYS, LookedUp
from sitegen.render.page_body import BodyConverter, Converted
from sitegen.source.addresses import Addresses
from sitegen.source.site import Page

Entered = tuple[str, int, int]  # a page's key, and its cached file's size and mtime


class BodyMemo:
    """Converted bodies by key (page_keys.body_key), for the pages of one build."""

    def __init__(self, cache: PageCache, addresses: Addresses):
        self.cache = cache
        self.addresses = addresses
        self.keys: dict[str, str] = {}  # each page's body key, by output file
        self.noted = 0  # the notes of damaged files the workers inherited (lent)

    def __call__(
        self,
        compute: Callable[[BodyConverter, LookedUp, Page], Converted],
        converter: BodyConverter,
        looked: LookedUp,
        page: Page,
    ) -> Converted:
        """convert_body's result: kept, or converted (and kept for the next build)."""
        key = self.keys.get(page.output)
        if key is None:
            return compute(converter, looked, page)
        body = self.cache.read_body(key, page)
        if body is not None and still_alike(self.addresses, body.seen):
            return body
        body = compute(converter, looked, page)
        with contextlib.suppress(OSError):  # a cache that cannot be written costs time only
            self.cache.store_body(key, body, page)
        return body

    def hand_back(self) -> list[Problem]:
        """In a worker, after a chunk: its bodies written, the damaged files it met."""
        self.cache.flush()
        notes = self.cache.cache.notes
        # Taken out of the list the worker inherited, so that its next chunk sends them once.
        met = notes[self.noted :]
        del notes[self.noted :]
        return met

    def take_back(self, met: list[Problem]) -> None:
        self.cache.cache.notes.extend(met)


class PageEntries:
    """Pages entered in the page cache as the stage writes them, by output file."""

    def __init__(self, cache: PageCache, key_of: Callable[[str, frozenset[str]], str]):
        self.cache = cache
        self.key_of = key_of  # a page's key from what is its own and the inputs it read
        self.own: dict[str, str] = {}  # what is its own (page_keys.page_own), by output file
        self.entered: dict[str, Entered] = {}

    def __call__(
        self, page: Page, written: Path, stat: os.stat_result, reads: frozenset[str]
    ) -> None:
        """Enter the page just written at written (its stat) with what it read."""
        key = self.key_of(self.own[page.output], reads | ALWAYS)
        stored = self.cache.store_page(key, written, stat)
        if stored is not None:
            self.entered[page.output] = (key, *stored)

    def hand_back(self) -> dict[str, Entered]:
        entered, self.entered = self.entered, {}
        return entered

    def take_back(self, entered: dict[str, Entered]) -> None:
        self.entered.update(entered)

    def take(self) -> dict[str, Entered]:
        """The pages entered since the last take (by this process and its workers)."""
        return self.hand_back()


@contextlib.contextmanager
def lent(bodies: BodyMemo, entries: PageEntries) -> Iterator[None]:
    """The pages stage's bodies answered by bodies, its pages entered by entries."""
    bodies.noted = len(bodies.cache.cache.notes)
    with keeping("body", bodies), keeping("page", entries):
        yield
    bodies.cache.flush()  # the bodies converted in this process (no workers: a small site)
