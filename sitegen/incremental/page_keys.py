"""What a page's output depends on, as the keys of the page cache (sitegen.incremental.page_cache).

A key is a sha256 of everything its value may depend on, so that a cached page is always the
page a cold build would make:

- a converted body: our code and libraries, the page's file, text, status and place, the
  assets, the base path, the ids a heading may not take, the site's labels and, when the body
  may show an image or link to a download (`![`, `<img`, `files/`), every image and file the
  site has. The pages its links resolve to are not in the key: the conversion notes each
  page it looked up (`LookedUp`) and the entry is used only while each still resolves alike;
- a finished page: what is its own (its body's key, fields, place, the folders' index pages
  of its breadcrumbs, the pages of its news list) and the inputs it read while it was
  rendered (sitegen.incremental.records): each template it loaded, the site-wide values its
  templates named (`pages`, `latest`, `news_index`, `data`, `sections`), and what
  every page depends on (`records.ALWAYS`). The inputs are named, each with its digest in
  this build (`Inputs`): a page is reused while the inputs it named last time have the
  same digests, and `--explain` says which of them changed.

A page's status holds the build's date: a page dated tomorrow is another key tomorrow.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import struct
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen.core.project import Project
from sitegen.images.images import Source
from sitegen.incremental.records import TEMPLATE, state_of
from sitegen.markdown.images import Media
from sitegen.render.navigation import Navigation
from sitegen.render.sections import Parts, SectionView
from sitegen.source.addresses import Addresses
from sitegen.source.site import Page, Site
from sitegen.source.template_files import TemplateFiles

FORMAT = "sitegen-page-cache/4"
_DEPENDENCIES = ("jinja2", "markupsafe", "markdown", "pymdownx", "budoux", "yaml", "PIL")
# A template that reads a page's body (`p.body`) may show other pages' text.
_READS_BODY = re.compile(r"\.body\b|\[\s*[\"']body[\"']\s*\]")
# What in a body's Markdown may show an image or label a download (assets/files/), in
# any case: "![" and these (may_show_media).
_MEDIA = ("<img", "files/", "files%2f")
# The inputs a body's conversion depends on besides its own text, by name.
BODY_INPUTS = ("code", "assets", "body-settings", "section-ids")
MEDIA = "media"  # every image and file, for a body that may show one
_MISSING = "-"


def digest(*parts: bytes | str) -> str:
    """sha256 of the parts, each preceded by its length (so that no two lists collide)."""
    data = [p.encode("utf-8", "surrogatepass") if isinstance(p, str) else p for p in parts]
    lengths = struct.pack(f"<{len(data)}Q", *map(len, data))  # each as 8 bytes, little-endian
    return hashlib.sha256(lengths + b"".join(data)).hexdigest()


class Inputs:
    """The digest of each named input in this build, computed on first use and kept."""

    def __init__(self, makers: dict[str, Callable[[], str]], templates: TemplateFiles):
        self.makers = makers
        self.templates = templates  # as this build's environment read them
        self.known: dict[str, str] = {}
        self._parts: dict[frozenset[str], str | None] = {}

    def digest(self, name: str) -> str | None:
        """The input's digest; None for a name this build does not know (an older record)."""
        known = self.known.get(name)
        if known is None:
            if name.startswith(TEMPLATE):
                known = self.templates.digest(name[len(TEMPLATE) :]) or _MISSING
            elif name in self.makers:
                known = self.makers[name]()
            else:
                return None
            self.known[name] = known
        return known

    def part(self, names: frozenset[str]) -> str | None:
        """One digest of these inputs (pages with the same template share it)."""
        if names not in self._parts:
            found = [(name, self.digest(name)) for name in sorted(names)]
            ok = all(value is not None for _, value in found)
            self._parts[names] = digest(*(f"{n}={v}" for n, v in found)) if ok else None
        return self._parts[names]


