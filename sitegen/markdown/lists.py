"""Lists written the way GitHub reads them, rewritten for Python-Markdown's list parser.

GitHub (CommonMark) nests an item under another when it is indented to the other's text
(2 spaces under `- `, 3 under `1. `), lets a list start right after a line of text, and takes
`1)` as an ordered list. Python-Markdown nests by multiples of 4 spaces, needs a blank line
before a list and knows only `1.`. This preprocessor reads the lines with CommonMark's rules
and writes them in Python-Markdown's terms: every nesting level indented by 4 spaces, a blank
line before a list that follows text, `1.` for `1)`. Lines already written for
Python-Markdown (4 spaces a level) come out unchanged.

It also notes, at their line, the habits it cannot honour: headings without a space after `#`
(GitHub shows them as text) and items indented less than the text of the item above (GitHub
does not nest them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown import Markdown
from markdown.preprocessors import Preprocessor

from sitegen.markdown.notes import Note

_TAB = 4  # Python-Markdown's tab_length: the indent of one nesting level
_MARKER = re.compile(r"(?P<indent> *)(?P<marker>[-+*]|(?P<number>\d{1,9})[.)])(?P<space> +|$)")
_THEMATIC_BREAK = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_HEADING_WITHOUT_SPACE = re.compile(r" {0,3}#{1,6}[^#\s]")
# A line that opens raw HTML: left alone up to the next blank line (CommonMark's HTML blocks).
_HTML_START = re.compile(r" {0,3}<[A-Za-z/!?]")
_QUOTE = re.compile(r" {0,3}> ?")
# The first characters of a line that can start a list, a fence, raw HTML, a heading, a quote.
_MAY_START = frozenset("-+*#`~<>0123456789")


@dataclass
class _Item:
    """An open list item: where its marker stands, where its text starts, its nesting level."""

    indent: int
    content: int
    level: int
    ordered: bool


class ListHabitsPreprocessor(Preprocessor):
    """Rewrites GitHub-style lists for Python-Markdown; notes what GitHub would not show."""

    def run(self, lines: list[str]) -> list[str]:
        notes: list[Note] = getattr(self.md, "markdown_notes", [])
        if not any(_could_matter(line) for line in lines):
            return lines  # most pages: nothing to rewrite, and nothing to read twice
        return _Rewriter(notes).rewrite(lines)


def _could_matter(line: str) -> bool:
    stripped = line.lstrip(" ")
    return bool(stripped) and (stripped[0] in "-+*#>" or stripped[0].isdigit())


class _Rewriter:
    def __init__(self, notes: list[Note], first_line: int = 0, first_column: int = 0):
        self.notes = notes
        # Where the lines start in the page: a block quote's are read without their `>`.
        self.first_line = first_line
        self.first_column = first_column
        self.out: list[str] = []
        self.stack: list[_Item] = []
        # What the previous line was: blank, text (a paragraph or other block), item, code.
        self.previous = "blank"
        # Whether the lines since the last blank one began with an item's indented text:
        # Python-Markdown then reads them all as that text, items included.
        self.indented_block = False

    def rewrite(self, lines: list[str]) -> list[str]:
        fence: str | None = None
        in_html = False
        quote_end = 0
        for number, line in enumerate(lines):
            if number < quote_end:
                continue  # written with its block quote
            if fence is not None:  # inside fenced code: as written
                self.out.append(line)
                if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                    fence = None
                continue
            if not line.strip():
                self.out.append(line)
                self.previous = "blank"
                self.indented_block = False
                in_html = False
                continue
            if in_html:
                self.out.append(line)
                continue
            if not self.stack and line[0] not in _MAY_START and line[0] != " ":
                self.out.append(line)  # the common case: a line of prose outside any list
                self.previous = "text"
                continue
            opened = _FENCE.match(line)
            if opened:
                fence = opened.group(1)
                self._close_items_before(line)
                self.out.append(line)
                self.previous = "text"
                continue
            if self.previous == "blank" and not self.stack and _HTML_START.match(line):
                in_html = True
                self.out.append(line)
                self.previous = "text"
                continue
            if not self.stack and _QUOTE.match(line):
                quote_end = self._quote(lines, number)
                continue
            marker = _MARKER.match(line)
            if marker and not _THEMATIC_BREAK.match(line) and self._item(line, marker, number):
                continue
            self._text(line, number)
        return self.out

    def _quote(self, lines: list[str], start: int) -> int:
        """Write the block quote starting at start, its lines rewritten too; where it ends."""
        end = start
        while end < len(lines) and _QUOTE.match(lines[end]):
            end += 1
        quoted = lines[start:end]
        prefixes = [_QUOTE.match(line).group(0) for line in quoted]  # type: ignore[union-attr]
        inner = [line[len(prefix) :] for line, prefix in zip(quoted, prefixes, strict=True)]
        column = self.first_column + len(prefixes[0])
        rewritten = _Rewriter(self.notes, self.first_line + start, column).rewrite(inner)
        if rewritten == inner:
            self.out += quoted
        else:
            self.out += [("> " + line) if line else ">" for line in rewritten]
        self.previous = "text"
        return end

    def _close_items_before(self, line: str) -> None:
        indent = _indent(line)
        while self.stack and indent < self.stack[-1].content:
            self.stack.pop()

    def _item(self, line: str, marker: re.Match[str], number: int) -> bool:
        """Write a list item's line; False if, read as GitHub does, the line is not one."""
        indent = len(marker.group("indent"))
        text = line[marker.end() :]
        after_text = self.previous == "text" and not self.stack
        if not self.stack:
            if indent >= _TAB:
                return False  # code, or a paragraph's next line
            if after_text:
                # A list may follow a line of text at once, if it starts with a bullet or 1.
                starts_at_one = marker.group("number") in (None, "1")
                if not text.strip() or not starts_at_one:
                    return False  # GitHub reads it as the paragraph's next line
        popped: _Item | None = None
        while self.stack and indent < self.stack[-1].content:
            popped = self.stack.pop()
        if self.stack and indent - self.stack[-1].content >= _TAB:
            return False  # code inside the item above
        if popped is not None and popped.indent < indent:
            column = self.first_column + indent + 1
            spaces = {"spaces": str(popped.content)}
            self.notes.append(Note("W522", self.first_line + number, column, spaces))
        level = len(self.stack)
        ordered = marker.group("number") is not None
        previous_item = popped if popped is not None and popped.level == level else None
        if after_text or (self.indented_block and self.previous in ("text", "code")):
            self.out.append("")  # a list right after a paragraph: Python-Markdown needs a gap
            self.indented_block = False
        elif previous_item is not None and previous_item.ordered != ordered and level == 0:
            # GitHub starts a new list where `-` follows `1.` (or the reverse).
            self.out.append("")
        space = marker.group("space")
        content = indent + len(marker.group("marker")) + (len(space) if 0 < len(space) <= 4 else 1)
        written = marker.group("marker")
        if written.endswith(")"):
            written = written[:-1] + "."
        self.out.append(" " * (_TAB * level) + written + (space or "") + text)
        self.stack.append(_Item(indent, content, level, ordered))
        self.previous = "item"
        return True

    def _text(self, line: str, number: int) -> None:
        """Write a line that is not a list item: an item's text, or a block of its own."""
        indent = _indent(line)
        if self.stack and self.previous == "blank":
            while self.stack and indent < self.stack[-1].content:
                self.stack.pop()
            self.indented_block = bool(self.stack)
        if not self.stack:
            if indent >= _TAB and self.previous in ("blank", "code"):
                self.out.append(line)
                self.previous = "code"
                return
            if _HEADING_WITHOUT_SPACE.match(line):
                self.notes.append(
                    Note("W521", self.first_line + number, self.first_column + indent + 1)
                )
            self.out.append(line)
            self.previous = "text"
            return
        item = self.stack[-1]
        if self.previous in ("item", "text"):
            # The next line of the item's paragraph. GitHub drops its indent; so do we, or
            # Python-Markdown would keep the spaces, and show one between Japanese words.
            self.out.append(line.lstrip(" "))
            self.previous = "text"
            return
        base = _TAB * (item.level + 1)
        code = self.previous == "code" or indent - item.content >= _TAB
        # To Python-Markdown's indent for the item's level, keeping any indent beyond it;
        # text indented for Python-Markdown already stays as it is.
        moved = base + indent - item.content if code or indent < base else indent
        self.out.append(" " * moved + line[indent:])
        self.previous = "code" if code else "text"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def register(md: Markdown) -> None:
    """Add the preprocessor: after whitespace is normalised (30), before fenced code (25).

    Before fenced code, so that the line numbers of its notes are the page's own.
    """
    md.preprocessors.register(ListHabitsPreprocessor(md), "list_habits", 28)
