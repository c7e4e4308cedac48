"""Bare addresses (`https://…`, `www.…`, `info@example.jp`) in text become links, as on GitHub.

pymdownx.magiclink does the same but takes everything up to the next space, so in Japanese
text, which has no spaces, `詳しくはhttps://www.example.jp/をご覧ください。` would link the
whole sentence (GitHub does too). Here an address ends at the first character that may not
stand unescaped in a URL (RFC 3986), and GitHub's rules then trim what follows an address
in prose: final `.,:;!?*_~'"`, an unbalanced `)`, and an entity such as `&amp;`.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.util import ETX, HTML_PLACEHOLDER_RE, INLINE_PLACEHOLDER_PREFIX, AtomicString

# The characters of RFC 3986 that a URL may hold unescaped, and `%` for escapes.
_URL_CHARS = r"A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%"
# Not preceded by a letter or digit (`xhttps://` is no address), then a domain with a dot.
BARE_LINK_RE = (
    r"(?<![A-Za-z0-9])(?P<scheme>https?://|www\.)"
    r"(?P<domain>[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)"
    rf"(?P<rest>[{_URL_CHARS}]*)"
)
# GitHub's e-mail autolinks: ASCII only, so an address ends where Japanese text begins.
BARE_EMAIL_RE = r"(?<![A-Za-z0-9._+-])[A-Za-z0-9._+-]+@[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+"
_PLACEHOLDER = re.compile(INLINE_PLACEHOLDER_PREFIX + r"([0-9]+)" + ETX)
_RAW_A_OPEN = re.compile(r"<a[\s>]", re.IGNORECASE)
_RAW_A_CLOSE = re.compile(r"</a\s*>", re.IGNORECASE)
_TRAILING = frozenset("?!.,:*_~'\"")
_ENTITY_AT_END = re.compile(r"&[A-Za-z0-9]+;$")
TRIGGERS = ("http://", "https://", "www.")


class _BareInlineProcessor(InlineProcessor):
    """Never inside a link, whether Markdown's or one typed as raw HTML `<a …>…</a>`."""

    ANCESTOR_EXCLUDES = ("a",)

    def inside_raw_link(self, data: str, position: int) -> bool:
        """Whether an `<a>` typed as raw HTML before position in data is still open there."""
        depth = 0
        for found in _PLACEHOLDER.finditer(data, 0, position):
            raw = self._raw_html(found.group(1))
            if _RAW_A_OPEN.match(raw):
                depth += 1
            elif _RAW_A_CLOSE.match(raw):
                depth = max(depth - 1, 0)
        return depth > 0

    def _raw_html(self, index: str) -> str:
        """The raw HTML behind an inline placeholder, or "" if it stands for something else."""
        # The inline processor keeps what its patterns returned; raw HTML is kept as the
        # placeholder of the HTML stash.
        node = self.md.treeprocessors["inline"].stashed_nodes.get(index)
        found = HTML_PLACEHOLDER_RE.fullmatch(node) if isinstance(node, str) else None
        return str(self.md.htmlStash.rawHtmlBlocks[int(found.group(1))]) if found else ""


class BareLinkInlineProcessor(_BareInlineProcessor):
    """An `<a>` for each bare address, ended where GitHub would end it or at Japanese text."""

    def handleMatch(  # type: ignore[override]  # noqa: N802 (Python-Markdown's API)
        self, m: re.Match[str], data: str
    ) -> tuple[Element | None, int | None, int | None]:
        if self.inside_raw_link(data, m.start(0)):
            return None, None, None
        link = _trim(m.group(0))
        domain = m.group("domain") if m.group("scheme") != "www." else "www." + m.group("domain")
        segments = domain.split(".")
        # GitHub: at least one dot, and no underscore in the last two parts of the domain.
        if len(link) <= len(m.group("scheme")) or len(segments) < 2:
            return None, None, None
        if any("_" in segment for segment in segments[-2:]):
            return None, None, None
        element = Element("a")
        element.set("href", ("http://" + link) if m.group("scheme") == "www." else link)
        element.text = AtomicString(link)
        return element, m.start(0), m.start(0) + len(link)


class BareEmailInlineProcessor(_BareInlineProcessor):
    """A `mailto:` link for each bare e-mail address (not one ending in `-` or `_`)."""

    def handleMatch(  # type: ignore[override]  # noqa: N802 (Python-Markdown's API)
        self, m: re.Match[str], data: str
    ) -> tuple[Element | None, int | None, int | None]:
        address = m.group(0)
        if address[-1] in "-_" or self.inside_raw_link(data, m.start(0)):
            return None, None, None
        element = Element("a")
        element.set("href", "mailto:" + address)
        element.text = AtomicString(address)
        return element, m.start(0), m.end(0)


def _trim(link: str) -> str:
    """link without what GitHub leaves out at the end of an address in prose."""
    while link:
        last = link[-1]
        if last in _TRAILING:
            link = link[:-1]
        elif last == ";":
            entity = _ENTITY_AT_END.search(link)
            link = link[: entity.start()] if entity else link[:-1]
        elif last == ")" and link.count(")") > link.count("("):
            link = link[:-1]
        else:
            break
    return link


def register(md: Markdown) -> None:
    """After raw HTML (90) and entities (80), so no address is read inside a tag."""
    md.inlinePatterns.register(BareLinkInlineProcessor(BARE_LINK_RE, md), "bare_link", 75)
    md.inlinePatterns.register(BareEmailInlineProcessor(BARE_EMAIL_RE, md), "bare_email", 74)
