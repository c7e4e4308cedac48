"""Checking every link and anchor in the built pages against the files the build made."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Collection, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import SplitResult, unquote, urlsplit, urlunsplit

from sitegen.core.problems import Problem
from sitegen.render.page_body import locate
from sitegen.source.sections import Section
from sitegen.source.site import Page, Site

# Our pages come from our templates and Python-Markdown's serializer, which quote every
# attribute; scanning tags with a pattern is exact for them and far faster than parsing each
# page again. Unquoted and single-quoted values (raw HTML) are read too.
_TAG = re.compile(r"<[A-Za-z][^>]*>")
_ATTRIBUTE = re.compile(
    r"""\s(href|src|id)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE
)
# A link's target as Markdown or HTML writes it: `](target)`, `href="target"`.
_WRITTEN = re.compile(r"""\]\(<?([^)\s>]+)>?(?:\s[^)]*)?\)|href=["']([^"']+)["']""")
_EXTERNAL = ("http", "https")
_SKIPPED = ("mailto", "tel")
EXTERNAL_TIMEOUT = 10


@dataclass(frozen=True)
class Scanned:
    """The addresses a page refers to and the ids it holds."""

    links: list[str]
    ids: set[str]


def scan(page_html: str) -> Scanned:
    links, ids = [], set()
    for tag in _TAG.findall(page_html):
        for name, *values in _ATTRIBUTE.findall(tag):
            value = html.unescape(next((v for v in values if v), ""))
            if name.lower() == "id":
                ids.add(value)
            else:
                links.append(value)
    return Scanned(links, ids)


@dataclass(frozen=True)
class Checked:
    """What checking one page's links found fine: all a later check needs, while the site
    makes the same files (same base path, same address) and the page the same links.

    Only the anchors the page's links name in other pages can then change (those pages may
    have changed): they are looked at again.
    """

    anchors: tuple[tuple[str, str], ...]  # (output file, anchor) of each link into another page
    external: tuple[str, ...]  # the outside addresses it links to


@dataclass
class Resolved:
    """Links read and paths resolved, shared by check_links and unreached over one build's
    outputs: most links repeat on many pages (the menu, the footer, the stylesheet), and a
    relative path leads to the same file from every page of a folder.
    """

    split: Callable[[str], SplitResult] = field(
        default_factory=lambda: functools.lru_cache(maxsize=None)(urlsplit)
    )
    # (folder, path) -> the output file, or None
    outputs: dict[tuple[str, str], str | None] = field(default_factory=dict)


@dataclass
class LinkReport:
    """What checking the links of some pages found."""

    problems: list[Problem] = field(default_factory=list)
    external: dict[str, Page] = field(default_factory=dict)  # each with a page linking to it
    fine: dict[str, Checked] = field(default_factory=dict)  # pages without a problem


def check_links(
    site: Site,
    outputs: Collection[str],
    scans: dict[str, Scanned],
    pages: Iterable[Page] | None = None,
    memo: Resolved | None = None,
) -> LinkReport:
    """Broken internal links and anchors of the pages (all by default); outside addresses.

    outputs names every file the build makes; scans holds the links and ids of every page;
    memo, given to unreached too, is for these outputs only.
    """
    report = LinkReport()
    memo = memo or Resolved()
    home = urlsplit(str(site.settings.get("url", "")))
    fine: dict[tuple[str, str], tuple[str, str] | None] = {}  # an anchor each fine link needs
    for page in site.pages if pages is None else pages:
        if page.output in scans:
            _check_page_links(site, page, outputs, scans, memo, home, fine, report)
    # A section shown on every page (the contacts) would report its link once per page.
    report.problems = list(dict.fromkeys(report.problems))
    return report


def _check_page_links(
    site: Site,
    page: Page,
    outputs: Collection[str],
    scans: dict[str, Scanned],
    memo: Resolved,
    home: SplitResult,
    fine: dict[tuple[str, str], tuple[str, str] | None],
    report: LinkReport,
) -> None:
    """One page's links into report; fine holds the links (by folder) found fine so far."""
    problems, resolved = report.problems, memo.outputs
    count = len(problems)
    anchors: list[tuple[str, str]] = []
    outside: list[str] = []
    for link in dict.fromkeys(scans[page.output].links):
        parts = memo.split(link)
        scheme = parts.scheme.lower()
        if scheme in _SKIPPED:
            continue
        own = _own_address(site, home, parts) if scheme in _EXTERNAL else None
        if own is not None:  # a full address of this very site: checked as a page of it
            own_parts = memo.split(own)
            args = (outputs, scans, resolved)
            problems += _check_internal(site, page, own, own_parts, *args, shown=link)
            _need(anchors, _anchor(page, own_parts, resolved), page)
        elif scheme in _EXTERNAL or link.startswith("//"):
            if _well_formed(link):
                report.external.setdefault(link, page)
                outside.append(link)
            else:
                problems.append(_problem("E603", page, link, site, url=link))
        else:
            # A link's outcome depends on the page only through the folder it is relative
            # to (or, for a bare #anchor, the page itself): links found fine are not
            # checked again from another page.
            where = page.output if not parts.path else _directory(page, parts.path)
            if (where, link) not in fine:
                wrong = _check_internal(site, page, link, parts, outputs, scans, resolved)
                if wrong:
                    problems += wrong
                    continue
                fine[where, link] = _anchor(page, parts, resolved)
            _need(anchors, fine[where, link], page)
    if len(problems) == count:
        report.fine[page.output] = Checked(tuple(anchors), tuple(outside))