@dataclass
class SiteKeys:
    """The parts of every key that one build computes once."""

    body: str  # what every body's conversion shares
    inputs: Inputs  # every named input a page may read
    reads_body: bool  # some template reads other pages' text (`.body`)
    content: str = ""  # content/, absolute
    views: dict[int, tuple[Page, str]] = field(default_factory=dict)  # _view of each page
    # _views of each list of pages met in page_own: thousands of pages share their
    # breadcrumbs, and most have no list.
    groups: dict[tuple[int, ...], tuple[tuple[Page, ...], str]] = field(default_factory=dict)

    @property
    def media(self) -> str:
        """Computed when a body first needs it: most builds' changed pages show no image."""
        return self.inputs.digest(MEDIA) or ""


def site_keys(
    project: Project,
    site: Site,
    manifest: dict[str, tuple[str, bytes]],
    parts: Parts,
    media: Media | None,
    nav: Navigation,
    templates: TemplateFiles,
) -> SiteKeys:
    """The shared parts of this build's keys, and the inputs pages may name."""
    reads_body = _read_bodies(templates.files.values())
    views: dict[int, tuple[Page, str]] = {}
    makers = _makers(project, site, manifest, parts, media, nav)
    makers.update(_other_pages(site, nav, reads_body, views))
    inputs = Inputs(makers, templates)
    body = digest("body", *(f"{n}={inputs.digest(n)}" for n in BODY_INPUTS))
    return SiteKeys(body, inputs, reads_body, os.path.abspath(project.content), views)


def templates_read_bodies(project: Project) -> bool:
    """Whether some template reads other pages' text (`.body`)."""
    return _read_bodies(TemplateFiles(project.templates).files.values())


def _read_bodies(templates: Iterable[object]) -> bool:
    texts = (raw.decode("utf-8", "replace") for raw in templates if isinstance(raw, bytes))
    return any(_READS_BODY.search(text) for text in texts)


def _makers(
    project: Project,
    site: Site,
    manifest: dict[str, tuple[str, bytes]],
    parts: Parts,
    media: Media | None,
    nav: Navigation,
) -> dict[str, Callable[[], str]]:
    """How to compute each named input but the templates and other pages."""
    assets = digest(
        *(s for name, (out, data) in sorted(manifest.items()) for s in _asset(name, out, data))
    )
    code = code_fingerprint()  # now: the libraries a build converts with are imported
    labels = site.settings.get("labels")
    body_settings = [site.base_path, repr(labels), os.path.abspath(project.content)]
    # As this build read them (Site.digests), not as the files are now.
    read = site.digests
    data = [s for name, path in sorted(site.data_files.items()) for s in (name, read[path])]
    settings = read.get(site.settings_file, _MISSING)
    return {
        "code": lambda: code,
        "settings": lambda: settings,
        "body-settings": lambda: digest(*body_settings),
        "section-ids": lambda: digest(json.dumps(sorted(parts.reserved))),
        "assets": lambda: assets,
        "images": lambda: _media(media, project.assets, shown=False),
        MEDIA: lambda: digest("media", assets, _media(media, None), _other_files(project)),
        "data": lambda: digest(*data),
        "sections": lambda: _sections(parts),
    }


def _other_pages(
    site: Site, nav: Navigation, bodies: bool, views: dict[int, tuple[Page, str]]
) -> dict[str, Callable[[], str]]:
    """The inputs that are other pages: every page, the latest news, the news list page."""
    shown = {
        "pages": lambda: site.pages,
        "latest": lambda: nav.latest,
        "news_index": lambda: [nav.news_index] if nav.news_index else [],
    }
    return {
        name: functools.partial(lambda pages: _views(pages(), bodies, views), pages)
        for name, pages in shown.items()
    }


