"""Markdown that would crash or stall the converter, found in one pass before converting.

Python-Markdown follows nested quotes, lists and emphasis by recursion (thousands of `>`
end in RecursionError) and looks for the end of every `[`, heading id and footnote again and
again (20,000 `[` took minutes). No page an editor writes comes near these limits; a file
pasted from elsewhere, or damaged, may: it is named at its line, and not converted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_QUOTE_DEPTH = 20
MAX_LIST_DEPTH = 20
MAX_RUN = 500  # one mark repeated (`*****…`), or `[` on one line
MAX_UNCLOSED_SCAN = 1_000_000  # unclosed `[` times the length of their line
MAX_HEADINGS = 1000
MAX_FOOTNOTES = 1000

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
# Quote marks at the start of a line, also inside list items and after list markers.
_QUOTES = re.compile(r"(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))*[ \t]*>")
_MARKERS = re.compile(r"(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))+")
_MARKER = re.compile(r"[-*+]|\d{1,9}[.)]")
_ITEM = re.compile(r"( *)(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_RUN = re.compile(rf"([*_~])\1{{{MAX_RUN - 1},}}")
_RULE = re.compile(r" {0,3}([-*_])(?: *\1){2,} *\Z")  # a line of marks alone: a rule
_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_FOOTNOTE = re.compile(r"\[\^[^\]]+\]:")


@dataclass(frozen=True)
class Excess:
    """What goes past a limit: the message code, its line (1 = the body's first) and values."""

    code: str
    line: int
    column: int
    values: dict[str, object]


def excesses(body: str) -> list[Excess]:
    """The first place where body goes past each limit (none for an ordinary page)."""
    found: dict[str, Excess] = {}
    counts = {"headings": 0, "footnotes": 0}
    lists: list[int] = []
    fence = ""
    for number, line in enumerate(body.split("\n"), start=1):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened[1][0] == fence[0] and len(opened[1]) >= len(fence):
                fence = ""
            continue
        if opened:
            fence = opened[1]
            continue
        for excess in _line_excesses(line, number, lists, counts):
            found.setdefault(excess.code + str(excess.values.get("what", "")), excess)
    return list(found.values())


def _line_excesses(
    line: str, number: int, lists: list[int], counts: dict[str, int]
) -> list[Excess]:
    found = []
    quotes = _QUOTES.match(line)
    depth = quotes[0].count(">") if quotes else 0
    if depth > MAX_QUOTE_DEPTH:
        found.append(Excess("E507", number, 1, {"depth": depth, "limit": MAX_QUOTE_DEPTH}))
    markers = _MARKERS.match(line)
    # `* * * … text`: list markers in a row open a list inside a list each (a rule if alone).
    if markers and len(_MARKER.findall(markers[0])) > MAX_LIST_DEPTH and not _RULE.match(line):
        found.append(Excess("E508", number, 1, {"limit": MAX_LIST_DEPTH}))
    rest = line.lstrip(" >") if quotes and not line.startswith("    ") else line
    item = _ITEM.match(rest)
    if item:
        indent = len(item[1])
        while lists and lists[-1] > indent:
            lists.pop()
        if not lists or lists[-1] < indent:
            lists.append(indent)
        if len(lists) > MAX_LIST_DEPTH:
            found.append(Excess("E508", number, indent + 1, {"limit": MAX_LIST_DEPTH}))
    elif rest.strip() and not rest.startswith(" "):
        lists.clear()  # a paragraph at the margin ends every list
    run = _RUN.search(line)
    if run and not _RULE.match(line):
        found.append(_run(number, run.start() + 1, run[1], len(run[0])))
    opened = line.count("[")
    if opened > MAX_RUN:
        found.append(_run(number, line.index("[") + 1, "[", opened))
    elif opened and (opened - line.count("]")) * len(line) > MAX_UNCLOSED_SCAN:
        # Each `[` never closed is followed to the end of its line: a long line with many
        # takes minutes (300 on a line of 43,000 characters: a minute).
        unclosed = opened - line.count("]")
        found.append(
            Excess("E511", number, line.index("[") + 1, {"count": unclosed, "length": len(line)})
        )
    for kind, pattern, limit in (
        ("headings", _HEADING, MAX_HEADINGS),
        ("footnotes", _FOOTNOTE, MAX_FOOTNOTES),
    ):
        if pattern.match(rest):
            counts[kind] += 1
            if counts[kind] == limit + 1:
                found.append(Excess("E510", number, 1, {"what": kind, "limit": limit}))
    return found


def _run(number: int, column: int, mark: str, count: int) -> Excess:
    return Excess("E509", number, column, {"mark": mark, "count": count, "limit": MAX_RUN})
