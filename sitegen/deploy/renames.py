"""Old addresses of pages that a deploy no longer builds: where each went, or that none did.

A page address that was live (the manifest records every page on the server) and that the
new build does not make has gone. Its successor is a page at an address new to the server:
the one built from the same source file, else the only one with the same text (pages.py).
Each gone address with a successor gets a permanent redirect to it. The redirects persist
(the manifest keeps them) and follow their pages through later renames; one whose old
address is a page again, or an editor's alias, is dropped: the page, and `aliases:`, win.
An address left with neither page nor redirect once `--delete` has run is lost: the deploy
warns, naming it, so that a 404 there is the editor's choice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.deploy.csp_bridge import HEADER_FILE
from sitegen.deploy.pages import PageRecord, SitePages
from sitegen.deploy.plan import Manifest
from sitegen.sitefiles.hosting import REDIRECTS_FILE, with_moved_pages

NETLIFY_REDIRECTS = REDIRECTS_FILE


@dataclass(frozen=True)
class Redirecting:
    """The automatic redirects to publish (old address: page), those new, and lost addresses."""

    redirects: dict[str, str] = field(default_factory=dict)
    added: dict[str, str] = field(default_factory=dict)
    lost: list[str] = field(default_factory=list)


def redirect_gone(folder: Path, remote: Manifest, pages: SitePages, delete: bool) -> Redirecting:
    """Redirect the pages gone from the server's manifest: in the manifest and in the header
    files of folder (which pages describe), at their end (sitegen.sitefiles.hosting.with_moved_pages)."""
    old = [page for path, page in remote.pages.items() if path in remote.files]
    for path in remote.files.keys() - remote.pages.keys():
        url = pages.url_of(path)  # a page listed before the manifest recorded pages
        if url is not None:
            old.append(PageRecord(url))
    outcome = redirect_gone_pages(old, remote.redirects, pages, delete)
    _write_redirects(folder, outcome.redirects)
    remote.redirects = outcome.redirects
    return outcome


def redirect_gone_pages(
    old_pages: Iterable[PageRecord],
    old_redirects: dict[str, str],
    new: SitePages,
    delete: bool,
) -> Redirecting:
    """The redirects after this deploy, from the pages and redirects the server had.

    Without delete the pages that went stay on the server, so a redirect to one stays too.
    """
    built = new.urls
    live = {page.url: page for page in old_pages if page.url not in old_redirects}
    arrived = [page for page in new.pages.values() if page.url not in live]
    moves: dict[str, str] = {}
    lost: list[str] = []
    for url, page in sorted(live.items()):
        if url in built or url in new.aliases:
            continue
        successor = _successor(page, arrived)
        if successor is not None:
            moves[url] = successor.url
        elif delete:
            lost.append(url)
    wanted = {**old_redirects, **moves}
    redirects: dict[str, str] = {}
    for old, target in sorted(wanted.items()):
        if old in built or old in new.aliases:
            continue  # a page again, or an editor's alias: theirs wins
        page = _page_reached(target, wanted, built)
        if page is None and delete:
            lost.append(old)
        else:
            redirects[old] = page or target  # without delete, target is still on the server
    added = {old: new for old, new in redirects.items() if old_redirects.get(old) != new}
    return Redirecting(redirects, added, sorted(set(lost)))


def _successor(page: PageRecord, arrived: list[PageRecord]) -> PageRecord | None:
    """The page that page became: same source file, else the one page with the same text."""
    if page.source:
        same_source = [new for new in arrived if new.source == page.source]
        if len(same_source) == 1:
            return same_source[0]
    if page.text:
        same_text = [new for new in arrived if new.text == page.text]
        if len(same_text) == 1:
            return same_text[0]
    return None


def _page_reached(url: str, redirects: dict[str, str], built: set[str]) -> str | None:
    """The built page a chain of redirects from url ends at; None if it ends elsewhere."""
    seen = set()
    while url not in built:
        if url in seen or url not in redirects:
            return None
        seen.add(url)
        url = redirects[url]
    return url


def _write_redirects(folder: Path, redirects: dict[str, str]) -> None:
    """Put the redirects of renamed pages at the end of folder's .htaccess and _redirects."""
    rules = sorted(redirects.items())
    header = folder / HEADER_FILE
    if header.is_file():  # the build writes one; without it, Apache is not the host
        _replace(header, with_moved_pages(header.read_bytes(), rules, netlify=False))
    netlify = folder / NETLIFY_REDIRECTS
    before = netlify.read_bytes() if netlify.is_file() else b""
    after = with_moved_pages(before, rules, netlify=True)
    if after:
        _replace(netlify, after)
    else:
        netlify.unlink(missing_ok=True)


def _replace(path: Path, data: bytes) -> None:
    if not path.is_file() or path.read_bytes() != data:
        path.write_bytes(data)
