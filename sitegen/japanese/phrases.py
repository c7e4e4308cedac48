"""Line breaks between phrases, not inside words, for Japanese headings and short lines.

BudouX (Google) finds the phrase boundaries; a `<wbr>` marks each, and CSS
`word-break: keep-all` keeps the browser from breaking anywhere else. Browsers that support
`word-break: auto-phrase` do the same by themselves; the `<wbr>` serve the others.
"""

from __future__ import annotations

import functools
from xml.etree.ElementTree import Element

import budoux
from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@functools.cache
def _parser() -> budoux.Parser:
    # Loaded once per process: the model is read from the package's data.
    return budoux.load_default_japanese_parser()


def load_model() -> None:
    """Read the phrase model now (before forking workers, so each inherits it)."""
    _parser()


def split(text: str) -> list[str]:
    """text cut into phrases; joined again they give text back."""
    return list(_split(text)) if text else []


@functools.lru_cache(maxsize=4096)
def _split(text: str) -> tuple[str, ...]:
    # The site name and labels repeat on every page; each is cut once per process.
    return tuple(_parser().parse(text))


def with_breaks(text: str) -> Markup:
    """Escaped text with a `<wbr>` between its phrases, for templates."""
    return Markup("<wbr>").join(escape(phrase) for phrase in split(str(text)))


class PhraseBreakProcessor(Treeprocessor):
    """Put `<wbr>` between the phrases of every heading's text (or of all text, if whole)."""

    def __init__(self, md: Markdown, whole: bool):
        super().__init__(md)
        self.whole = whole

    def run(self, root: Element) -> None:
        if self.whole:
            _break_element(root)
            return
        for element in list(root.iter()):
            if element.tag in HEADINGS:
                _break_element(element)


def _break_element(element: Element) -> None:
    """Split element's own text and each child's tail; children keep their own text."""
    children = list(element)
    element.text = _insert(element, element.text, 0)
    for child in children:
        if child.tail:
            tail, child.tail = child.tail, None
            position = list(element).index(child) + 1
            child.tail = _insert(element, tail, position)
        if child.tag not in ("code", "wbr"):
            _break_element(child)


def _insert(parent: Element, text: str | None, position: int) -> str | None:
    """Put the phrases of text at position in parent as text and `<wbr>` elements.

    Returns the first phrase, which stays where text was; the others follow `<wbr>`s.
    """
    phrases = split(text or "")
    if len(phrases) < 2:
        return text
    for offset, phrase in enumerate(phrases[1:]):
        wbr = Element("wbr")
        wbr.tail = phrase
        parent.insert(position + offset, wbr)
    return phrases[0]


class PhraseBreakExtension(Extension):
    """Phrase breaks in headings; with whole=True in all text (for a heading's own text)."""

    def __init__(self, whole: bool = False):
        super().__init__()
        self.whole = whole

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API)
        # After inline parsing (20) and the Japanese line breaks (15); before toc (5) reads
        # the headings' text, which <wbr> elements do not change.
        md.treeprocessors.register(PhraseBreakProcessor(md, self.whole), "phrase_breaks", 11)
