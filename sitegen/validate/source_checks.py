"""The checks of page bodies and links that need no rendering, for a run that cannot render.

When some file cannot be read or breaks its model, the site is not rendered; the Markdown of
every page and section that could be read is still converted, so that its raw HTML, assets
and links are checked in the same run (one broken file must not hide the others' problems).
Links and ids come from the bodies alone: the ids a template writes, and those of every
section, count as present on every page, so that no link is reported broken that the built
site would hold; the check of the rendered pages, once the site builds, sees the rest.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from sitegen.core.problems import Problem
from sitegen.core.project import Project
from sitegen.markdown.images import Media
from sitegen.render.page_body import BodyConverter
from sitegen.source.addresses import Addresses
from sitegen.source.sections import Section
from sitegen.source.site import Site, page_location
from sitegen.validate.links import Scanned, check_links, scan

# Files every build writes beside the pages and assets.
_SITE_FILES = ("sitemap.xml", "robots.txt", ".htaccess", "_headers")


def check_sources(
    project: Project,
    site: Site,
    assets: dict[str, str],
    template_ids: set[str],
    media: Media | None = None,
) -> list[Problem]:
    """The problems of every readable body (raw HTML, assets, links), without rendering.

    With media, images are pictures as in the build: a photo the page shows (which is no
    asset of its own) is not taken for a missing file.
    """
    addresses = Addresses(site.all_pages, site.base_path, assets)
    converter = BodyConverter(
        assets,
        site.base_path,
        set(template_ids),
        media=media,
        addresses=addresses,
        content=project.content,
    )
    problems: list[Problem] = []
    section_links: list[str] = []
    section_ids: set[str] = set()
    for section in _sections(site):
        content, toc, found = converter.convert(section)
        problems += found
        scanned = scan(str(content))
        section_links += [link for link in scanned.links if link not in converter.reported]
        section_ids |= scanned.ids | {str(token["id"]) for token in toc}
    shared_ids = set(template_ids) | section_ids
    scans: dict[str, Scanned] = {}
    for page in site.pages:
        content, _toc, found = converter.convert(page)
        problems += found
        scanned = scan(str(content))
        links = [link for link in scanned.links if link not in converter.reported]
        scans[page.output] = Scanned(links, scanned.ids | shared_ids)
    home = next((p for p in site.pages if p.path == ""), site.pages[0] if site.pages else None)
    if home is not None and section_links:
        # Sections are shown on the pages their templates choose: their links are read as
        # the home page's (where relative addresses resolve against the site's address).
        scans[home.output] = Scanned(
            scans[home.output].links + section_links, scans[home.output].ids
        )
    if project.settings in site.unread:
        return problems  # without the site's address, no address can be checked
    outputs = {page.output for page in site.pages}
    outputs |= {_output_of(project, path) for path in site.unread if path.suffix == ".md"}
    outputs |= set(assets.values()) | set(_SITE_FILES)
    if media is not None:
        outputs |= set(media.library.outputs())
    return problems + check_links(site, outputs, scans).problems


def _sections(site: Site) -> Iterator[Section]:
    for section in site.sections.values():
        yield section
        yield from section.items


def _output_of(project: Project, path: Path) -> str:
    try:
        relative = PurePosixPath(path.relative_to(project.content).as_posix())
    except ValueError:
        return ""
    return page_location(relative)[1]
