"""Footnotes (`本文[^1]` and `[^1]: 注記`), as GitHub shows them, with the site's own words.

Python-Markdown's footnotes extension does the work. The list it appends to the page becomes
a `<section>` named by a heading (`labels.footnotes` of content/site.yml) instead of a bare
rule, each link back to the text gets `labels.footnote_back` as its name for screen readers,
and each reference points at the heading with `aria-describedby`, as on GitHub.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.footnotes import FootnoteBlockProcessor, FootnoteExtension
from markdown.extensions.toc import unique
from markdown.treeprocessors import Treeprocessor

from sitegen.markdown.slug import slugify

_SECTION_ID = "footnotes"


class QuickFootnoteBlockProcessor(FootnoteBlockProcessor):
    """The stock processor tries every block; only one holding `[^` can define a footnote."""

    def test(self, parent: Element, block: str) -> bool:
        return "[^" in block


class FootnoteSectionProcessor(Treeprocessor):
    """The footnotes' `<div>` made a `<section>` with a heading; links named for screen readers."""

    def __init__(self, md: Markdown, heading: str, back: str):
        super().__init__(md)
        self.heading = heading
        self.back = back

    def run(self, root: Element) -> None:
        section = next((e for e in root.iter("div") if e.get("class") == "footnote"), None)
        if section is None:
            return
        used = {e.attrib["id"] for e in root.iter() if "id" in e.attrib}
        used |= getattr(self.md, "reserved_ids", set())  # the templates' and sections' ids
        section.tag = "section"
        section.set("class", "footnotes")
        rule = section.find("hr")
        if self.heading and rule is not None:
            heading_id = unique(slugify(_SECTION_ID), used)
            rule.tag = "h2"
            rule.set("id", heading_id)
            rule.text = self.heading
            section.set("aria-labelledby", heading_id)
            for reference in root.iter("a"):
                if reference.get("class") == "footnote-ref":
                    reference.set("aria-describedby", heading_id)
        for link in section.iter("a"):
            if link.get("class") == "footnote-backref" and self.back:
                link.set("aria-label", self.back)
                link.attrib.pop("title", None)


class SiteFootnotesExtension(Extension):
    """Footnotes with ids like GitHub's (`fn-1`, `fnref-1`), labelled with the site's words."""

    def __init__(self, heading: str = "", back: str = ""):
        super().__init__()
        self.heading = heading
        self.back = back

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API)
        # A `-` rather than the default `:` keeps the ids plain in CSS selectors and links.
        footnotes = FootnoteExtension(SEPARATOR="-", BACKLINK_TITLE=_braces(self.back))
        footnotes.extendMarkdown(md)
        md.parser.blockprocessors.register(QuickFootnoteBlockProcessor(footnotes), "footnote", 17)
        # After the extension's own (50, and 15 for repeated references), before heading
        # ids (5) so that the heading's id is taken before any other heading's.
        md.treeprocessors.register(
            FootnoteSectionProcessor(md, self.heading, self.back), "footnote_section", 7
        )


def _braces(text: str) -> str:
    """text safe from str.format, which the extension applies to the back link's title."""
    return re.sub(r"([{}])", r"\1\1", text)
