"""A seeded fuzz of page bodies: no mix of Markdown's marks may crash the converter (issue 30).

Bodies are put together from the pieces editors' files hold (quotes, lists, emphasis, links,
raw HTML, tables, fences, footnotes), nested and repeated past what any page holds. Each is
converted as a page is: it gives HTML, or problems with a code; never an exception.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from sitegen.render.page_body import BodyConverter
from sitegen.source.site import Page
from sitegen.source.yaml_loader import Mapping

PIECES = [
    "> ",
    ">",
    "- ",
    "* ",
    "+ ",
    "1. ",
    "  ",
    "    ",
    "\t",
    "**",
    "*",
    "__",
    "_",
    "~~",
    "`",
    "```",
    "[",
    "]",
    "(",
    ")",
    "![",
    "[^1]",
    "[^1]: ",
    "<div>",
    "</div>",
    "<span>",
    "</span>",
    "<b>",
    "<!--",
    "-->",
    "<table>",
    "| a | b |",
    "| --- | --- |",
    "# ",
    "### ",
    "---",
    "***",
    "&#x110000;",
    "&amp;",
    "\\",
    "https://example.jp/",
    "about.md",
    "#見出し",
    "研修会",
    "1億7,200万円",
    "\n",
    "\n\n",
    "：",
    "　",
    "<wbr>",
    "<br>",
    "<img src=x.png>",
    "{#id}",
    "$",
    "\x02wzxhzdk:0\x03",
]
SEEDS = range(60)


def _body(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 40)):
        piece = rng.choice(PIECES)
        parts.append(piece * rng.choice((1, 1, 1, 2, 3, 10, 50, 300, 2000)))
    return "".join(parts)


@pytest.fixture(scope="module")
def converter() -> BodyConverter:
    return BodyConverter({}, "/")


@pytest.mark.parametrize("seed", SEEDS)
def test_no_body_crashes_the_converter(seed: int, converter: BodyConverter) -> None:
    body = _body(random.Random(seed))
    page = Page(Path("content/fuzz.md"), Mapping(), body, 5, "fuzz/", "/fuzz/", "fuzz/index.html")
    html, _toc, problems = converter.convert(page)
    assert all(p.code[0] in "EW" and p.code != "E901" for p in problems)
    assert isinstance(str(html), str)
