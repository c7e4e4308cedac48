"""Python-Markdown extensions for Japanese text, and the converters the site uses."""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.attr_list import AttrListExtension, AttrListTreeprocessor
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import render_inner_html, strip_tags, unique
from markdown.inlinepatterns import DelimiterProcessor
from markdown.treeprocessors import InlineProcessor, Treeprocessor
from pymdownx.delimiterprocessor import DelimiterProcessor as TildeDelimiterProcessor

from sitegen.japanese.numbers import is_cjk
from sitegen.japanese.phrases import PhraseBreakExtension
from sitegen.markdown import bare_links
from sitegen.markdown.footnotes import SiteFootnotesExtension
from sitegen.markdown.habits import MarkdownHabitsExtension
from sitegen.markdown.slug import slugify

# Elements whose text is shown as written: their line breaks are not joined.
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_VERBATIM = frozenset({"pre", "code", "kbd", "samp", "script", "style", "textarea"})
_Piece = tuple[Element, str] | None


class CjkLineBreakProcessor(Treeprocessor):
    """Drop a line break typed between two Japanese characters.

    Browsers show a source line break as a space, which splits Japanese words; between Latin
    words the space is wanted, so only breaks with CJK on both sides go.
    """

    def run(self, root: Element) -> None:
        pieces = list(_pieces(root))
        texts = [getattr(p[0], p[1]) or "" if p else None for p in pieces]
        for index, text in enumerate(texts):
            if text and "\n" in text:
                texts[index] = _join(texts, index)
                owner, attr = pieces[index]  # type: ignore[misc]
                setattr(owner, attr, texts[index])


def _pieces(element: Element) -> Iterator[_Piece]:
    """Every text and tail in document order; None stands for verbatim text."""
    if element.tag in _VERBATIM:
        yield None
    else:
        yield (element, "text")
        for child in element:
            yield from _pieces(child)
    yield (element, "tail")


def _join(texts: list[str | None], index: int) -> str:
    """texts[index] with each newline between two CJK characters removed."""
    text = texts[index] or ""
    kept, start = [], 0
    position = text.find("\n")
    while position >= 0:
        before = text[position - 1] if position else _last_char(texts, index)
        after = text[position + 1] if position + 1 < len(text) else _first_char(texts, index)
        if before and after and is_cjk(before) and is_cjk(after):
            kept.append(text[start:position])
            start = position + 1
        position = text.find("\n", position + 1)
    kept.append(text[start:])
    return "".join(kept)


def _last_char(texts: list[str | None], index: int) -> str:
    for text in reversed(texts[:index]):
        if text is None:
            return ""
        if text:
            return text[-1]
    return ""


def _first_char(texts: list[str | None], index: int) -> str:
    for text in texts[index + 1 :]:
        if text is None:
            return ""
        if text:
            return text[0]
    return ""


# Each built-in inline pattern can only match where one of these strings is in the text.
_TRIGGERS = {
    "backtick": ("`",),
    "escape": ("\\",),
    "reference": ("[",),
    "link": ("[",),
    "image_link": ("![",),
    "image_reference": ("![",),
    "short_reference": ("[",),
    "short_image_ref": ("![",),
    "autolink": ("<",),
    "automail": ("<",),
    "linebreak": ("  \n",),
    "html": ("<",),
    "entity": ("&",),
    # Ours and the footnotes extension's (sitegen.markdown.habits, .footnotes).
    "backslash_break": ("\\\n",),
    "bare_link": bare_links.TRIGGERS,
    "bare_email": ("@",),
    "footnote": ("[^",),
}


class TriggeredInlineProcessor(InlineProcessor):
    """Python-Markdown's inline processor, without the patterns that cannot match here.

    The stock processor tries every pattern on every piece of text; most Japanese prose holds
    only a few of the characters that start a pattern, so a document is processed with just
    the patterns whose trigger it contains. The output is the same; the work is about halved.
    Patterns we do not know (from other extensions) are always kept.
    """

    _known: tuple[int, list[tuple[object, tuple[str, ...] | None]]] | None = None

    def run(self, tree: Element, ancestors: list[str] | None = None) -> Element:
        text = "".join(tree.itertext())
        self.inlinePatterns = [  # type: ignore[assignment]
            pattern for pattern, triggers in self._triggers() if _may_match(triggers, text)
        ]
        return super().run(tree, ancestors)

    def _triggers(self) -> list[tuple[object, tuple[str, ...] | None]]:
        """Each pattern in order, with its triggers (None: always tried); read once."""
        registry = self.md.inlinePatterns
        known = self._known
        if known is None or known[0] != len(registry):  # patterns are registered up front
            names = {id(registry[name]): name for name in _TRIGGERS if name in registry}
            known = (len(registry), [(p, _triggers_of(p, names.get(id(p)))) for p in registry])
            self._known = known
        return known[1]


def _triggers_of(pattern: object, name: str | None) -> tuple[str, ...] | None:
    if isinstance(pattern, DelimiterProcessor | TildeDelimiterProcessor):
        return tuple(pattern.tokens)
    return None if name is None else _TRIGGERS[name]


