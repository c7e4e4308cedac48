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
from sitegen.core.remembered import tell
from sitegen.core.workers import map_chunks
from sitegen.incremental.records import LookedUp, recording
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
from sitegen.render.page_body import BodyConverter, convert_body
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
    """Pages' output paths, their HTML (unless written out), the links and ids of each, and
    what each read while it was made (its record)."""

    outputs: list[str] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    scans: dict[str, Scanned] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # notes: the pages are still made
    page_warnings: dict[str, list[Problem]] = field(default_factory=dict)  # by output path
    # By output path: the inputs its templates read (sitegen.incremental.records), and the
    # pages its body's links looked up (LookedUp.seen).
    reads: dict[str, frozenset[str]] = field(default_factory=dict)
    seen: dict[str, dict[str, str]] = field(default_factory=dict)


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
) -> RenderedPages:
    """Each page's HTML (all, or only some), and the problems found (errors name the template
    line); a page with an error in its template is left out, the others are rendered.

    With write_to, each page is written into that folder as soon as it is rendered (by the
    worker that rendered it) instead of being kept in memory. declared holds the fields each
    content file's model allows: a name a template asks for that is not among them is the
    template's mistake, not the content's. Each page written is told to the incremental
    layer, if one is listening (`tell("page", …)`); each body is converted through
    `convert_body`, which the layer may answer from an earlier build.
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
    )
    result = RenderedPages()
    for some in map_chunks(job, pages):
        result.outputs += some.outputs
        result.files.update(some.files)
        result.scans.update(some.scans)
        result.problems += some.problems
        result.page_warnings.update(some.page_warnings)
        result.seen.update(some.seen)
        result.reads.update(some.reads)
    for page in site.pages:
        result.warnings += result.page_warnings.get(page.output, ())
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
    pages: list[Page],
) -> RenderedPages:
    """The HTML of some pages, what they link to, and the problems found in them."""
    looked = LookedUp(addresses)
    converter = BodyConverter(
        assets,
        site.base_path,
        set(sections.reserved),
        site.settings.get("labels"),
        media,
        looked,
        site.settings_file.parent,
    )
    result = RenderedPages()
    files, problems = result.files, result.problems
    for page in pages:
        body = convert_body(converter, looked, page)
        problems += [p for p in body.problems if not p.is_warning]
        result.page_warnings[page.output] = [p for p in body.problems if p.is_warning]
        crumbs, entries = nav.crumbs(page), nav.lists.get(page.output, ())
        view = PageView(page, body.html, body.toc, crumbs, entries)
        try:
            with recording() as reads:
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
        result.reads[page.output] = frozenset(reads)
        if write_to is None:
            files[page.output] = rendered.encode("utf-8")
        else:
            written = write_new(write_to, page.output, rendered.encode("utf-8"))
            # The layer, if listening, keeps the page (from this worker: no HTML travels).
            tell("page", page, write_to / page.output, written, result.reads[page.output])
        result.outputs.append(page.output)
        result.scans[page.output] = scan(rendered)
        result.seen[page.output] = body.seen
    return result


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