def still_fine(before: Checked, scans: dict[str, Scanned]) -> bool:
    """Whether each anchor a page's links need in another page is still there."""
    for target, anchor in before.anchors:
        if target in scans and anchor not in scans[target].ids:
            return False
    return True


def _still_fine(before: Checked, scans: dict[str, Scanned]) -> bool:
    """Whether each anchor a page's links need in another page is still there."""
    for target, anchor in before.anchors:
        if target in scans and anchor not in scans[target].ids:
            return False
    return True


def _anchor(
    page: Page, parts: SplitResult, resolved: dict[tuple[str, str], str | None]
) -> tuple[str, str] | None:
    """The page and anchor that a link found fine needs (as _check_internal checks them).

    The same for each page of a folder (the page itself among them: _need leaves it out).
    """
    if not parts.fragment or not parts.path:  # none, or in the page itself (unchanged)
        return None
    target = resolved.get((_directory(page, parts.path), parts.path))
    if target is None or not target.endswith(".html"):
        return None
    return target, unquote(parts.fragment)


def _need(anchors: list[tuple[str, str]], anchor: tuple[str, str] | None, page: Page) -> None:
    """Note an anchor a page's link needs, unless in the page itself (the same as it was)."""
    if anchor is not None and anchor[0] != page.output:
        anchors.append(anchor)


def _check_internal(
    site: Site,
    page: Page,
    link: str,
    parts: SplitResult,
    outputs: Collection[str],
    scans: dict[str, Scanned],
    resolved: dict[tuple[str, str], str | None],
    shown: str | None = None,
) -> list[Problem]:
    """Problems of a link into the site; shown is the link as written, if link is not."""
    shown = shown or link
    if not parts.path:
        target: str | None = page.output
    else:
        directory = _directory(page, parts.path)
        place = (directory, parts.path)
        if place not in resolved:
            resolved[place] = _output_for(site, directory + parts.path, outputs)
        target = resolved[place]
        if target is None:
            return [_problem("E601", page, shown, site, url=shown)]
    if parts.fragment and target.endswith(".html"):
        anchor = unquote(parts.fragment)
        if target in scans and anchor not in scans[target].ids:
            return [_problem("E602", page, shown, site, url=shown, anchor=anchor)]
    return []


def _own_address(site: Site, home: SplitResult, parts: SplitResult) -> str | None:
    """The path (with query and fragment) of a full address inside the site, else None.

    Bare addresses in pages become links (sitegen.markdown.bare_links); one that names a
    page of this site is checked like `/page/`, before the site is even published. home is
    the site's own address, split.
    """
    if parts.scheme.lower() not in _EXTERNAL or not home.netloc:
        return None
    if parts.netloc.lower() != home.netloc.lower():
        return None
    path = parts.path or "/"
    if not (path + "/").startswith(site.base_path):
        return None
    return urlunsplit(("", "", path, parts.query, parts.fragment))


def _directory(page: Page, path: str) -> str:
    """The folder a link's path is relative to: none for an absolute path."""
    if path.startswith("/"):
        return ""
    return page.url if page.url.endswith("/") else page.url.rsplit("/", 1)[0] + "/"


def _output_for(site: Site, path: str, outputs: Collection[str]) -> str | None:
    """The output file an internal link's path (made absolute) leads to, or None."""
    segments: list[str] = []
    for segment in path.split("/"):
        if segment == "..":
            if segments:
                segments.pop()
        elif segment != ".":
            segments.append(segment)
    path = unquote("/".join(segments))
    base = site.base_path
    if not (path + "/").startswith(base):
        return None
    relative = path[len(base) :]
    if relative == "" or relative.endswith("/"):
        candidates = [relative + "index.html"]
    else:
        candidates = [relative, relative + "/index.html"]
    return next((c for c in candidates if c in outputs), None)


def ways_of(
    site: Site,
    pages: Iterable[Page],
    outputs: Collection[str],
    scans: dict[str, Scanned],
    memo: Resolved | None = None,
) -> dict[str, tuple[str, ...]]:
    """The other output files each page's links lead to, by its output file."""
    memo = memo or Resolved()
    return {
        page.output: _reached(site, page, outputs, scans, memo.split, memo.outputs)
        for page in pages
    }


