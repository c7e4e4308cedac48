"""Rendering every page through its template, and the files that go beside them."""

from __future__ import annotations

import contextlib
import functools
import html
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from sitegen.core.files import write_new
from sitegen.core.messages import KIND_FIXES, KIND_WORDS
from sitegen.core.messages import text as message_text
from sitegen.core.problems import ContentError, Problem
from sitegen.core.workers import map_chunks
from sitegen.incremental.page_cache import Body, PageCache
from sitegen.incremental.page_keys import LookedUp, still_alike
from sitegen.japanese import phrases
from sitegen.markdown.images import Media
from sitegen.render.missing import (
    BadValueError,
    Declared,
    MissingAssetError,
    MissingValueError,
    missing_problem,
    undefined_detail,
    where_written,
)
from sitegen.render.navigation import Navigation
from sitegen.render.page_body import BodyConverter
from sitegen.render.sections import Parts
from sitegen.source.addresses import Addresses
from sitegen.source.site import Page, Site
from sitegen.validate.links import Scanned, scan


@dataclass(frozen=True)
class PageView:
    """What a template sees of a page: its fields, and its body as HTML."""

    page: Page
    content: Markup
    toc: list[dict[str, Any]]
    crumbs: list[Page] = field(default_factory=list)  # folders' index pages, then this page
    entries: tuple[Page, ...] = ()  # a list page's pages, newest first

    def __getattr__(self, name: str) -> Any:
        return getattr(self.page, name)


@dataclass
class RenderedPages:
    """Pages' output paths, their HTML (unless written out), the links and ids of each."""

    outputs: list[str] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    scans: dict[str, Scanned] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # notes: the pages are still made
    page_warnings: dict[str, list[Problem]] = field(default_factory=dict)  # by output path
    # With a PageStore: each page entered in the cache (its file's size and mtime), the pages
    # its body looked up, and the damaged cache files met (noted in a worker, sent back).
    stored: dict[str, tuple[int, int]] = field(default_factory=dict)
    seen: dict[str, dict[str, str]] = field(default_factory=dict)
    notes: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class PageStore:
    """The page cache and this build's keys: bodies are read from it, pages entered in it."""

    cache: PageCache
    pages: dict[str, str] = field(default_factory=dict)  # each page's key, by output path
    bodies: dict[str, str] = field(default_factory=dict)  # the body keys of pages to render


def render_pages(
    site: Site,
    env: jinja2.Environment,
    templates: Path,
    assets: dict[str, str],
    sections: Parts,
    only: Iterable[Page] | None = None,
    write_to: Path | None = None,
    declared: Declared | None = None,
    media: Media | None = None,
    nav: Navigation | None = None,
    addresses: Addresses | None = None,
    store: PageStore | None = None,
    cached: dict[str, list[Problem]] | None = None,
) -> RenderedPages:
    """Each page's HTML (all, or only some), and the problems found (errors name the template
    line); a page with an error in its template is left out, the others are rendered.

    With write_to, each page is written into that folder as soon as it is rendered (by the
    worker that rendered it) instead of being kept in memory. declared holds the fields each
    content file's model allows: a name a template asks for that is not among them is the
    template's mistake, not the content's. With store (and write_to), a page's converted
    body is taken from the cache when there, and the page entered in the cache; cached holds
    the warnings of the pages taken whole from the cache, reported in the site's order with
    those of the pages rendered, as a build without the cache would.
    """
    pages = list(site.pages if only is None else only)
    _prepare(env, pages)
    nav = nav or Navigation()
    addresses = addresses or Addresses(site.all_pages, site.base_path, assets)
    job = functools.partial(
        _render_some,
        site,
        env,
        templates,
        assets,
        sections,
        write_to,
        declared or {},
        media,
        nav,
        addresses,
        store,
    )
    result = RenderedPages()
    for some in map_chunks(job, pages):
        result.outputs += some.outputs
        result.files.update(some.files)
        result.scans.update(some.scans)
        result.problems += some.problems
        result.page_warnings.update(some.page_warnings)
        result.stored.update(some.stored)
        result.seen.update(some.seen)
        result.notes += some.notes
    cached = cached or {}
    for page in site.pages:
        if page.output in result.page_warnings:
            result.warnings += result.page_warnings[page.output]
        else:
            result.warnings += cached.get(page.output, ())
    # A mistake in the site's settings or a template shows on every page: report it once.
    unique = list(dict.fromkeys(result.problems + result.warnings))
    result.problems = [p for p in unique if not p.is_warning]
    result.warnings = [p for p in unique if p.is_warning]
    return result


