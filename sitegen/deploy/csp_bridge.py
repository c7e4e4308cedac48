"""A server header file that allows the old and the new inline styles while pages change.

Pages inline their stylesheet and the Content-Security-Policy in `.htaccess` allows it by
its hash. When the stylesheet changes, the pages and `.htaccess` change together, but a
deploy replaces them one file at a time: with either one new and the other old, the
browser refuses the page's style. So the deploy first sends a bridging `.htaccess` that
allows both sets of hashes, then the pages, then the final `.htaccess`.
"""

from __future__ import annotations

import re

HEADER_FILE = ".htaccess"
_HASH = re.compile(rb"'sha256-[A-Za-z0-9+/]+=*'")


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
