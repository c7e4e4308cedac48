"""The parts of pages written as Markdown (content/sections/), converted once per build."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from sitegen.core.problems import Problem
from sitegen.markdown.images import Media
from sitegen.render.missing import SectionViews
from sitegen.render.page_body import BodyConverter
from sitegen.source.addresses import Addresses
from sitegen.source.sections import Section
from sitegen.source.yaml_loader import Mapping

# An id written literally in a template (`id="contacts"`), not one computed by Jinja.
_TEMPLATE_ID = re.compile(r"""\bid=["']([^"'{}]+)["']""")


@dataclass(frozen=True)
class SectionView:
    """What a template sees of a section: its fields, its body as HTML, its items."""

    section: Section
    content: Markup
    items: tuple[SectionView, ...]

    @property
    def meta(self) -> Mapping:
        return self.section.meta

    @functools.cached_property
    def items_meta(self) -> tuple[Mapping, ...]:
        """The front matter of every item (one object per build, for memoised filters)."""
        return tuple(item.meta for item in self.items)

    def __getattr__(self, name: str) -> Any:
        # Front-matter fields read as attributes (`section.heading`), as a page's do.
        if name.startswith("__") or name not in self.section.meta:
            raise AttributeError(name)
        return self.section.meta[name]


@dataclass(frozen=True)
class Parts:
    """The sections of a build as templates see them, and the ids a page body may not take."""

    views: dict[str, SectionView]
    reserved: frozenset[str]  # the templates' own ids and those of the sections' headings
    problems: list[Problem]


def template_ids(templates: Path) -> set[str]:
    """The ids the templates write themselves, which no heading of a page may take."""
    found: set[str] = set()
    if templates.is_dir():
        for path in sorted(templates.rglob("*.html")):
            # A template in another encoding is reported (E001) where a page loads it.
            text = path.read_bytes().decode("utf-8", "replace")
            found.update(_TEMPLATE_ID.findall(text))
    return found


def render_sections(
    sections: dict[str, Section],
    assets: dict[str, str],
    base_path: str,
    reserved: set[str],
    folder: Path | None = None,
    media: Media | None = None,
    addresses: Addresses | None = None,
    content: Path | None = None,
) -> Parts:
    """Every section's body and its items' bodies as HTML, checked like a page's body.

    All sections may be shown on one page, so their heading ids are unique among all of
    them and never one of reserved (the templates' own).
    """
    taken = set(reserved)
    converter = BodyConverter(
        assets, base_path, taken, media=media, addresses=addresses, content=content
    )
    problems: list[Problem] = []

    def view(section: Section) -> SectionView:
        content, toc, found = converter.convert(section)
        problems.extend(found)
        taken.update(_ids(toc))
        return SectionView(section, content, tuple(view(item) for item in section.items))

    views = SectionViews((name, view(section)) for name, section in sections.items())
    if folder is not None:
        views.folder = folder  # where a section a template names but no file holds belongs
    return Parts(views, frozenset(taken), problems)


def _ids(toc: list[dict[str, Any]]) -> set[str]:
    return {str(token["id"]) for token in toc}