def _prepare(env: jinja2.Environment, pages: list[Page]) -> None:
    """Compile the templates and load the phrase model once, before any worker starts."""
    phrases.load_model()
    for name in sorted({page.template for page in pages}):
        with contextlib.suppress(jinja2.TemplateError):  # reported by the page that names it
            env.get_template(name)


def _render_some(
    site: Site,
    env: jinja2.Environment,
    templates: Path,
    assets: dict[str, str],
    sections: Parts,
    write_to: Path | None,
    declared: Declared,
    media: Media | None,
    nav: Navigation,
    addresses: Addresses,
    store: PageStore | None,
    pages: list[Page],
) -> RenderedPages:
    """The HTML of some pages, what they link to, and the problems found in them."""
    looked = LookedUp(addresses) if store is not None else None
    converter = BodyConverter(
        assets,
        site.base_path,
        set(sections.reserved),
        site.settings.get("labels"),
        media,
        looked or addresses,
        site.settings_file.parent,
    )
    result = RenderedPages()
    files, problems = result.files, result.problems
    noted = len(store.cache.cache.notes) if store else 0
    for page in pages:
        content, toc, found = _convert(converter, store, looked, addresses, page)
        problems += [p for p in found if not p.is_warning]
        result.page_warnings[page.output] = [p for p in found if p.is_warning]
        view = PageView(page, content, toc, nav.crumbs(page), nav.lists.get(page.output, ()))
        try:
            rendered = env.get_template(page.template).render(
                site=site.settings,
                page=view,
                data=site.data,
                sections=sections.views,
                pages=site.pages,
                menu=nav.menu,
                latest=nav.latest,
                news_index=nav.news_index,
            )
        except MissingAssetError as error:
            problems.append(_missing_asset(error, page, site, sections, templates))
            continue
        except BadValueError as error:
            problems.append(_bad_value(error, page, site, sections, templates))
            continue
        except ContentError as error:
            problems += [_at_template_line(p, page, templates) for p in error.problems]
            continue
        except MissingValueError as error:
            problems.append(_missing(error, page, templates, declared))
            continue
        except jinja2.TemplateSyntaxError as error:
            problems.append(_template_problem(error, Path(error.filename or ""), error.lineno))
            continue
        except jinja2.TemplateError as error:
            problems.append(_from_traceback(error, page, templates))
            continue
        problems += _missing_required(page, rendered, site)
        if write_to is None:
            files[page.output] = rendered.encode("utf-8")
        else:
            written = write_new(write_to, page.output, rendered.encode("utf-8"))
            if store is not None:
                key = store.pages[page.output]
                entered = store.cache.store_page(key, write_to / page.output, written)
                if entered is not None:
                    result.stored[page.output] = entered
        result.outputs.append(page.output)
        result.scans[page.output] = scan(rendered)
        if looked is not None:
            result.seen[page.output] = looked.seen
    if store is not None:
        store.cache.flush()
        # Taken out of the cache's list (which a forked worker has a copy of) to travel back.
        notes = store.cache.cache.notes
        result.notes = notes[noted:]
        del notes[noted:]
    return result


def _convert(
    converter: BodyConverter,
    store: PageStore | None,
    looked: LookedUp | None,
    addresses: Addresses,
    page: Page,
) -> tuple[Markup, list[dict[str, Any]], list[Problem]]:
    """A page's body as HTML, its headings and problems: from the cache, or converted.

    With a store, looked holds afterwards the pages the body's links looked up.
    """
    key = store.bodies.get(page.output) if store else None
    if looked is not None:
        looked.seen = {}
    if store is None or looked is None or key is None:
        return converter.convert(page)
    body = store.cache.read_body(key, page)
    if body is not None and still_alike(addresses, body.seen):
        looked.seen = body.seen
        return Markup(body.html), body.toc, body.problems
    content, toc, found = converter.convert(page)
    with contextlib.suppress(OSError):  # a cache that cannot be written costs time only
        store.cache.store_body(key, Body(str(content), toc, found, looked.seen), page)
    return content, toc, found


