"""The server header file sent before the pages when the final one cannot go first.

Pages inline their stylesheet and the Content-Security-Policy in `.htaccess` allows it by
its hash. When the stylesheet changes, the pages and `.htaccess` change together, but a
deploy replaces them one file at a time: with either one new and the other old, the
browser refuses the page's style. So the deploy first sends a bridging `.htaccess` that
allows both sets of hashes, then the pages, then the final `.htaccess`.

`.htaccess` also redirects old addresses (aliases, pages renamed since an earlier deploy).
A new redirect must not be live before the page it leads to is on the server, and an old
one must stay while the page at its address is not there yet: so the interim file keeps the
redirects of the file on the server, and the final one, with the new redirects, goes after
the pages and before anything is deleted (see publish.py).
"""

from __future__ import annotations

import re

HEADER_FILE = ".htaccess"
_HASH = re.compile(rb"'sha256-[A-Za-z0-9+/]+=*'")
_RULE = re.compile(rb"^\s*RedirectMatch\s")
_EMPTY_BLOCK = re.compile(rb"^<IfModule mod_alias\.c>\n</IfModule>\n\n?", re.MULTILINE)


def interim(old: bytes, new: bytes) -> bytes:
    """What to send before the pages: new, also allowing old's style hashes, with old's
    redirects instead of its own (new itself when that changes nothing)."""
    bridged = bridge(old, new) or new
    return _with_rules(bridged, redirect_rules(old))


def bridge(old: bytes, new: bytes) -> bytes | None:
    """new, also allowing the style hashes that old allows; None if new allows them all."""
    allowed = set(_HASH.findall(new))
    missing = [h for h in dict.fromkeys(_HASH.findall(old)) if h not in allowed]
    if not missing:
        return None
    extra = b" " + b" ".join(missing)
    lines = new.split(b"\n")
    for index, line in enumerate(lines):
        found = list(_HASH.finditer(line))
        if found:
            end = found[-1].end()
            lines[index] = line[:end] + extra + line[end:]
    return b"\n".join(lines)


def redirect_rules(header: bytes) -> list[bytes]:
    """The redirect lines of a header file, in their order."""
    return [line.strip() for line in header.split(b"\n") if _RULE.match(line)]


def _with_rules(header: bytes, rules: list[bytes]) -> bytes:
    """header with its redirect lines replaced by rules (header itself if they are the same)."""
    if redirect_rules(header) == rules:
        return header
    kept = b"\n".join(line for line in header.split(b"\n") if not _RULE.match(line))
    kept = _EMPTY_BLOCK.sub(b"", kept)
    if not rules:
        return kept
    block = [b"<IfModule mod_alias.c>", *(b"  " + rule for rule in rules), b"</IfModule>", b""]
    separator = b"" if kept.endswith(b"\n") else b"\n"
    return kept + separator + b"\n".join(block)
