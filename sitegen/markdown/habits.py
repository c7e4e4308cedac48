"""Markdown as editors write it on GitHub and Qiita, in Python-Markdown.

One extension gathers the habits: lists as GitHub reads them (sitegen.markdown.lists),
bare addresses as links (sitegen.markdown.bare_links), `~~strikethrough~~` (PyMdown
Extensions' delimiters, set up as its tilde extension without the single-`~` subscript),
a backslash at the end of a line as a line break, task lists (PyMdown Extensions'
tasklist, each box labelled by its text), and headings only with a space after `#`, as on
GitHub (a note says how to write one).
Footnotes, for pages only, are in sitegen.markdown.footnotes.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, SubElement

from markdown import Markdown
from markdown.blockprocessors import HashHeaderProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import SubstituteTagInlineProcessor
from pymdownx.delimiterprocessor import Delimiter, DelimiterProcessor
from pymdownx.tasklist import RE_CHECKBOX, TasklistTreeprocessor

from sitegen.markdown import bare_links, lists

# A backslash ending a line (not itself escaped by a backslash before it).
BACKSLASH_BREAK_RE = r"(?<!\\)\\\n"


class StrictHashHeaderProcessor(HashHeaderProcessor):
    """`# 見出し` is a heading; `#見出し` is text, as on GitHub (a note asks for the space)."""

    RE = re.compile(
        r"(?:^|\n)(?P<level>#{1,6})(?=[ \t]|\n|$)"
        r"(?P<header>(?:\\.|[^\\#]|#+(?=[^#\n]))*?)#*(?:\n|$)"
    )


class StrikeExtension(Extension):
    """`~~text~~` as `<del>`; a single `~` stays a character (`10~12時`).

    PyMdown Extensions' delimiter processor, set up as its tilde extension sets it up with
    subscript off, but without CommonMark's punctuation rule, which GitHub applies and which
    fails Japanese text: `~~「旧価格」~~です` is struck here as `**「重要」**です` is made bold.
    (pymdownx.tilde itself imports pymdownx.util, which imports urllib.request: 30 ms more
    for every build.)
    """

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API)
        md.registerExtension(self)
        # `\~` writes a tilde, as on GitHub; a copy, as the list may be shared.
        if "~" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS = [*md.ESCAPED_CHARS, "~"]
        self.processor = DelimiterProcessor(
            Delimiter("~", "del", double=True, punct=False, no_space=False), md
        )
        # Where pymdownx.tilde puts it: beside emphasis (60).
        md.inlinePatterns.register(self.processor, "delimiter", 60)

    def reset(self) -> None:
        self.processor.reset()


class LabelledTasklistProcessor(TasklistTreeprocessor):
    """PyMdown's task lists, with the box as an element, not raw HTML, inside a `<label>`.

    Raw HTML would be checked as the editor's own (and `<input>` refused); the label gives
    the box the item's text as its name for screen readers.
    """

    def run(self, root: Element) -> Element:
        # The stock run maps every element to its parent, on every page: only lists with a
        # box need that.
        if not any(_starts_with_box(li) for li in root.iter("li")):
            return root
        return super().run(root)

    def inline(self, li: Element) -> bool:
        return _label_checkbox(li)

    def sub_paragraph(self, li: Element) -> bool:
        return len(li) > 0 and li[0].tag == "p" and _label_checkbox(li[0])


def _starts_with_box(li: Element) -> bool:
    owner = li[0] if not li.text and len(li) and li[0].tag == "p" else li
    return RE_CHECKBOX.match(owner.text or "") is not None


def _label_checkbox(owner: Element) -> bool:
    """Turn owner's leading `[ ]`/`[x]` into a disabled checkbox labelled by its text."""
    found = RE_CHECKBOX.match(owner.text or "")
    if found is None:
        return False
    label = Element("label")
    box = SubElement(label, "input", {"type": "checkbox", "disabled": "disabled"})
    if found.group("state").lower() == "x":
        box.set("checked", "checked")
    box.tail = " " + found.group("line")
    owner.text = None
    owner.insert(0, label)
    return True


class MarkdownHabitsExtension(Extension):
    """GitHub's reading of lists, links, strikethrough, line breaks, task lists, headings."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API)
        md.registerExtension(self)
        self.md = md
        self.reset()
        lists.register(md)
        bare_links.register(md)
        # Before escapes (180), which would keep the backslash.
        md.inlinePatterns.register(
            SubstituteTagInlineProcessor(BACKSLASH_BREAK_RE, "br"), "backslash_break", 185
        )
        md.parser.blockprocessors.register(StrictHashHeaderProcessor(md.parser), "hashheader", 70)
        tasks = LabelledTasklistProcessor(md)
        tasks.config = {"custom_checkbox": False, "clickable_checkbox": False}
        # Before inline parsing (20), so the item's text is parsed inside the label.
        md.treeprocessors.register(tasks, "task-list", 25)
        StrikeExtension().extendMarkdown(md)

    def reset(self) -> None:
        self.md.markdown_notes = []  # type: ignore[attr-defined]
