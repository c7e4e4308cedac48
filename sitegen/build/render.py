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

from sitegen.build.page_body import BodyConverter
from sitegen.build.page_cache import Body, Keys, PageCache
from sitegen.build.sections import Parts
from sitegen.build.workers import map_chunks
from sitegen.core.files import write_new
from sitegen.core.problems import ContentError, Problem
from sitegen.japanese import phrases
from sitegen.source.site import Page, Site
from sitegen.validate.links import Scanned, scan


@dataclass(frozen=True)
class PageView:
    """What a template sees of a page: its fields, and its body as HTML."""

    page: Page
    content: Markup
    toc: list[dict[str, Any]]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.page, name)


@dataclass
class RenderedPages:
    """Pages' output paths, their HTML (unless written out), the links and ids of each."""

    outputs: list[str] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    scans: dict[str, Scanned] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    stored: dict[str, tuple[int, int]] = field(default_factory=dict)  # entered in the cache
    notes: list[Problem] = field(default_factory=list)  # bad cache entries met


@dataclass(frozen=True)
class PageStore:
    """The build cache and this build's keys: bodies are read from it, pages entered in it."""

    cache: PageCache
    keys: Keys


def render_pages(
    site: Site,
    env: jinja2.Environment,
    templates: Path,
    assets: dict[str, str],
    sections: Parts,
    only: Iterable[Page] | None = None,
    write_to: Path | None = None,
    store: PageStore | None = None,
) -> RenderedPages:
    """Each page's HTML (all, or only some); errors name the template line.

    With write_to, each page is written into that folder as soon as it is rendered (by the
    worker that rendered it) instead of being kept in memory; with store (and write_to), its
    converted body is taken from the cache when there, and the page entered in the cache.
    """
    pages = list(site.pages if only is None else only)
    _prepare(env, pages)
    job = functools.partial(_render_some, site, env, templates, assets, sections, write_to, store)
    result = RenderedPages()
    for some in map_chunks(job, pages):
        result.outputs += some.outputs
        result.files.update(some.files)
        result.scans.update(some.scans)
        result.problems += some.problems
        result.stored.update(some.stored)
        result.notes += some.notes
    if result.problems:
        raise ContentError(result.problems)
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
    store: PageStore | None,
    pages: list[Page],
) -> RenderedPages:
    """The HTML of some pages, what they link to, and the problems found in them."""
    converter = BodyConverter(assets, site.base_path, set(sections.reserved))
    result = RenderedPages()
    files, problems = result.files, result.problems
    noted = len(store.cache.notes) if store else 0
    for page in pages:
        content, toc, found = _convert(converter, store, page)
        problems += found
        view = PageView(page, content, toc)
        try:
            rendered = env.get_template(page.template).render(
                site=site.settings,
                page=view,
                data=site.data,
                sections=sections.views,
                pages=site.pages,
            )
        except ContentError as error:
            problems += [_at_template_line(p, page, templates) for p in error.problems]
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
            write_new(write_to, page.output, rendered.encode("utf-8"))
            if store is not None:
                key = store.keys.pages[page.output]
                entered = store.cache.store_page(key, write_to / page.output)
                if entered is not None:
                    result.stored[page.output] = entered
        result.outputs.append(page.output)
        result.scans[page.output] = scan(rendered)
    if store is not None:
        # Taken out of the cache's list (which a forked worker has a copy of) to travel back.
        result.notes = store.cache.notes[noted:]
        del store.cache.notes[noted:]
    return result


def _convert(
    converter: BodyConverter, store: PageStore | None, page: Page
) -> tuple[Markup, list[dict[str, Any]], list[Problem]]:
    """A page's body as HTML, its headings and problems: from the cache, or converted."""
    key = store.keys.bodies.get(page.output) if store else None
    if store is None or key is None:
        return converter.convert(page)
    body = store.cache.read_body(key, page)
    if body is not None:
        return Markup(body.html), body.toc, body.problems
    content, toc, found = converter.convert(page)
    with contextlib.suppress(OSError):  # a cache that cannot be written costs time only
        store.cache.store_body(key, Body(str(content), toc, found))
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


def _template_problem(error: Exception, path: Path, line: int | None) -> Problem:
    return Problem.of("E402", path, line, detail=str(error))


def _from_traceback(error: Exception, page: Page, templates: Path) -> Problem:
    """Name the template file and line where rendering failed, found in the traceback."""
    path, line = _template_frame(sys.exc_info()[2], templates)
    return _template_problem(error, path or page.source, line)


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
        if page.in_sitemap:
            lines.append(f"  <url><loc>{html.escape(origin + page.url, quote=False)}</loc></url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots(site: Site) -> bytes:
    """robots.txt: everything may be crawled; the sitemap is named."""
    address = str(site.settings["url"]).rstrip("/") + "/sitemap.xml"
    return f"User-agent: *\nAllow: /\n\nSitemap: {address}\n".encode()
