"""A Python-Markdown extension that checks what an editor's page may contain.

Raw HTML is allowed from a short list of harmless tags; scripts, frames, event handlers and
`javascript:` addresses are findings. Images and links into assets/ are rewritten to the
hashed file names, and a missing or escaping asset is a finding. The renderer turns findings
into problems that name the page's file and line.
"""

from __future__ import annotations

import collections
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from posixpath import normpath
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = frozenset(
    [
        "a",
        "abbr",
        "b",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
        "wbr",
    ]
)
DANGEROUS_TAGS = frozenset(
    [
        "script",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "style",
        "link",
        "meta",
        "base",
        "form",
        "input",
        "button",
        "textarea",
        "select",
        "svg",
        "math",
        "template",
    ]
)
_URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "action", "formaction", "poster", "data"})
_SAFE_SCHEMES = frozenset({"", "http", "https", "mailto", "tel"})
ASSET_PREFIX = "assets/"


@dataclass(frozen=True)
class Finding:
    """Something wrong in a page's Markdown: a message code, its values, and text to locate it."""

    code: str
    snippet: str
    values: dict[str, str] = field(default_factory=dict)
    # The address written, when the finding says it leads nowhere: reported here, it is not
    # reported again by the check of the page's links.
    address: str = ""


class _RawHtmlScanner(HTMLParser):
    """Reads one piece of raw HTML and notes each tag, attribute or address not allowed."""

    def __init__(self, findings: list[Finding]):
        super().__init__(convert_charrefs=True)
        self.findings = findings

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        snippet = self.get_starttag_text() or f"<{tag}"
        if tag in DANGEROUS_TAGS:
            self.findings.append(Finding("E502", snippet, {"tag": tag}))
        elif tag not in ALLOWED_TAGS:
            self.findings.append(Finding("E501", snippet, {"tag": tag}))
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(Finding("E503", snippet, {"attribute": name}))
            elif name in _URL_ATTRIBUTES and value and not _safe_url(value):
                self.findings.append(Finding("E504", snippet, {"url": value}))
            elif name in _URL_ATTRIBUTES and value and _is_plain_http(value):
                self.findings.append(Finding("W303", value, {"url": value}))

    handle_startendtag = handle_starttag


def _safe_url(url: str) -> bool:
    # Browsers ignore control characters and spaces inside a scheme: "java\nscript:" runs.
    squeezed = "".join(ch for ch in url if ch > " ").lower()
    scheme = squeezed.split(":", 1)[0] if ":" in squeezed.split("/", 1)[0] else ""
    return scheme in _SAFE_SCHEMES


class PageChecksProcessor(Treeprocessor):
    """Checks raw HTML and addresses, and points asset references at their hashed names."""

    def __init__(self, md: Markdown, checks: PageChecksExtension):
        super().__init__(md)
        self.checks = checks

    def run(self, root: Element) -> None:
        findings = self.checks.findings
        scanner = _RawHtmlScanner(findings)
        for block in self.md.htmlStash.rawHtmlBlocks:
            scanner.feed(str(block))
        scanner.close()
        for element in root.iter():
            for name in ("href", "src"):
                value = element.get(name)
                if value is None:
                    continue
                if not _safe_url(value):
                    findings.append(Finding("E504", value, {"url": value}))
                elif element.tag == "img" and self.checks.images_elsewhere:
                    continue  # images are resolved and published by markdown/images.py
                elif _is_plain_http(value):
                    findings.append(Finding("W303", value, {"url": value}))
                elif _is_asset(value):
                    element.set(name, self._asset_url(value, findings))

    def _asset_url(self, value: str, findings: list[Finding]) -> str:
        parts = urlsplit(value)
        path = normpath(parts.path.lstrip("/"))
        name = path[len(ASSET_PREFIX) :]
        if not path.startswith(ASSET_PREFIX) or name not in self.checks.assets:
            findings.append(Finding("E403", value, {"name": path}, value))
            return value
        hashed = self.checks.base_path + self.checks.assets[name]
        return hashed + (f"#{parts.fragment}" if parts.fragment else "")


def _is_plain_http(value: str) -> bool:
    """An address that is not encrypted (`http://`): worth a note, the guide asks for https."""
    return value.strip()[:7].lower() == "http://"


class UnclosedCommentPreprocessor(Preprocessor):
    """Finds an HTML comment (`<!--`) that is never closed: it would hide the rest of the page."""

    def __init__(self, md: Markdown, checks: PageChecksExtension):
        super().__init__(md)
        self.checks = checks

    def run(self, lines: list[str]) -> list[str]:
        if not any("<!--" in line for line in lines):
            return lines  # most pages have no comment: no need to follow code fences
        opened = _unclosed_comment(lines)
        if opened is not None:
            self.checks.findings.append(Finding("E506", opened))
        return lines


_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
_BACKTICKS = re.compile(r"`+")


def _without_code_spans(line: str) -> str:
    """line without its code spans (a run of backticks to the next run as long), in one pass.

    A regular expression took seconds on a line of a few thousand backticks in runs of
    different lengths, trying every run against every later one.
    """
    if "`" not in line:
        return line
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(line)]
    later: dict[int, collections.deque[int]] = collections.defaultdict(collections.deque)
    for index, (start, end) in enumerate(runs):
        later[end - start].append(index)
    kept, position, index = [], 0, 0
    while index < len(runs):
        start, end = runs[index]
        same = later[end - start]
        while same and same[0] <= index:
            same.popleft()
        if same:  # closed by the next run as long: the span goes
            kept.append(line[position:start])
            position = runs[same[0]][1]
            index = same[0] + 1
        else:
            index += 1
    kept.append(line[position:])
    return "".join(kept)


def _unclosed_comment(lines: list[str]) -> str | None:
    """The text from the first `<!--` that no `-->` follows, outside code; None if none."""
    fence = ""
    opened: str | None = None
    for line in lines:
        marker = _FENCE.match(line)
        if fence:
            if marker and marker[1][0] == fence[0] and len(marker[1]) >= len(fence):
                fence = ""
            continue
        if marker and opened is None:
            fence = marker[1]
            continue
        text = _without_code_spans(line)
        position = 0  # each line is searched from its start
        while True:
            if opened is None:
                start = text.find("<!--", position)
                if start < 0:
                    break
                rest = text[start:]
                opened = rest if rest in line else line[line.find("<!--") :]
                position = start + 4
            else:
                end = text.find("-->", position)
                if end < 0:
                    break
                opened = None
                position = end + 3
    return opened


def _is_asset(value: str) -> bool:
    parts = urlsplit(value)
    return not parts.scheme and not parts.netloc and parts.path.lstrip("/").startswith(ASSET_PREFIX)


class PageChecksExtension(Extension):
    """Checks pages as they are converted; `findings` holds what the last page had."""

    def __init__(self, assets: dict[str, str], base_path: str):
        super().__init__()
        self.assets = assets
        self.base_path = base_path
        self.findings: list[Finding] = []
        # Set when the images extension takes care of <img> (pages of a build).
        self.images_elsewhere = False

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API)
        md.registerExtension(self)
        # After inline parsing (20) has stashed inline HTML and made links into elements.
        md.treeprocessors.register(PageChecksProcessor(md, self), "page_checks", 12)
        # Before the raw HTML blocks are stashed (20), on the lines as the editor wrote them.
        md.preprocessors.register(UnclosedCommentPreprocessor(md, self), "unclosed_comment", 25)

    def reset(self) -> None:
        self.findings = []
