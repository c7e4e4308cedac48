"""Python-Markdown extensions for Japanese text, and the converters the site uses."""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.toc import TocExtension
from markdown.treeprocessors import Treeprocessor

from .japanese import is_cjk
from .phrases import PhraseBreakExtension
from .slug import slugify

# Elements whose text is shown as written: their line breaks are not joined.
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
    out = []
    for position, char in enumerate(text):
        if char == "\n":
            before = text[position - 1] if position else _last_char(texts, index)
            after = text[position + 1] if position + 1 < len(text) else _first_char(texts, index)
            if before and after and is_cjk(before) and is_cjk(after):
                continue
        out.append(char)
    return "".join(out)


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


def page_markdown(checks: Extension | None = None) -> Markdown:
    """The converter for page bodies: tables, attribute lists, Japanese heading ids."""
    return Markdown(
        extensions=[
            *([checks] if checks else []),
            "tables",
            "fenced_code",
            "attr_list",
            "sane_lists",
            TocExtension(slugify=slugify),
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
    extensions: list[Extension | str] = ["sane_lists", JapaneseExtension(), NoRawHtmlExtension()]
    if inline:
        extensions.append(InlineExtension())
    if phrases:
        extensions.append(PhraseBreakExtension(whole=True))
    return Markdown(extensions=extensions, output_format="html")
