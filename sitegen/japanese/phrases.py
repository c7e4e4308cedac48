"""Line breaks between phrases, not inside words, for Japanese headings and short lines.

BudouX (Google) finds the phrase boundaries; a `<wbr>` marks each, and CSS
`word-break: keep-all` keeps the browser from breaking anywhere else. Browsers that support
`word-break: auto-phrase` do the same by themselves; the `<wbr>` serve the others.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from xml.etree.ElementTree import Element

import budoux
from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX
from markupsafe import Markup, escape

_STASHED = re.compile(f"({re.escape(STX)}[^{re.escape(ETX)}]*{re.escape(ETX)})")
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Short texts that wrap on a phone as headings do: list items, table cells, terms, captions.
# Paragraphs are left to the browser (body text read worse with phrase breaks).
SHORT_TEXTS = HEADINGS | {"li", "td", "th", "dt", "dd", "caption", "figcaption"}


@functools.cache
def _parser() -> Callable[[str], list[str]]:
    # Loaded once per process: the model is read from the package's data.
    model = budoux.load_default_japanese_parser().model
    if set(model) != set(_FEATURES):  # a BudouX whose model we do not know: its own parser
        return budoux.Parser(model).parse
    return _Scorer(model).parse


# BudouX's features, each a table of n-grams around the boundary before character i:
# unigrams at i-3 … i+2, bigrams at i-2, i-1, i, trigrams at i-3 … i.
_FEATURES = (
    "UW1",
    "UW2",
    "UW3",
    "UW4",
    "UW5",
    "UW6",
    "BW1",
    "BW2",
    "BW3",
    "TW1",
    "TW2",
    "TW3",
    "TW4",
)
_PAD = "\0\0\0"  # in no n-gram of the model: a feature beyond the text adds nothing


class _Scorer:
    """BudouX's parse, the same phrases in half the time (it is a third of converting a page).

    BudouX looks up thirteen tables per character; here each n-gram is looked up once, in
    one table holding its scores in every position.
    """

    def __init__(self, model: dict[str, dict[str, int]]):
        self.base = -sum(sum(group.values()) for group in model.values()) * 0.5
        self.one = _merged(model, _FEATURES[:6])
        self.two = _merged(model, _FEATURES[6:9])
        self.three = _merged(model, _FEATURES[9:])

    def parse(self, text: str) -> list[str]:
        size = len(text)
        if size < 2:
            return [text] if text else []
        padded = _PAD + text + _PAD
        none1, none2, none3 = (0,) * 6, (0,) * 3, (0,) * 4
        one, two, three = self.one.get, self.two.get, self.three.get
        u = [one(c, none1) for c in padded]
        b = [two(padded[j : j + 2], none2) for j in range(size + 5)]
        t = [three(padded[j : j + 3], none3) for j in range(size + 4)]
        phrases, start, base = [], 0, self.base
        for i in range(1, size):
            score = base + u[i][0] + u[i + 1][1] + u[i + 2][2] + u[i + 3][3] + u[i + 4][4]
            score += u[i + 5][5] + b[i + 1][0] + b[i + 2][1] + b[i + 3][2]
            score += t[i][0] + t[i + 1][1] + t[i + 2][2] + t[i + 3][3]
            if score > 0:
                phrases.append(text[start:i])
                start = i
        phrases.append(text[start:])
        return phrases


def _merged(model: dict[str, dict[str, int]], names: tuple[str, ...]) -> dict[str, tuple[int, ...]]:
    """One table: each n-gram of the named features with its score in each of them."""
    merged: dict[str, list[int]] = {}
    for position, name in enumerate(names):
        for gram, score in model[name].items():
            merged.setdefault(gram, [0] * len(names))[position] = score
    return {gram: tuple(scores) for gram, scores in merged.items()}


def load_model() -> None:
    """Read the phrase model now (before forking workers, so each inherits it)."""
    _parser()


def split(text: str) -> list[str]:
    """text cut into phrases; joined again they give text back."""
    return list(_split(text)) if text else []


@functools.lru_cache(maxsize=4096)
def _split(text: str) -> tuple[str, ...]:
    # The site name and labels repeat on every page; each is cut once per process.
    return tuple(_parser()(text))


def with_breaks(text: str) -> Markup:
    """Escaped text with a `<wbr>` between its phrases, for templates."""
    return Markup("<wbr>").join(escape(phrase) for phrase in split(str(text)))


class PhraseBreakProcessor(Treeprocessor):
    """Put `<wbr>` between the phrases of headings and short texts (or of all text, if whole)."""

    def __init__(self, md: Markdown, whole: bool):
        super().__init__(md)
        self.whole = whole

    def run(self, root: Element) -> None:
        if self.whole:
            _break_element(root)
            return
        _break_short_texts(root)


def _break_short_texts(element: Element) -> None:
    """Break each outermost short text below element (a list inside a list item once)."""
    for child in list(element):
        if child.tag in SHORT_TEXTS:
            _break_element(child)
        elif child.tag not in ("pre", "code"):
            _break_short_texts(child)


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
    _break_at_edges(element)


# How much text on each side of an inline element's edge BudouX looks at.
_EDGE = 12


def _break_at_edges(element: Element) -> None:
    """A `<wbr>` at the edges of inline children where a phrase ends («なら|<b>“まとめて”»)."""
    for child in [c for c in element if c.tag not in ("wbr", "code")]:
        index = list(element).index(child)
        before = element.text if index == 0 else (element[index - 1].tail or "")
        inside = "".join(child.itertext())
        if index > 0 and element[index - 1].tag == "wbr" and not before:
            before = ""  # a <wbr> is there already
        elif before and inside and _cut_between(before[-_EDGE:], inside[:_EDGE]):
            element.insert(index, Element("wbr"))
            index += 1
        after = child.tail or ""
        if after and inside and _cut_between(inside[-_EDGE:], after[:_EDGE]):
            wbr = Element("wbr")
            wbr.tail, child.tail = after, None
            element.insert(index + 1, wbr)


def _cut_between(left: str, right: str) -> bool:
    """Whether BudouX puts a phrase boundary between left and right, read together."""
    if STX in left[-1:] + right[:1] or not left.strip() or not right.strip():
        return False
    offset = 0
    for phrase in split(left + right):
        offset += len(phrase)
        if offset >= len(left):
            return offset == len(left)
    return False


def _insert(parent: Element, text: str | None, position: int) -> str | None:
    """Put the phrases of text at position in parent as text and `<wbr>` elements.

    Returns the first phrase, which stays where text was; the others follow `<wbr>`s.
    """
    phrases = _phrases_around_stash(text or "")
    if len(phrases) < 2:
        return text
    for offset, phrase in enumerate(phrases[1:]):
        wbr = Element("wbr")
        wbr.tail = phrase
        parent.insert(position + offset, wbr)
    return phrases[0]


def _phrases_around_stash(text: str) -> list[str]:
    """split(text), never inside a placeholder of Python-Markdown's stash (inline raw HTML),
    which must reach the output whole to be replaced by its HTML."""
    if STX not in text:
        return split(text)
    phrases: list[str] = []
    for segment in _STASHED.split(text):
        if _STASHED.fullmatch(segment) and phrases:
            phrases[-1] += segment
        elif segment:
            phrases += [segment] if _STASHED.fullmatch(segment) else split(segment)
    return phrases


class PhraseBreakExtension(Extension):
    """Phrase breaks in headings and short texts; with whole=True in all text."""

    def __init__(self, whole: bool = False):
        super().__init__()
        self.whole = whole

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API)
        # After inline parsing (20) and the Japanese line breaks (15); before toc (5) reads
        # the headings' text, which <wbr> elements do not change.
        md.treeprocessors.register(PhraseBreakProcessor(md, self.whole), "phrase_breaks", 11)