def body_key(keys: SiteKeys, page: Page, shows_media: bool | None = None) -> str:
    """The key of a page's converted body (its problems name its file and lines, so they too).

    shows_media is may_show_media of its body, when the caller knows it for this file.
    """
    if shows_media is None:
        shows_media = may_show_media(page.body)
    media = keys.media if shows_media else ""
    return digest(
        keys.body,
        media,
        # Absolute: `Project(Path("."))` and the command line's project are the same files.
        os.path.join(keys.content, page.relative) if keys.content else str(page.source),
        page.relative,
        page.status,
        # The file's digest covers the text and its first line (hashing the text again took
        # a tenth of a second of a rebuild at 10,000 pages); a page made in code has none.
        "file " + page.digest if page.digest else f"{page.body_line} {page.body}",
    )


def may_show_media(body: str) -> bool:
    """Whether a body may show an image or link to a download (most cannot: a quick "no").

    As `any(mark in body.lower() for mark in _MEDIA)`, looking only around each "<", "/"
    and "%": lowering every body took 0.1 s of a rebuild at 10,000 pages.
    """
    if "![" in body:
        return True
    return (
        _around(body, "<", "", "img")
        or _around(body, "/", "files", "")
        or _around(body, "%", "files", "2f")
    )


def _around(body: str, mark: str, before: str, after: str) -> bool:
    """Whether some mark in body has before just before it and after just after it (in any
    case)."""
    width = len(before)
    at = body.find(mark, width)
    while at >= 0:
        if (
            body[at - width : at].lower() == before
            and body[at + 1 : at + 1 + len(after)].lower() == after
        ):
            return True
        at = body.find(mark, at + 1)
    return False


def _fields(page: Page) -> str:
    """A page's fields: its file's digest (cheaper than writing them out), else the fields."""
    return "file " + page.digest if page.digest else repr(page.meta)


def page_own(keys: SiteKeys, page: Page, body: str, nav: Navigation) -> str:
    """What of a finished page is its own: its body, fields, place, breadcrumbs and list."""
    crumbs = nav.crumbs(page)[:-1]
    entries = nav.lists.get(page.output, ())
    return digest(
        body,
        page.output,
        page.url,
        _fields(page),
        _group_views(keys, crumbs),
        _group_views(keys, entries),
    )


def _group_views(keys: SiteKeys, pages: list[Page] | tuple[Page, ...]) -> str:
    """_views of these pages, computed once a build for each list of them."""
    if not pages:
        return _NO_VIEWS
    ids = tuple(map(id, pages))
    known = keys.groups.get(ids)
    if known is None or any(a is not b for a, b in zip(known[0], pages, strict=True)):
        known = keys.groups[ids] = (tuple(pages), _views(pages, keys.reads_body, keys.views))
    return known[1]


def page_key(keys: SiteKeys, own: str, names: frozenset[str]) -> str | None:
    """The key of a page's finished HTML; None if one of the inputs is unknown."""
    part = keys.inputs.part(names)
    return None if part is None else digest(own, part)


# ---------------------------------------------------------------------- pages looked up


def still_alike(addresses: Addresses, seen: dict[str, str]) -> bool:
    """Whether every page looked up (LookedUp.seen) is still what it was."""
    for what, state in seen.items():
        table = addresses.by_source if what[0] == "s" else addresses.by_url
        if state_of(table.get(what[1:])) != state:
            return False
    return True


# ---------------------------------------------------------------------- parts of keys


def code_fingerprint() -> str:
    """Our own code and the versions of the libraries whose output we keep."""
    return digest(FORMAT, sys.version, *_versions(), own_code())


@functools.lru_cache(maxsize=1)
def own_code() -> str:
    """Every file of our package (read once a process: the page and template caches use it)."""
    package = Path(__file__).resolve().parent.parent
    return digest(*_files(package, package))


def _versions() -> list[str]:
    """name=version of each library whose output we keep (from the modules: reading the
    installed packages' metadata takes longer than the rest of a rebuild's fingerprint).

    Called once the converters are made: a library not imported by then is not used.
    """
    found = []
    for name in _DEPENDENCIES:
        module = sys.modules.get(name)
        if module is None:
            found.append(f"{name}=-")
            continue
        version = vars(module).get("__version__")
        if version is None:
            version = _installed(module)
        found.append(f"{name}={version or '?'}")
    return found


