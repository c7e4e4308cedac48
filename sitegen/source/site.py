"""Reading every content file into pages, data and settings (no validation of meaning)."""

from __future__ import annotations

import datetime
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple
from urllib.parse import quote, urlsplit

from sitegen.core import messages
from sitegen.core.problems import ContentError, Problem, collect
from sitegen.core.project import Project
from sitegen.core.remembered import pure
from sitegen.source import dates
from sitegen.source.frontmatter import parse
from sitegen.source.names import name_problems, nfc
from sitegen.source.sections import FOLDER as SECTIONS
from sitegen.source.sections import Section, read_sections
from sitegen.source.sync_copies import conflict_copies, is_left_out
from sitegen.source.textfile import decode_text, read_bytes
from sitegen.source.yaml_loader import Mapping, load_yaml

DEFAULT_TEMPLATE = "page.html"
# A path that quote() leaves as it is (letters, digits, "_.-~/"): most pages' paths.
_PLAIN = re.compile(r"[A-Za-z0-9_.\-~/]*\Z")
NOT_FOUND = "404"
# A page's status: published, a draft (`draft: true` or a `_` name), or dated in the future.
PUBLISHED, DRAFT, SCHEDULED = "", "draft", "scheduled"


@dataclass(frozen=True)
class Page:
    """One Markdown file and where it is published."""

    source: Path
    meta: Mapping
    # The Markdown after the front matter (`body`); None until first asked for, when a
    # store of the layer gave the rest without it: then it is text of `raw` from
    # `body_start`. A rebuild of 10,000 pages asks for the bodies of the few it renders.
    _body: str | None
    body_line: int
    path: str  # site-relative: "" for the home page, "about/", "404.html"
    url: str  # with the base path: "/cyber/about/"
    output: str  # file below the output folder: "about/index.html"
    relative: str = ""  # the source below content/: "guide/faq.md"
    status: str = PUBLISHED  # PUBLISHED, DRAFT or SCHEDULED (on the build's day)
    # sha256 of the file's bytes, of which meta, body and body_line are made ("" if unknown).
    digest: str = ""
    raw: bytes = field(default=b"", repr=False, compare=False)  # the file, while _body is None
    body_start: int = 0  # where the body starts in the file's text

    @property
    def body(self) -> str:
        """The Markdown after the front matter."""
        if self._body is None:
            # The bytes the page was read from: their digest is the page's (never the file
            # as it may be now). Frozen, but computed once: set as a cached value is.
            body = decode_text(self.raw, self.source)[self.body_start :]
            object.__setattr__(self, "_body", body)
            object.__setattr__(self, "raw", b"")
            return body
        return self._body

    @property
    def published(self) -> bool:
        return self.status == PUBLISHED

    @property
    def date(self) -> datetime.date | None:
        """The publication date (`date:`), if the page has a valid one."""
        return dates.parse(self.meta.get("date"))

    @property
    def updated(self) -> datetime.date | None:
        """The last update (`updated:`), else the publication date."""
        return dates.parse(self.meta.get("updated")) or self.date

    @property
    def listing(self) -> str:
        """What the page lists (`list: news` on a folder's index.md), or ""."""
        value = self.meta.get("list")
        return value if isinstance(value, str) and self.relative.endswith("index.md") else ""

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
    # Pages read but not built: drafts and pages dated after today (all built in a preview).
    held: tuple[Page, ...] = ()
    preview: bool = False
    today: datetime.date = field(default_factory=dates.today)
    # The SHA-256 of site.yml's and each data file's bytes as read: what is kept of a build
    # is keyed by what it read, not by the file as it is later (an editor's save meanwhile).
    digests: dict[Path, str] = field(default_factory=dict)

    @property
    def all_pages(self) -> tuple[Page, ...]:
        return self.pages + self.held


class DataFiles(dict):
    """The data files by name, as templates see them (`data.chart`); knows their folder."""

    folder: Path = Path("content/data")


def load_site(project: Project, preview: bool = False, today: datetime.date | None = None) -> Site:
    """Read site.yml, every page and every data file; raise one error listing every problem."""
    site, problems = read_site(project, preview, today)
    if problems:
        raise ContentError(problems)
    return site


def read_site(
    project: Project,
    preview: bool = False,
    today: datetime.date | None = None,
) -> tuple[Site, list[Problem]]:
    """Every file that can be read, and the problems of those that cannot (all of them).

    Drafts and pages dated after today are built only in a preview (preview=True); otherwise
    they are read and checked, and kept in `held`.
    """
    problems: list[Problem] = []
    unread: list[Path] = []
    today = today or dates.today()
    digests: dict[Path, str] = {}
    settings = collect(problems, lambda: _load_settings(project.settings, digests))
    if settings is None:
        unread.append(project.settings)
    base_path = base_path_of(settings)
    pages, held = [], []
    for source, relative in _page_files(project.content):
        page = collect(
            problems, lambda s=source, r=relative: load_page(project, s, base_path, today, r)
        )
        if page is None:
            unread.append(source)
        else:
            (pages if preview or page.published else held).append(page)
    data, data_files = DataFiles(), {}
    data.folder = project.data
    for source in data_sources(project):
        known = len(problems)
        value = collect(problems, lambda s=source: load_yaml(_read_noted(s, digests), s))
        if len(problems) > known:  # unreadable (an empty file reads as None, and is kept)
            unread.append(source)
            continue
        data[source.stem], data_files[source.stem] = value, source
    sections, found = read_sections(project.content / SECTIONS)
    problems += found
    problems += [
        Problem.of("W001", c.copy, name=c.copy.name, original=c.original.name, tool=c.tool)
        for c in conflict_copies(project.content, project.assets)
    ]
    problems += name_problems(project.content, "content") + name_problems(project.assets, "assets")
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
        tuple(held),
        preview,
        today,
        digests,
    )
    return site, problems