def unreached(
    site: Site,
    outputs: Collection[str],
    ways: dict[str, tuple[str, ...]],
    menu: Iterable[object] = (),
) -> list[Problem]:
    """A note for each published page that no menu entry and no other published page links to.

    The home page and the 404 page need no link. ways holds where each published page's
    links lead (ways_of); menu holds entries with a `url`.
    """
    published = [page for page in site.pages if page.published]
    if not published:
        return []
    reached: set[str] = set()
    for entry in menu:
        url = str(getattr(entry, "url", ""))
        target = _output_for(site, _directory(published[0], url) + url, outputs)
        reached.add(target or "")
    for page in published:
        reached.update(ways.get(page.output, ()))
    return [
        Problem.of("W601", page.source, 1, url=page.url)
        for page in published
        if page.path and not page.path.endswith(".html") and page.output not in reached
    ]


def _reached(
    site: Site,
    page: Page,
    outputs: Collection[str],
    scans: dict[str, Scanned],
    split: Callable[[str], SplitResult],
    resolved: dict[tuple[str, str], str | None],
) -> tuple[str, ...]:
    """The other output files a page's links lead to."""
    reached = {}
    for link in dict.fromkeys(scans.get(page.output, Scanned([], set())).links):
        parts = split(link)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        place = (_directory(page, parts.path), parts.path)
        if place not in resolved:
            resolved[place] = _output_for(site, place[0] + place[1], outputs)
        target = resolved[place]
        if target is not None and target != page.output:
            reached[target] = None
    return tuple(reached)


def _well_formed(url: str) -> bool:
    parts = urlsplit(url)
    host = parts.hostname or ""
    return bool(host) and ("." in host or host == "localhost") and " " not in url


def _problem(
    code: str, page: Page, link: str, site: Site | None = None, **values: object
) -> Problem:
    """The problem at the link's line: in the page, or in a section the page shows."""
    line, column = locate(page, link)
    written = _written(page, link) if line is None else None
    if written is not None:  # written as a page's file (`faq.md#nope`), shown as written
        line, column = locate(page, written)
        values = {**values, "url": written} if "url" in values else values
    if line is None and site is not None and link.startswith(site.base_path):
        # The editor wrote the address without the base path (/about/ for /cyber/about/).
        line, column = locate(page, "/" + link[len(site.base_path) :])
    if line is None and site is not None:
        for section in _sections(site):
            line, column = locate(section, link)
            if line is not None:
                return Problem.of(code, section.source, line, column, **values)
    return Problem.of(code, page.source, line, column, **values)


def _written(page: Page, link: str) -> str | None:
    """The link as the page's Markdown writes it, when it was converted (a page's file,
    `faq.md#nope`, becomes `/guide/faq/#nope`): the one written target with the same anchor
    whose file names the address's last folder. None if there is not exactly one."""
    parts = urlsplit(link)
    if not parts.fragment:
        return None
    name = parts.path.rstrip("/").rsplit("/", 1)[-1] or "index"
    found = set()
    for match in _WRITTEN.finditer(page.body):
        target = match.group(1) or match.group(2)
        if target.endswith("#" + parts.fragment):
            stem = _stem(target.split("#", 1)[0])
            if stem in (name, "index", ""):
                found.add(target)
    return found.pop() if len(found) == 1 else None


def _stem(path: str) -> str:
    """The name a written page file gives its address: `faq` for `../guide/faq.md`."""
    last = path.rsplit("/", 1)[-1]
    return last[: -len(".md")] if last.endswith(".md") else last


def _sections(site: Site) -> Iterable[Section]:
    for section in site.sections.values():
        yield section
        yield from section.items


def check_external(pages: dict[str, Page]) -> list[Problem]:
    """Ask each outside address once (HEAD, then GET); a failure names a page that links it."""
    urls = sorted(pages)
    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(_reach, urls))
    return [
        _problem("E604", pages[url], url, url=url, detail=detail)
        for url, detail in zip(urls, outcomes, strict=True)
        if detail
    ]


def _reach(url: str) -> str:
    """ "" if url answers with a success, else a short reason."""
    # Imported here: only `check --external` goes online, and the import slows every build.
    import urllib.error
    import urllib.request

    last = ""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(
            url, method=method, headers={"User-Agent": "sitegen-check"}
        )
        try:
            with urllib.request.urlopen(request, timeout=EXTERNAL_TIMEOUT):
                return ""
        except urllib.error.HTTPError as error:
            last = f"HTTP {error.code}"
        except (urllib.error.URLError, OSError) as error:
            last = str(getattr(error, "reason", error))
    return last
