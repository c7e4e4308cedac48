"""The preview inside the editor's server: the answers of `serve`, behind the editor's Host
check and session, with links to edit the page and each section it shows.

Every address outside `/__edit/` goes to the preview's own WSGI application
(`sitegen.preview.site_app.PreviewSite.respond`, the one `serve` runs), so that both
commands answer a page the same way. The editor's one addition is its box of links, put in
as a page is served: the built files, and dist/, never hold it.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import quote

from flask import Flask, Response, current_app, redirect, request, url_for

from sitegen.core.messages import editor_text
from sitegen.editor.app import PREFIX, STATIC, current, refusal
from sitegen.editor.site_access import source_of_address
from sitegen.preview.reload import before_body_end
from sitegen.preview.shown_sections import ShownSections
from sitegen.preview.site_app import PreviewSite
from sitegen.source.sections import Section

_KEY = "sitegen_preview"
# What names a section in its link: the first of these fields it has, else its name.
_TITLE_KEYS = ("title", "heading", "subheading", "name")
_EMPHASIS = re.compile(r"\*\*|__")


def register(app: Flask) -> None:
    editor = app.extensions["sitegen_editor"]
    if editor.preview is not None:
        site = PreviewSite(editor.preview, editor.identity)
        app.extensions[_KEY] = (site, ShownSections(editor.preview))
    app.add_url_rule(PREFIX + "/from", "edit_address", edit_address)
    # Addresses reach the preview as they were asked (no merging of slashes): as in `serve`.
    app.add_url_rule("/", "site_top", site_file, defaults={"address": ""}, merge_slashes=False)
    app.add_url_rule("/<path:address>", "site", site_file, merge_slashes=False)


def edit_address() -> Response:
    """ "Edit this page": from a preview address to the form of the file it was built from."""
    editor = current()
    source = source_of_address(editor.preview, request.args.get("address", ""))
    if source is None:
        return redirect(url_for("overview"))
    return redirect(url_for("file", path=_name(source)))


def site_file(address: str) -> Response:
    """The preview's answer to request (reload notices included), links added to its pages."""
    kept = current_app.extensions.get(_KEY)
    if kept is None or request.path.startswith(PREFIX + "/"):
        return refusal(editor_text("not_found_title"), editor_text("no_such_page"), 404)
    site, shown = kept
    return site.respond(request, decorate=lambda page, path: _with_links(page, path, shown))


def _with_links(page: bytes, address: str, shown: ShownSections) -> bytes:
    """page with the editor's box: "edit this page", then a link for each section it shows."""
    page_link = _link(f"{PREFIX}/from?address={quote(address)}", editor_text("edit_this_page"))
    sections = [s for s in shown.of_address(address) if _section_file(s) is not None]
    listed = ""
    if sections:
        items = "".join(
            "<li>"
            + _link(
                url_for("file", path=_name(_section_file(s))),  # type: ignore[arg-type]
                editor_text("edit_section", title=_title(s)),
            )
            + "</li>"
            for s in sections
        )
        summary = html.escape(editor_text("edit_sections", count=len(sections)))
        listed = f"<details><summary>{summary}</summary><ul>{items}</ul></details>"
    box = (
        f'<link rel="stylesheet" href="{html.escape(STATIC + "/preview.css")}">'
        f'<nav class="sitegen-edit-this" aria-label="{html.escape(editor_text("edit_links"))}">'
        f"<p>{page_link}</p>{listed}</nav>\n"
    )
    return before_body_end(page, box.encode())


def _link(href: str, label: str) -> str:
    return f'<a href="{html.escape(href)}">{html.escape(label)}</a>'


def _section_file(section: Section) -> Path | None:
    """The file the editor opens for section: its own (index.md), else its first item's."""
    if section.source.is_file():
        return section.source
    return section.items[0].source if section.items else None


def _title(section: Section) -> str:
    """What the editor calls section: its title or heading as shown, else its name."""
    for key in _TITLE_KEYS:
        value = section.meta.get(key)
        if isinstance(value, str) and value.strip():
            return " ".join(_EMPHASIS.sub("", value).split())
    return section.name


def _name(source: Path) -> str:
    return source.resolve().relative_to(current().project.root.resolve()).as_posix()