def _may_match(triggers: tuple[str, ...] | None, text: str) -> bool:
    return triggers is None or any(trigger in text for trigger in triggers)


class HeadingIdProcessor(Treeprocessor):
    """Give each heading an id made from its text (Japanese kept), unique in the page.

    Python-Markdown's toc extension does the same but also renders a table of contents for
    every page, which the site never shows, at a sixth of the conversion's cost.
    """

    def run(self, root: Element) -> None:
        used = {element.attrib["id"] for element in root.iter() if "id" in element.attrib}
        used |= getattr(self.md, "reserved_ids", set())
        tokens = []
        for element in root.iter():
            if element.tag in _HEADINGS:
                name = _heading_text(element, self.md)
                if "id" not in element.attrib:
                    element.attrib["id"] = unique(slugify(name), used)
                tokens.append(
                    {"level": int(element.tag[1]), "id": element.attrib["id"], "name": name}
                )
        self.md.toc_tokens = tokens  # type: ignore[attr-defined]


def _heading_text(element: Element, md: Markdown) -> str:
    """A heading's text as a reader sees it."""
    text = "".join(element.itertext())
    if "\x02" in text:  # stashed raw HTML or escapes: resolve them as the toc extension does
        text = html.unescape(strip_tags(render_inner_html(element, md)))
    return text.strip()


class HeadingIdExtension(Extension):
    """Ids on headings, and `md.toc_tokens` listing them."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        md.registerExtension(self)
        self.md = md
        # Late (5, where toc runs): after attribute lists and phrase breaks.
        md.treeprocessors.register(HeadingIdProcessor(md), "heading_ids", 5)

    def reset(self) -> None:
        self.md.toc_tokens = []  # type: ignore[attr-defined]


class QuickAttrListProcessor(AttrListTreeprocessor):
    """Python-Markdown's attribute lists, skipped in a document that has no `{` at all."""

    def run(self, doc: Element) -> None:
        if any("{" in text for text in doc.itertext()):
            super().run(doc)


class QuickAttrListExtension(AttrListExtension):
    """The attr_list extension, with the processor above in its place (priority 8)."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        super().extendMarkdown(md)
        md.treeprocessors.register(QuickAttrListProcessor(md), "attr_list", 8)


class UnwrapParagraphProcessor(Treeprocessor):
    """Turn a document of one paragraph into its bare contents, for inline text."""

    def run(self, root: Element) -> None:
        if len(root) != 1 or root[0].tag != "p" or (root.text or "").strip():
            return
        paragraph = root[0]
        root.remove(paragraph)
        root.text = paragraph.text
        root.extend(list(paragraph))


class JapaneseExtension(Extension):
    """Line breaks in Japanese paragraphs that do not become spaces."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API)
        # After inline parsing (20), so bold and links are already elements; before prettify (10).
        md.treeprocessors.register(CjkLineBreakProcessor(md), "cjk_line_break", 15)
        # Replaces the stock inline processor, at its priority.
        md.treeprocessors.register(TriggeredInlineProcessor(md), "inline", 20)


class NoRawHtmlExtension(Extension):
    """Show HTML typed into data files as text instead of passing it through."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


class InlineExtension(Extension):
    """Render a single paragraph without its `<p>`, for headings and labels."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        # Last but for unescape (0): after prettify and every other tree change.
        md.treeprocessors.register(UnwrapParagraphProcessor(md), "unwrap_paragraph", 1)


def page_markdown(
    checks: Extension | None = None, labels: Mapping[str, str] | None = None
) -> Markdown:
    """The converter for page bodies: tables, attribute lists, Japanese heading ids,
    GitHub's habits and footnotes (their heading and back links named by labels).
    """
    labels = labels or {}
    return Markdown(
        extensions=[
            *([checks] if checks else []),
            # Instances, not names: a name makes Markdown read every installed package's entry
            # points (0.04 s of every build).
            TableExtension(),
            FencedCodeExtension(),
            QuickAttrListExtension(),
            SaneListExtension(),
            MarkdownHabitsExtension(),
            SiteFootnotesExtension(labels.get("footnotes", ""), labels.get("footnote_back", "")),
            HeadingIdExtension(),
            JapaneseExtension(),
            PhraseBreakExtension(),
        ],
        output_format="html",
    )


def text_markdown(inline: bool = False, phrases: bool = False) -> Markdown:
    """The converter for text in data files, where raw HTML is never allowed.

    inline drops the paragraph around a single line; phrases marks phrase breaks in all of it
    (for headings).
    """
    extensions: list[Extension | str] = [
        SaneListExtension(),
        MarkdownHabitsExtension(),
        JapaneseExtension(),
        NoRawHtmlExtension(),
    ]
    if inline:
        extensions.append(InlineExtension())
    if phrases:
        extensions.append(PhraseBreakExtension(whole=True))
    return Markdown(extensions=extensions, output_format="html")