def _missing_required(page: Page, rendered: str, site: Site) -> list[Problem]:
    """Texts the site settings name as required (approval number, disclaimer) on every page."""
    problems = []
    for name in site.settings.get("required_texts", []):
        required = str(site.settings.get(name, ""))
        if required and html.escape(required, quote=False) not in rendered:
            shown = required if len(required) <= 30 else required[:30] + "…"
            problems.append(Problem.of("E307", page.source, name=shown, url=page.url))
    return problems


def _missing(error: MissingValueError, page: Page, templates: Path, declared: Declared) -> Problem:
    """A name a template needs: the content's problem when content lacks it, else the template's."""
    path, line = _template_frame(sys.exc_info()[2], templates)
    name = path.relative_to(templates.resolve()).as_posix() if path else page.template
    problem = missing_problem(error, name, templates.parent, declared)
    if problem is not None:
        return problem
    return Problem.of("E402", path or page.source, line, detail=undefined_detail(error))


def _template_problem(error: Exception, path: Path, line: int | None) -> Problem:
    return Problem.of("E402", path, line, detail=str(error))


def _from_traceback(error: Exception, page: Page, templates: Path) -> Problem:
    """Name the template file and line where rendering failed, found in the traceback."""
    path, line = _template_frame(sys.exc_info()[2], templates)
    return _template_problem(error, path or page.source, line)


def _documents(page: Page, site: Site, sections: Parts) -> list[Any]:
    """What a template can show of the content, in the order a value is searched for."""
    return [
        page.meta,
        site.settings,
        *site.data.values(),
        *(view.meta for view in sections.views.values()),
        *(item.meta for view in sections.views.values() for item in view.items),
    ]


def _bad_value(
    error: BadValueError, page: Page, site: Site, sections: Parts, templates: Path
) -> Problem:
    """A value a filter cannot show: at the content that holds it, else the template's line."""
    path, line = _template_frame(sys.exc_info()[2], templates)
    template = path.relative_to(templates.resolve()).as_posix() if path else page.template
    expected = KIND_WORDS[error.kind]
    found = where_written(error.value, _documents(page, site, sections))
    if found is None:
        detail = message_text("bad_value", value=error.value, expected=expected)
        return Problem.of("E402", path or page.source, line, detail=detail)
    fix = KIND_FIXES.get(error.kind, "")
    return Problem.of(
        "E407", *found, value=error.value, expected=expected, template=template, fix=fix
    )


def _missing_asset(
    error: MissingAssetError, page: Page, site: Site, sections: Parts, templates: Path
) -> Problem:
    """A missing asset at the content value that names it, else at the template's line."""
    found = where_written(error.name, _documents(page, site, sections))
    if found is None:
        return _at_template_line(error.problems[0], page, templates)
    return Problem.of("E403", *found, name=error.name)


def _at_template_line(problem: Problem, page: Page, templates: Path) -> Problem:
    if problem.path is not None:
        return problem
    path, line = _template_frame(sys.exc_info()[2], templates)
    return Problem(problem.code, problem.text, path or page.source, line, None, problem.hint)


def _template_frame(tb: TracebackType | None, templates: Path) -> tuple[Path | None, int | None]:
    """The innermost traceback frame that runs a template from the templates folder."""
    found: tuple[Path | None, int | None] = (None, None)
    root = str(templates.resolve())
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(root):
            found = (Path(filename), tb.tb_lineno)
        tb = tb.tb_next
    return found


def sitemap(site: Site) -> bytes:
    """sitemap.xml: every page that is meant to be found, with absolute addresses."""
    parts = urlsplit(str(site.settings["url"]))
    origin = f"{parts.scheme}://{parts.netloc}"
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    lines.append('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    for page in sorted(site.pages, key=lambda p: p.url):
        if page.in_sitemap and page.published:
            loc = html.escape(origin + page.url, quote=False)
            updated = page.updated
            lastmod = f"<lastmod>{updated.isoformat()}</lastmod>" if updated else ""
            lines.append(f"  <url><loc>{loc}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots(site: Site) -> bytes:
    """robots.txt: everything may be crawled; the sitemap is named."""
    address = str(site.settings["url"]).rstrip("/") + "/sitemap.xml"
    return f"User-agent: *\nAllow: /\n\nSitemap: {address}\n".encode()
