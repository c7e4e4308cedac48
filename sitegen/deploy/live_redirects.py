"""The redirects of renamed pages as the server publishes them, read back from its files.

The manifest keeps them (renames.py), but a manifest made again from the listing, without a
release kept on this computer, would not: the deploy reads them back from the live
`_redirects` (each `old new 301` line as the manifest had it) or, if that file is gone, from
the `RedirectMatch` lines of `.htaccess`, below the line that marks them as the deploy's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote

from sitegen.deploy.csp_bridge import HEADER_FILE
from sitegen.deploy.renames import NETLIFY_REDIRECTS
from sitegen.sitefiles.hosting import MOVED_MARK

_RULE = re.compile(r'^\s*RedirectMatch 301 "\^([^"]+)" "(/[^"\s]*)"\s*$')
_FOLDER_END = r"(/|/index\.html)?$"
_ESCAPED = re.compile(r"\\(.)")


def read_back(read: Callable[[str], bytes | None], listed: set[str]) -> tuple[str, dict[str, str]]:
    """The file the deploy's redirects were read from, and them (old address: new)."""
    if NETLIFY_REDIRECTS in listed:
        found = from_netlify(read(NETLIFY_REDIRECTS) or b"")
        if found:
            return NETLIFY_REDIRECTS, found
    if HEADER_FILE in listed:
        return HEADER_FILE, from_htaccess(read(HEADER_FILE) or b"")
    return "", {}


def _moved_part(data: bytes) -> list[str]:
    """The lines below the deploy's mark; none if the file has no such mark."""
    text = data.decode("utf-8", "replace")
    start = text.find(MOVED_MARK)
    return [] if start < 0 else text[start + len(MOVED_MARK) :].splitlines()


def from_netlify(data: bytes) -> dict[str, str]:
    found = {}
    for line in _moved_part(data):
        parts = line.split()
        if len(parts) == 3 and parts[2] == "301" and parts[0].startswith("/"):
            found[parts[0]] = parts[1]
    return found


def from_htaccess(data: bytes) -> dict[str, str]:
    """Each rule's old address, from the anchored pattern hosting.redirect_rule wrote."""
    found = {}
    for line in _moved_part(data):
        rule = _RULE.match(line)
        if rule is None:
            continue
        pattern, new = rule.groups()
        if pattern.endswith(_FOLDER_END):
            old = _ESCAPED.sub(r"\1", pattern[: -len(_FOLDER_END)]) + "/"
        elif pattern.endswith("$"):
            old = _ESCAPED.sub(r"\1", pattern[:-1])
        else:
            continue
        found[quote(old)] = new  # the pattern matches the decoded path; pages are quoted
    return found
