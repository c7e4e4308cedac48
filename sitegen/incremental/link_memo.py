"""What the last build's link checks found of each page, kept in `.cache/links/`.

Checking every link of 10,000 pages took a second of each rebuild, though one page changed.
A page's links are what its finished HTML holds, so a page with the same key (page_keys)
has the same links; where they lead depends only on the files the site makes, its base path
and its address (the "world", as a digest). So while the world is the same, a page taken
with the same key keeps what the check found last time: that its links were fine (but for
the anchors they need in other pages, looked at again: sitegen.validate.links.Checked), the
outside addresses it links to, and the pages it leads to (for W601). Builds and previews
keep one file each.

A damaged or foreign file is noted (W801) and ignored; one from other code is ignored.
"""

from __future__ import annotations

import contextlib
import io
import pickle
from collections.abc import Collection
from pathlib import Path

from sitegen.incremental.cache import Cache
from sitegen.incremental.page_keys import digest, own_code
from sitegen.incremental.sealed import read_sealed, write_sealed
from sitegen.source.site import Site
from sitegen.validate.links import Checked

FORMAT = "sitegen-links/1"
FOLDER = "links"
_MAGIC = b"sitegen-links\n"


class LinkMemo:
    """The link checks' findings by page key, for one world."""

    def __init__(self, cache: Cache, path: Path, world: str):
        self.cache = cache  # the project's cache, which holds the notes of damaged files
        self.path = path
        self.world = world
        self.links: dict[str, Checked] = {}
        self.reached: dict[str, tuple[str, ...]] = {}
        self._read()

    def known(self, keys: dict[str, str]) -> tuple[dict[str, Checked], dict[str, tuple[str, ...]]]:
        """For check_links and unreached: what is known of the pages, by output file.

        keys holds each page's key by its output file.
        """
        links, reached = {}, {}
        for output, key in keys.items():
            found = self.links.get(key)
            if found is not None:
                links[output] = found
            way = self.reached.get(key)
            if way is not None:
                reached[output] = way
        return links, reached

    def save(
        self,
        keys: dict[str, str],
        links: dict[str, Checked],
        reached: dict[str, tuple[str, ...]],
    ) -> None:
        """Keep what this build's checks found (by output file) under the pages' keys."""
        data = {
            "format": FORMAT,
            "code": own_code(),
            "world": self.world,
            "links": {keys[o]: (c.anchors, c.external) for o, c in links.items() if o in keys},
            "reached": {keys[o]: way for o, way in reached.items() if o in keys},
        }
        payload = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
        with contextlib.suppress(OSError):
            write_sealed(self.path, _MAGIC, payload)

    def _read(self) -> None:
        try:
            data = _Unpickler(io.BytesIO(read_sealed(self.path, _MAGIC))).load()
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise ValueError("format")
            if data.get("code") != own_code() or data.get("world") != self.world:
                return  # other code, or the site makes other files: nothing known
            links, reached = data["links"], data["reached"]
            self.links = {key: Checked(tuple(a), tuple(e)) for key, (a, e) in links.items()}
            self.reached = {key: tuple(way) for key, way in reached.items()}
        except FileNotFoundError:
            return
        except Exception:  # damaged, truncated or foreign: whatever unpickling raises
            self.cache.note(self.path)
            self.links, self.reached = {}, {}


class _Unpickler(pickle.Unpickler):
    """Plain data only: strings, tuples, dicts (no class of any module is made)."""

    def find_class(self, module: str, name: str) -> object:
        raise pickle.UnpicklingError(f"{module}.{name}")


def world_of(site: Site, outputs: Collection[str]) -> str:
    """What a link's outcome depends on besides the page: the files, base path and address."""
    return digest(site.base_path, str(site.settings.get("url", "")), *sorted(outputs))


def open_links(cache: Cache, site: Site, outputs: Collection[str]) -> LinkMemo | None:
    """The link memo of this mode (build or preview); None when the cache is off."""
    folder = cache.folder(FOLDER)
    if folder is None:
        return None
    name = "preview.pickle" if site.preview else "build.pickle"
    return LinkMemo(cache, folder / name, world_of(site, outputs))
