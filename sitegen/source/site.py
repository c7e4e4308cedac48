"""Reading every content file into pages, data and settings (no validation of meaning)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, urlsplit

from sitegen.core import messages
from sitegen.core.problems import ContentError, Problem
from sitegen.core.project import Project
from sitegen.source.frontmatter import parse
from sitegen.source.sections import FOLDER as SECTIONS
from sitegen.source.sections import Section, load_sections
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


def load_site(project: Project) -> Site:
    """Read site.yml, every page and every data file; raise one error listing every problem."""
    problems: list[Problem] = []
    settings = _collect(problems, lambda: _load_settings(project.settings))
    base_path = base_path_of(settings)
    pages = []
    content = project.content
    for source, relative in _page_files(content):
        page = _collect(
            problems, lambda s=source, r=relative: load_page(project, s, base_path, r, content)
        )
        if page is not None:
            pages.append(page)
    data, data_files = {}, {}
    for source in data_sources(project):
        value = _collect(problems, lambda s=source: load_yaml(read_text(s), s))
        data[source.stem], data_files[source.stem] = value, source
    sections = _collect(problems, lambda: load_sections(project.content / SECTIONS)) or {}
    if problems:
        raise ContentError(problems)
    return Site(settings, project.settings, base_path, tuple(pages), data, data_files, sections)


def _collect(problems: list[Problem], load: Any) -> Any:
    """Run load; on a content error keep its problems and go on with the next file."""
    try:
        return load()
    except ContentError as error:
        problems.extend(error.problems)
        return None


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
    return [source for source, _ in _page_files(project.content)]


def _page_files(content: Path) -> list[tuple[Path, PurePosixPath]]:
    """Every page file and its path below content, in the order of sorted Paths.

    Walked with strings: at 10,000 pages, making and comparing a Path for each file took a
    tenth of a second of every build.
    """
    found: list[tuple[tuple[str, ...], str]] = []
    top = str(content)
    for folder, subfolders, names in os.walk(top):
        inside = os.path.relpath(folder, top)
        parts = () if inside == "." else tuple(inside.split(os.sep))
        if parts and not _visible(Path(*parts)):
            subfolders.clear()  # hidden, a draft, data or sections: nothing below is a page
            continue
        for name in names:
            if name.endswith(".md") and not name.startswith((".", "_")):
                path = os.path.join(folder, name)
                if os.path.isfile(path):
                    found.append(((*parts, name), path))
    found.sort()  # Paths compare by their parts
    return [(Path(path), PurePosixPath(*parts)) for parts, path in found]


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


def load_page(
    project: Project,
    source: Path,
    base_path: str,
    relative: PurePosixPath | None = None,
    content: Path | None = None,
) -> Page:
    """Read one page and compute, once, where it is published (relative: below content/)."""
    meta, body, body_line = parse(read_text(source), source)
    if relative is None:
        relative = PurePosixPath(source.relative_to(content or project.content).as_posix())
    path, output = page_location(relative)
    url = base_path + quote(path)
    return Page(source, meta, body, body_line, path, url, output)


def page_location(relative: PurePosixPath) -> tuple[str, str]:
    """The site path and output file of a page: about.md -> ("about/", "about/index.html")."""
    text = relative.as_posix()
    if text.endswith(".md") and "/." not in text and not text.startswith("."):
        return _md_location(text[: -len(".md")])
    stem = relative.with_suffix("")
    if stem == PurePosixPath(NOT_FOUND):
        return f"{NOT_FOUND}.html", f"{NOT_FOUND}.html"
    if stem.name == "index":
        stem = stem.parent
    path = "" if stem == PurePosixPath(".") else f"{stem.as_posix()}/"
    return path, f"{path}index.html"


def _md_location(stem: str) -> tuple[str, str]:
    """page_location of "STEM.md", with strings (it runs for every page of every build)."""
    if stem == NOT_FOUND:
        return f"{NOT_FOUND}.html", f"{NOT_FOUND}.html"
    folder, _, name = stem.rpartition("/")
    if name == "index":
        stem = folder
    path = f"{stem}/" if stem else ""
    return path, f"{path}index.html"