def _installed(module: Any) -> str:
    """A library without a plain __version__ (markupsafe asks importlib.metadata, whose
    import took 0.04 s a build): its file's size and time, which an install changes."""
    try:
        stat = os.stat(module.__file__)
    except (OSError, TypeError):
        return ""
    return f"@{stat.st_size}:{stat.st_mtime_ns}"


def _files(folder: Path, base: Path) -> list[bytes | str]:
    """Every file below folder, as (its path, its bytes), in a stable order."""
    if not folder.is_dir():
        return []
    parts: list[bytes | str] = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            parts += [path.relative_to(base).as_posix(), path.read_bytes()]
    return parts


def _asset(name: str, out: str, data: bytes) -> tuple[str, str, bytes]:
    return name, out, hashlib.sha256(data).digest()


def _media(media: Media | None, below: Path | None, shown: bool = True) -> str:
    """The images (all, or those below one folder) as pages show them, and the broken ones;
    with shown, also how Markdown shows assets (their names, the SVGs' sizes, the label)."""
    if media is None:
        return ""
    prefix = os.path.join(os.path.abspath(below), "") if below is not None else ""
    library = media.library
    sources = [
        _image(p, s) for p, s in sorted(library.sources.items()) if str(p).startswith(prefix)
    ]
    broken = [f"{p} {r}" for p, r in sorted(library.broken.items()) if str(p).startswith(prefix)]
    if not shown:
        return digest(*sources, "", *broken)
    settings = [repr(sorted(media.asset_names.items())), repr(sorted(media.svg_sizes.items()))]
    return digest(*sources, "", *broken, "", *settings, media.download_label)


def _image(path: Path, source: Source) -> str:
    """An image as pages show it: its file (absolute), its size and kind, its variants' names."""
    variants = " ".join(v.output for v in source.variants)
    shape = f"{source.width}x{source.height} {source.format} {source.alpha} {source.size}"
    return f"{path} {source.digest} {shape} {variants}"


def _other_files(project: Project) -> str:
    """The names of the files in content/ that are not Markdown: a link's file may be one."""
    top = os.path.abspath(project.content)
    names = []
    for folder, _, files in os.walk(top):
        names += [os.path.join(folder, n) for n in files if not n.endswith(".md")]
    return digest(*sorted(names))


def _sections(parts: Parts) -> str:
    """The sections as templates see them: fields and converted bodies, items too."""

    def view(item: SectionView) -> list[str]:
        head = [os.path.abspath(item.section.source), repr(item.meta), str(item.content)]
        return head + [s for child in item.items for s in ["(", *view(child), ")"]]

    return digest(*(s for name, v in sorted(parts.views.items()) for s in [name, *view(v)]))


def _views(pages: Iterable[Page], bodies: bool, views: dict[int, tuple[Page, str]]) -> str:
    """What a template may show of other pages: address, place, status, fields (and text).

    Each page's part is computed once a build (views, by the page's id): the same folders'
    index pages are in the breadcrumbs of thousands of pages.
    """
    if not pages:
        return _NO_VIEWS
    parts = []
    for page in pages:
        known = views.get(id(page))
        if known is None or known[0] is not page:
            known = views[id(page)] = (page, _view(page, bodies))
        parts.append(known[1])
    return digest(*parts)


_NO_VIEWS = digest()


def _view(page: Page, bodies: bool) -> str:
    parts = [page.relative, page.url, page.output, page.status]
    if bodies:  # the file's digest covers fields, text and lines
        parts += [_fields(page), str(page.body_line), page.body]
    else:  # the fields alone: a change to the text of a folder's index changes no other page
        parts.append(repr(page.meta))
    return digest(*parts)
