"""Reading every content file into pages, data and settings (no validation of meaning)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, urlsplit

from sitegen.core import messages
from sitegen.core.problems import ContentError, Problem, collect
from sitegen.core.project import Project
from sitegen.source.frontmatter import parse
from sitegen.source.sections import FOLDER as SECTIONS
from sitegen.source.sections import Section, read_sections
from sitegen.source.textfile import read_text
from sitegen.source.yaml_loader import Mapping, load_yaml

DEFAULT_TEMPLATE = "page.html"
NOT_FOUND = "404"


@dataclass(frozen=True)
class Page:
    """One Markdown file and where it is published."""

    source: Path
    meta: Mapping
    body: str
    body_line: int
    path: str  # site-relative: "" for the home page, "about/", "404.html"
    url: str  # with the base path: "/cyber/about/"
    output: str  # file below the output folder: "about/index.html"

    @property
    def template(self) -> str:
        return str(self.meta.get("template") or DEFAULT_TEMPLATE)

    @property
    def title(self) -> str:
        return str(self.meta.get("title", ""))

    @property
    def in_sitemap(self) -> bool:
        return self.path != f"{NOT_FOUND}.html" and self.meta.get("sitemap", True) is not False


@dataclass(frozen=True)
class Site:
    """Everything read from content/."""

    settings: Mapping
    settings_file: Path
    base_path: str
    pages: tuple[Page, ...]
    data: dict[str, Any]
    data_files: dict[str, Path]
    sections: dict[str, Section] = field(default_factory=dict)
    # Files that exist but could not be read (their problems are reported): what they hold is
    # unknown, so they are neither missing nor checked.
    unread: frozenset[Path] = frozenset()


class DataFiles(dict):
    """The data files by name, as templates see them (`data.chart`); knows their folder."""

    folder: Path = Path("content/data")


def load_site(project: Project) -> Site:
    """Read site.yml, every page and every data file; raise one error listing every problem."""
    site, problems = read_site(project)
    if problems:
        raise ContentError(problems)
    return site


def read_site(project: Project) -> tuple[Site, list[Problem]]:
    """Every file that can be read, and the problems of those that cannot (all of them)."""
    problems: list[Problem] = []
    unread: list[Path] = []
    settings = collect(problems, lambda: _load_settings(project.settings))
    if settings is None:
        unread.append(project.settings)
    base_path = base_path_of(settings)
    pages = []
    for source in page_sources(project):
        page = collect(problems, lambda s=source: load_page(project, s, base_path))
        if page is not None:
            pages.append(page)
        else:
            unread.append(source)
    data, data_files = DataFiles(), {}
    data.folder = project.data
    for source in data_sources(project):
        known = len(problems)
        value = collect(problems, lambda s=source: load_yaml(read_text(s), s))
        if len(problems) > known:  # unreadable (an empty file reads as None, and is kept)
            unread.append(source)
            continue
        data[source.stem], data_files[source.stem] = value, source
    sections, found = read_sections(project.content / SECTIONS)
    problems += found
    unread += [p.path for p in found if p.path is not None]
    site = Site(
        settings if settings is not None else Mapping(),
        project.settings,
        base_path,
        tuple(pages),
        data,
        data_files,
        sections,
        frozenset(unread),
    )
    return site, problems


def _load_settings(path: Path) -> Mapping:
    settings = load_yaml(read_text(path), path)
    if not isinstance(settings, Mapping):
        raise ContentError.of("E111", path, 1, what=messages.text("site_settings"))
    return settings


def base_path_of(settings: Mapping | None) -> str:
    """The path part of the site's address, always ending in "/": "/", "/cyber/"."""
    url = settings.get("url") if isinstance(settings, Mapping) else None
    path = urlsplit(url).path if isinstance(url, str) else "/"
    return path if path.endswith("/") else path + "/"


def page_sources(project: Project) -> list[Path]:
    """Every Markdown file that becomes a page, in a stable order."""
    return sorted(
        path
        for path in project.content.rglob("*.md")
        if _visible(path.relative_to(project.content)) and path.is_file()
    )


def data_sources(project: Project) -> list[Path]:
    """Every YAML data file, in a stable order."""
    if not project.data.is_dir():
        return []
    files = [*project.data.glob("*.yml"), *project.data.glob("*.yaml")]
    return sorted(path for path in files if _visible(path.relative_to(project.data)))


def _visible(relative: Path) -> bool:
    """Hidden files, drafts (`_name`) and the data and sections folders are not pages."""
    parts = relative.parts
    hidden = any(part.startswith((".", "_")) for part in parts)
    return not hidden and parts[0] not in ("data", SECTIONS)


def load_page(project: Project, source: Path, base_path: str) -> Page:
    """Read one page and compute, once, where it is published."""
    meta, body, body_line = parse(read_text(source), source)
    path, output = page_location(PurePosixPath(source.relative_to(project.content).as_posix()))
    url = base_path + quote(path)
    return Page(source, meta, body, body_line, path, url, output)


def page_location(relative: PurePosixPath) -> tuple[str, str]:
    """The site path and output file of a page: about.md -> ("about/", "about/index.html")."""
    stem = relative.with_suffix("")
    if stem == PurePosixPath(NOT_FOUND):
        return f"{NOT_FOUND}.html", f"{NOT_FOUND}.html"
    if stem.name == "index":
        stem = stem.parent
    path = "" if stem == PurePosixPath(".") else f"{stem.as_posix()}/"
    return path, f"{path}index.html"
