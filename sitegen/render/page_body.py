"""Converting a page's Markdown body to HTML, with the problems an editor must fix in it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from sitegen.core.messages import STRUCTURE_ERRORS, text
from sitegen.core.problems import Problem
from sitegen.core.remembered import pure
from sitegen.incremental.records import LookedUp
from sitegen.markdown.extensions import page_markdown
from sitegen.markdown.images import ImagesExtension, Media
from sitegen.markdown.limits import excesses
from sitegen.markdown.notes import notes_of
from sitegen.markdown.page_checks import PageChecksExtension
from sitegen.markdown.site_links import SiteLinksExtension
from sitegen.source.addresses import Addresses
from sitegen.source.sections import Section
from sitegen.source.site import Page

Document = Page | Section  # a Markdown file with a body: a page, or a part of one
# A page's structure mistakes shown at most: the first ones say what to fix.
MAX_STRUCTURE_PROBLEMS = 10


@dataclass(frozen=True)
class Converted:
    """A page's body converted: its HTML, its headings, its problems, and the pages its
    links looked up (LookedUp.seen: each with its address and status then)."""

    html: Markup
    toc: list[dict[str, Any]]
    problems: list[Problem]
    seen: dict[str, str]


class BodyConverter:
    """One reusable Markdown converter for the pages of one build.

    reserved holds the ids a body's headings must not take: the templates' own and, for a
    page, those of the sections shown with it, so that every id of a page is unique; labels
    are the site's short texts (the footnotes' heading and back links).
    """

    def __init__(
        self,
        assets: dict[str, str],
        base_path: str,
        reserved: set[str] | None = None,
        labels: Mapping[str, str] | None = None,
        media: Media | None = None,
        addresses: Addresses | None = None,
        content: Path | None = None,
    ):
        self.checks = PageChecksExtension(assets, base_path)
        self.md = page_markdown(self.checks, labels)
        # Links to pages and files resolved (about.md, /about/); images and downloads are the
        # images extension's, which finds them beside the page or in assets/.
        self.links = SiteLinksExtension(addresses, images=media is not None)
        self.md.registerExtensions([self.links], {})
        # Pictures, alt texts and download labels (registered here: extensions.py stays as is).
        self.images = ImagesExtension(media)
        self.images.extendMarkdown(self.md)
        self.checks.images_elsewhere = media is not None
        self.reserved = set() if reserved is None else reserved
        self.reported: set[str] = set()
        self.content = content  # the content folder, which links in sections start from

    def convert(self, page: Document) -> tuple[Markup, list[dict[str, Any]], list[Problem]]:
        """The body's HTML, its table of contents, and its problems."""
        self.md.reset()
        self.md.reserved_ids = self.reserved  # type: ignore[attr-defined]
        self.images.document = page.source
        self.images.is_page = isinstance(page, Page)
        self.images.text = page.body
        self.links.origin = self._origin(page)
        self.links.published = not isinstance(page, Page) or page.published
        excessive = _excesses(page)
        if excessive:  # converting it would crash or take minutes
            self.reported = set()
            return Markup(""), [], excessive
        body = self.md.convert(page.body)
        findings = [*self.checks.findings, *self.links.findings, *self.images.findings]
        # Addresses already reported as leading nowhere: a link check need not repeat them.
        self.reported = {finding.address for finding in findings if finding.address}
        problems = [
            _problem(finding.code, page, finding.snippet, **finding.values) for finding in findings
        ]
        problems += [
            Problem.of(
                note.code, page.source, page.body_line + note.line, note.column, **note.values
            )
            for note in notes_of(self.md)
        ]
        raw = [str(block) for block in self.md.htmlStash.rawHtmlBlocks]
        if raw:
            problems += _structure_problems(page, body, raw)
        return Markup(body), list(getattr(self.md, "toc_tokens", [])), problems

    def _origin(self, page: Document) -> str:
        """The file below content/ that relative links in page start from."""
        if isinstance(page, Page):
            return page.relative
        if self.content is not None and page.source.is_relative_to(self.content):
            return page.source.relative_to(self.content).as_posix()
        return ""


@pure("body")
def convert_body(converter: BodyConverter, looked: LookedUp, page: Page) -> Converted:
    """A page's body converted by converter, whose links look pages up in looked.

    Its result depends on the page and on what the converter was made from alone: the
    incremental layer may answer from an earlier build's (sitegen.incremental.body_memo).
    """
    looked.seen = {}
    content, toc, problems = converter.convert(page)
    return Converted(content, toc, problems, looked.seen)


def _excesses(page: Document) -> list[Problem]:
    """Where the body goes past what the converter can take (limits), at its lines."""
    found = []
    for excess in excesses(page.body):
        values = dict(excess.values)
        if "what" in values:
            values["what"] = text(f"limit_{values['what']}")
        line = page.body_line + excess.line - 1
        found.append(Problem.of(excess.code, page.source, line, excess.column, **values))
    return found


def _structure_problems(page: Document, body: str, raw: list[str]) -> list[Problem]:
    """Raw HTML that would break the page's structure, as a browser's parser sees it."""
    import html5lib  # only pages with raw HTML need it; importing it slows every build

    parser = html5lib.HTMLParser(strict=False)
    parser.parseFragment(body, container="main")
    problems: dict[tuple[str, str], Problem] = {}
    # The first raw HTML in the page, for errors that name no tag (found once: a pasted page
    # may hold thousands of blocks, and as many errors).
    first_raw = next((s for b in raw if (s := b.strip().split("\n")[0]) and s in page.body), "")
    for _position, code, values in parser.errors:
        name = (values or {}).get("name", "") if isinstance(values, dict) else ""
        detail = STRUCTURE_ERRORS.get(code, code) + (f": <{name}>" if name else "")
        if (detail, name) in problems:
            continue  # one message for each kind of mistake with each tag
        # Point at the tag the parser names, or else at the first raw HTML in the page.
        candidates = [f"</{name}", f"<{name}"] if name else []
        snippet = next((s for s in candidates if s in page.body), first_raw)
        problems[detail, name] = _problem("E505", page, snippet, detail=detail)
        if len(problems) >= MAX_STRUCTURE_PROBLEMS:
            break
    return list(problems.values())


def _problem(code: str, page: Document, snippet: str, **values: object) -> Problem:
    return Problem.of(code, page.source, *locate(page, snippet), **values)


def locate(page: Document, snippet: str) -> tuple[int | None, int | None]:
    """The file line and column where snippet first stands in the page's body."""
    at = page.body.find(snippet) if snippet else -1
    if at < 0:
        return None, None
    before = page.body[:at]
    return page.body_line + before.count("\n"), at - (before.rfind("\n") + 1) + 1
