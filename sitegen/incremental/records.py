"""What an output read while it was made: the names of its inputs, noted as they are read.

As Lektor's build state does (`ctx.record_dependency`), the places where a page's template
reads something call `record(name)`: the template environment for every template it loads
(a cached template too, and a name it looked for and did not find), the template context
for the site-wide values a template names (`data`, `sections`, `pages`, `latest`,
`news_index`). A value computed once and reused on other pages (a shared partial)
replays the names it read into each page that uses it. The page cache
(`sitegen/incremental/page_reuse.py`) keeps each page with its names and reuses it only
while every input it names is unchanged.

Names: `template:NAME` for a template file (relative to templates/), and the names of
INPUTS below for the rest. A body's conversion notes the pages its links looked up
(`LookedUp`), each with its address and status then.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from contextvars import ContextVar

from sitegen.source.addresses import Addresses
from sitegen.source.site import Page

TEMPLATE = "template:"
# The values every template is given whose change shows on the pages that read them.
# (The menu is made from the site's settings alone, which every page depends on.)
CONTEXT = frozenset({"data", "sections", "pages", "latest", "news_index"})
# What every page depends on whether or not its template names it: our code and libraries,
# the site's settings (addresses, labels: template functions and the page's own view read
# them), the assets and the images of assets/ (template functions read them). Builds and
# previews keep pages apart (page_cache), so the kind of build is no input.
ALWAYS = frozenset({"code", "settings", "assets", "images"})

_reads: ContextVar[set[str] | None] = ContextVar("sitegen_reads", default=None)


def record(name: str) -> None:
    """Note that the output being made read the input called name."""
    reads = _reads.get()
    if reads is not None:
        reads.add(name)


def replay(names: Iterable[str]) -> None:
    """Note the inputs a reused result read when it was made."""
    reads = _reads.get()
    if reads is not None:
        reads.update(names)


@contextlib.contextmanager
def recording() -> Iterator[set[str]]:
    """The names read inside, in a set of their own (and in the output around, if any)."""
    outer = _reads.get()
    reads: set[str] = set()
    token = _reads.set(reads)
    try:
        yield reads
    finally:
        _reads.reset(token)
        if outer is not None:
            outer.update(reads)


class LookedUp(Addresses):
    """Addresses that note each page a body's links looked up, and what it was then.

    Shares the tables of the build's Addresses. The outcome of a link depends on the pages
    only through these look-ups (by file, by address): a body converted earlier is still
    right while each page it looked up has the same address and status.
    """

    def __init__(self, addresses: Addresses):
        # Not Addresses.__init__, which would build the tables again.
        self.pages = addresses.pages
        self.base_path = addresses.base_path
        self.assets = addresses.assets
        self.by_source = addresses.by_source
        self.by_url = addresses.by_url
        self.seen: dict[str, str] = {}

    def page_by_source(self, relative: str) -> Page | None:
        page = self.by_source.get(relative)
        self.seen["s" + relative] = state_of(page)
        return page

    def page_by_url(self, url: str) -> Page | None:
        page = self.by_url.get(url)
        self.seen["u" + url] = state_of(page)
        return page


def state_of(page: Page | None) -> str:
    """A page looked up as LookedUp notes it: its address and status, or "" if none."""
    return "" if page is None else f"{page.url} {page.status}"
