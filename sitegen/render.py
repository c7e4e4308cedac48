"""Rendering every page through its template, and the files that go beside them."""

from __future__ import annotations

import html
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape as xml_escape

import jinja2
from markupsafe import Markup

from .content import Page, Site
from .errors import ContentError, Problem
from .messages import message
from .page_body import BodyConverter


@dataclass(frozen=True)
class PageView:
    """What a template sees of a page: its fields, and its body as HTML."""

    page: Page
    content: Markup
    toc: list[dict[str, Any]]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.page, name)


def render_pages(
    site: Site,
    env: jinja2.Environment,
    templates: Path,
    assets: dict[str, str],
    only: Iterable[Page] | None = None,
) -> dict[str, bytes]:
    """Each page's HTML (all, or only some) by output path; errors name the template line."""
    converter = BodyConverter(assets, site.base_path)
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    for page in site.pages if only is None else only:
        content, toc, found = converter.convert(page)
        problems += found
        view = PageView(page, content, toc)
        try:
            rendered = env.get_template(page.template).render(
                site=site.settings, page=view, data=site.data, pages=site.pages
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
        files[page.output] = rendered.encode("utf-8")
    if problems:
        raise ContentError(problems)
    return files


def _missing_required(page: Page, rendered: str, site: Site) -> list[Problem]:
    """Texts the site settings name as required (approval number, disclaimer) on every page."""
    problems = []
    for name in site.settings.get("required_texts", []):
        required = str(site.settings.get(name, ""))
        if required and html.escape(required, quote=False) not in rendered:
            shown = required if len(required) <= 30 else required[:30] + "…"
            text, hint = message("E307", name=shown, url=page.url)
            problems.append(Problem("E307", text, page.source, None, None, hint))
    return problems


def _template_problem(error: Exception, path: Path, line: int | None) -> Problem:
    text, hint = message("E402", detail=str(error))
    return Problem("E402", text, path, line, None, hint)


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
            lines.append(f"  <url><loc>{xml_escape(origin + page.url)}</loc></url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots(site: Site) -> bytes:
    """robots.txt: everything may be crawled; the sitemap is named."""
    address = str(site.settings["url"]).rstrip("/") + "/sitemap.xml"
    return f"User-agent: *\nAllow: /\n\nSitemap: {address}\n".encode()
