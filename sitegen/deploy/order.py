"""The order pages new on the server go in: a page after the new pages it links to.

Why the deploy's phases keep every page a visitor can reach whole (README: no live page
points at a missing file):

- A visitor reaches a page from a live page or from the sitemap. Before a deploy, every
  live page links only to files on the server (the previous deploy kept this, and a file
  changed or removed by hand on the server is found by the listing and sent again).
- Assets go first: after them, every page of the new build finds its images and files.
- New pages go next. No live page links to a new page yet: the live pages are the old
  ones, and an old page that linked to a page not on the server would have broken the
  invariant before. The sitemap is old too. So, while they go up, new pages are reachable
  from nothing live, and any order among them keeps the invariant, even with several
  connections at once and even for pages that link to each other in a cycle.
- Changed pages follow: each may now link to new pages, which are all there, to assets,
  which are there, and to other pages, old or new versions, which are there.
- The sitemap and robots.txt come after every page they may name; deletions come last,
  once no page of the new build (nor any unchanged one) links to what is removed.

Phases are barriers: a phase starts only once every file of the one before it is on
the server. Within the new pages we still send link targets before the pages linking to
them (a depth-first order over the links among new pages; in a cycle, any page of it may
go first). It costs nothing and, when a deploy is cut, it leaves fewer links among the
pages already sent that point at pages not sent yet, though no visitor can reach them.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

_LINK = re.compile(rb"""(?:href|src)\s*=\s*["']([^"'#?]*)""")


def links_first(folder: Path, pages: list[str]) -> list[str]:
    """pages reordered so that each comes after the pages of the list it links to."""
    wanted = set(pages)
    targets = {page: [t for t in local_links(folder, page) if t in wanted] for page in pages}
    ordered: list[str] = []
    state: dict[str, int] = {}  # 1: being visited, 2: placed
    for start in pages:
        if start in state:
            continue
        # An explicit stack: a chain of 1,000 pages must not hit the recursion limit.
        stack = [(start, iter(targets[start]))]
        state[start] = 1
        while stack:
            page, remaining = stack[-1]
            target = next((t for t in remaining if t not in state), None)
            if target is None:
                stack.pop()
                state[page] = 2
                ordered.append(page)
            else:
                state[target] = 1
                stack.append((target, iter(targets[target])))
    return ordered


def local_links(folder: Path, page: str) -> list[str]:
    """The files below folder that page links to, as paths relative to folder."""
    found = []
    base = "/" + page
    for raw in _LINK.findall((folder / page).read_bytes()):
        link = raw.decode("utf-8", "replace").strip()
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        path = posixpath.normpath(posixpath.join(posixpath.dirname(base), unquote(parts.path)))
        if parts.path.endswith("/") or not posixpath.splitext(path)[1]:
            path = posixpath.join(path, "index.html")
        found.append(path.lstrip("/"))
    return found
