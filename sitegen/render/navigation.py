"""How pages reach each other: the site's menu, breadcrumbs, and the lists of news pages."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from posixpath import dirname
from urllib.parse import urlsplit

from sitegen.core.problems import Problem
from sitegen.source.addresses import Addresses
from sitegen.source.site import Page, Site
from sitegen.source.yaml_loader import Mapping, Sequence


@dataclass(frozen=True)
class MenuEntry:
    """One entry of the menu as templates see it: its title and its address."""

    title: str
    url: str


@dataclass(frozen=True)
class Navigation:
    """The menu, each list page's pages (newest first) and the latest few for the top page."""

    menu: tuple[MenuEntry, ...] = ()
    lists: dict[str, tuple[Page, ...]] = field(default_factory=dict)  # by the index's output
    latest: tuple[Page, ...] = ()
    folders: dict[str, Page] = field(default_factory=dict)  # each folder's index page by path
    news_index: Page | None = None  # the first list page, which the top page links to

    def crumbs(self, page: Page) -> list[Page]:
        """The index pages of the folders above page (not the home page), then page itself.

        Empty for a page at the top level: a breadcrumb is shown only for pages in folders.
        """
        parts = page.path.rstrip("/").split("/")[:-1]
        if not parts:
            return []
        trail = []
        for depth in range(1, len(parts) + 1):
            index = self.folders.get("/".join(parts[:depth]) + "/")
            if index is not None:
                trail.append(index)
        return [*trail, page]


def navigation(site: Site, addresses: Addresses) -> tuple[Navigation, list[Problem]]:
    """The site's navigation, and the problems of its menu entries."""
    menu, problems = _menu(site, addresses)
    folders = {page.path: page for page in site.pages if page.relative.endswith("index.md")}
    lists = {page.output: news_pages(site, page) for page in site.pages if page.listing}
    count = site.settings.get("latest_news")
    latest: tuple[Page, ...] = ()
    if isinstance(count, int) and count > 0:
        every = {p.output: p for pages in lists.values() for p in pages}.values()
        latest = tuple(sorted(every, key=_newest_first)[:count])
    index = next((page for page in site.pages if page.listing), None)
    return Navigation(menu, lists, latest, folders, index), problems


def news_pages(site: Site, index: Page) -> tuple[Page, ...]:
    """The pages below a list page's folder, newest first (then by address)."""
    folder = dirname(index.relative)
    if not folder:
        return ()
    below = [
        page
        for page in site.pages
        if page is not index and (dirname(page.relative) + "/").startswith(folder + "/")
    ]
    return tuple(sorted(below, key=_newest_first))


def _newest_first(page: Page) -> tuple[int, str]:
    date = page.date or datetime.date.min
    return (-date.toordinal(), page.url)


def _menu(site: Site, addresses: Addresses) -> tuple[tuple[MenuEntry, ...], list[Problem]]:
    entries = site.settings.get("menu")
    if not isinstance(entries, Sequence):
        return (), []
    found, problems = [], []
    for entry in entries:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("link"), str):
            continue  # the schema reports it
        line, column = entry.mark_of("link")
        resolved = addresses.resolve(entry["link"])
        if resolved.problem is not None:
            code, values = resolved.problem
            problems.append(Problem.of(code, site.settings_file, line, column, **values))
            continue
        internal = not urlsplit(resolved.href).scheme and not resolved.href.startswith("//")
        if internal and resolved.page is None and resolved.href.split("#")[0].endswith("/"):
            problems.append(Problem.of("E601", site.settings_file, line, column, url=entry["link"]))
            continue
        if resolved.page is not None and not resolved.page.published:
            problems.append(Problem.of("E607", site.settings_file, line, column, url=entry["link"]))
        found.append(MenuEntry(str(entry.get("title", "")), resolved.href))
    return tuple(found), problems
