"""The pages whose own check (site_rules.check_page) found nothing, kept in `.cache/checks/`.

Checking every page's front matter against its model took a third of a second of each
rebuild at 10,000 pages, though one page changed. What check_page finds depends only on the
page's file (its path and its bytes: Page.digest), the models as read, the templates' names,
the build's day and our code (with the libraries that read YAML): the "context", a digest that
heads the file (another context: nothing is known). A page is entered as its path below
content/ and its digest, so any change to it checks it again.
Pages with problems are never entered: their problems are found, and reported, every build.

A damaged or foreign file is noted (W801) and ignored; deleting it is always safe.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path

from sitegen.core.problems import Problem
from sitegen.incremental.cache import Cache
from sitegen.incremental.page_keys import code_fingerprint, digest
from sitegen.incremental.sealed import read_sealed, write_sealed
from sitegen.source.site import Page
from sitegen.validate.models import SiteModels

FORMAT = b"sitegen-checks/2\n"
FOLDER = "checks"
NAME = "pages"


class CheckMemo:
    """The entries of the pages found fine, for one context."""

    def __init__(self, cache: Cache, path: Path, context: str):
        self.cache = cache
        self.path = path
        self.context = context
        self.entries: set[str] = self._read()

    def fine(self, pages: Iterable[Page]) -> set[str]:
        """The pages (by Page.relative) found fine before, their file and context the same."""
        return {p.relative for p in pages if p.digest and _entry(p) in self.entries}

    def save(self, pages: Iterable[Page], problems: list[Problem]) -> None:
        """Keep the pages none of the problems names (the others are checked every build)."""
        named = {str(p.path) for p in problems if p.path is not None}
        entries = {_entry(p) for p in pages if p.digest and str(p.source) not in named}
        if entries == self.entries:
            return
        data = "\n".join([self.context, *sorted(entries)]).encode("utf-8", "surrogatepass")
        with contextlib.suppress(OSError):
            write_sealed(self.path, FORMAT, data)

    def _read(self) -> set[str]:
        try:
            data = read_sealed(self.path, FORMAT)
            context, *entries = data.decode("utf-8", "surrogatepass").split("\n")
            return set(entries) if context == self.context else set()
        except FileNotFoundError:
            return set()
        except (OSError, ValueError):
            self.cache.note(self.path)
            return set()


def _entry(page: Page) -> str:
    """A page as read: its path below content/ and its file's digest."""
    return f"{page.digest} {page.relative}"


def open_checks(
    cache: Cache, content: Path, models: SiteModels, templates: list[str], today: str
) -> CheckMemo | None:
    """The memo of pages found fine (None when the cache is off)."""
    folder = cache.folder(FOLDER)
    if folder is None:
        return None
    where = os.path.abspath(content)
    # The models as this build read them (plain dataclasses: their repr is all they hold),
    # not their files as they are now: a model saved meanwhile is the next build's.
    parts = [code_fingerprint(), where, today, "\n".join(templates), repr(models)]
    return CheckMemo(cache, folder / NAME, digest(*parts))