def _read_noted(path: Path, digests: dict[Path, str]) -> str:
    """read_text, the digest of the bytes read noted in digests."""
    raw = read_bytes(path)
    digests[path] = hashlib.sha256(raw).hexdigest()
    return decode_text(raw, path)


def _load_settings(path: Path, digests: dict[Path, str]) -> Mapping:
    settings = load_yaml(_read_noted(path, digests), path)
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


def _page_files(content: Path) -> list[tuple[Path, str]]:
    """Every page file and its path below content ("guide/faq.md"), in the order of sorted
    Paths.

    Each folder is listed twice, by scandir (its entries' kinds, without a stat each) and by
    iterdir (its Paths, without parsing each): at 10,000 pages, a stat and a parsed Path a
    file took 0.14 s of every build.
    """
    found: list[tuple[tuple[str, ...], Path]] = []
    _walk_pages(content, (), found)
    found.sort(key=lambda item: item[0])  # Paths compare by their parts
    # A name a Mac saved decomposed (NFD) is published at the composed address links use.
    return [(path, nfc("/".join(parts))) for parts, path in found]


def _walk_pages(
    folder: Path, parts: tuple[str, ...], found: list[tuple[tuple[str, ...], Path]]
) -> None:
    """The page files below folder (whose path below content/ is parts) into found."""
    try:
        entries = list(os.scandir(folder))
        paths = {path.name: path for path in folder.iterdir()}
    except OSError:  # gone or unreadable meanwhile: os.walk's way, nothing below it
        return
    present = {entry.name for entry in entries}
    for entry in entries:
        name, path = entry.name, paths.get(entry.name)
        if path is None or is_left_out(name, present):
            continue
        if entry.is_dir(follow_symlinks=False):
            if _visible(Path(*parts, name)):  # not hidden, data or sections
                _walk_pages(path, (*parts, name), found)
        # Drafts (`_name.md`) are pages too: read, checked, and held back.
        elif name.endswith(".md") and not name.startswith(".") and _is_file(entry):
            found.append(((*parts, name), path))


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()  # a link to a file too, as os.path.isfile
    except OSError:
        return False


def data_sources(project: Project) -> list[Path]:
    """Every YAML data file, in a stable order."""
    if not project.data.is_dir():
        return []
    files = [*project.data.glob("*.yml"), *project.data.glob("*.yaml")]
    present = {path.name for path in project.data.iterdir()}
    return sorted(
        path
        for path in files
        if not path.name.startswith((".", "_")) and not is_left_out(path.name, present)
    )


def _visible(relative: Path) -> bool:
    """Hidden files and the data and sections folders are not pages (drafts, `_name`, are)."""
    parts = relative.parts
    hidden = any(part.startswith(".") for part in parts)
    return not hidden and parts[0] not in ("data", SECTIONS)


def load_page(
    project: Project,
    source: Path,
    base_path: str,
    today: datetime.date | None = None,
    relative: PurePosixPath | str | None = None,
) -> Page:
    """Read one page and compute, once, where it is published and whether it is yet.

    relative is the source's path below content/ ("guide/faq.md"), when the caller has it.
    """
    raw = read_bytes(source)
    digest = hashlib.sha256(raw).hexdigest()
    parsed = parse_page(raw, digest, source)
    if relative is None:
        relative = source.relative_to(project.content).as_posix()
    elif not isinstance(relative, str):
        relative = relative.as_posix()
    path, output = _location(relative)
    url = base_path + (path if _PLAIN.match(path) else quote(path))
    meta = parsed.meta
    status = _status(relative, meta, today or dates.today())
    lazy = raw if parsed.body is None else b""
    return Page(
        *(source, meta, parsed.body, parsed.body_line, path, url, output, relative, status),
        *(digest, lazy, parsed.body_start),
    )


class Parsed(NamedTuple):
    """A page file's front matter and body, as its bytes give them (a tuple: one is made
    for every page of every build)."""

    meta: Mapping
    body: str | None  # None: left for Page.body to take from the text when asked
    body_line: int
    body_start: int  # where the body starts in the file's text


@pure("page file")
def parse_page(raw: bytes, digest: str, source: Path) -> Parsed:
    """The front matter and body of the page file source whose bytes are raw (digest: their
    SHA-256, by which a store of the layer may keep the result)."""
    text = decode_text(raw, source)
    meta, body, body_line = parse(text, source)
    return Parsed(meta, body, body_line, len(text) - len(body))


def page_status(relative: PurePosixPath, meta: Mapping, today: datetime.date) -> str:
    """DRAFT for `draft: true` or a `_` file or folder name; SCHEDULED for a later date."""
    return _status(relative.as_posix(), meta, today)


def _status(relative: str, meta: Mapping, today: datetime.date) -> str:
    """page_status of the page at relative ("guide/faq.md")."""
    if meta.get("draft") is True or relative.startswith("_") or "/_" in relative:
        return DRAFT
    date = dates.parse(meta.get("date"))
    return SCHEDULED if date is not None and date > today else PUBLISHED


def page_location(relative: PurePosixPath) -> tuple[str, str]:
    """The site path and output file of a page: about.md -> ("about/", "about/index.html")."""
    return _location(relative.as_posix())


def _location(text: str) -> tuple[str, str]:
    """page_location of the page at text ("guide/faq.md")."""
    if text.endswith(".md") and "/." not in text and not text.startswith("."):
        return _md_location(text[: -len(".md")])
    relative = PurePosixPath(text)
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
