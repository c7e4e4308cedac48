"""One answer to "why was this made again, or not?": `python build.py --explain TARGET`.

For a page, the inputs it read when the last build made it (its record in the page cache's
index) and, for each, whether it is the same now; for a file beside the pages, what it is
made from; for a variant of an image, the key its encoded bytes are kept under and whether
they are kept. TARGET is a content file, an output file or an address.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sitegen.core.messages import EXPLAIN, INPUT_LABELS, SITE_FILE_READS
from sitegen.core.project import Project
from sitegen.images.images import Source, Variant
from sitegen.incremental import page_keys
from sitegen.incremental.cache import Cache
from sitegen.incremental.page_cache import PageCache, open_cache
from sitegen.incremental.records import TEMPLATE
from sitegen.markdown.images import Media
from sitegen.render.navigation import Navigation
from sitegen.render.sections import Parts
from sitegen.source.addresses import Addresses
from sitegen.source.site import Page, Site
from sitegen.source.template_files import TemplateFiles


@dataclass(frozen=True)
class Now:
    """The site as it is now, read up to its pages (pipeline.prepare)."""

    project: Project
    site: Site
    manifest: dict[str, tuple[str, bytes]]
    parts: Parts
    media: Media
    nav: Navigation
    addresses: Addresses
    outputs: frozenset[str]  # the files beside the pages
    cache: Cache = field(default_factory=lambda: Cache(None))  # the project's (images)


def explain(now: Now, target: str, use_cache: bool = True) -> list[str] | None:
    """The lines that answer for target; None if it names nothing of this site."""
    page = _page_of(now, target)
    if page is not None:
        cache = open_cache(Cache.for_project(now.project.root, use_cache), preview=False)
        return _page(now, page, cache)
    source = now.media.library.find(Path(target))
    if source is not None:  # an image: each file it is published as
        return [line for variant in source.variants for line in _image(now, variant)]
    output = _output_of(now, target)
    if output is None:
        return None
    variant = now.media.library.outputs().get(output)
    if variant is not None:
        return _image(now, variant)
    name = next((n for n, (out, _) in now.manifest.items() if out == output), None)
    if name is not None:
        return [EXPLAIN["asset"].format(output=output, name=name)]
    if output in now.outputs:
        reads = SITE_FILE_READS.get(output.rsplit("/", 1)[-1], "")
        return [EXPLAIN["site_file"].format(output=output, reads=reads)]
    return None


def _page(now: Now, page: Page, cache: PageCache | None) -> list[str]:
    """What a page read when it was made, and what of it changed since."""
    source = _shown(now.project, page.source)
    lines = [EXPLAIN["page"].format(source=source, output=page.output, url=page.url)]
    if cache is None:
        return [*lines, EXPLAIN["no_cache"]]
    recorded = cache.recorded(page.output)
    if recorded is None:
        return [*lines, EXPLAIN["no_record"]]
    key, stored = recorded
    templates = TemplateFiles(now.project.templates)
    keys = page_keys.site_keys(
        now.project, now.site, now.manifest, now.parts, now.media, now.nav, templates
    )
    body = page_keys.body_key(keys, page)
    own = page_keys.page_own(keys, page, body, now.nav)
    rows = [
        (EXPLAIN["own_file"].format(source=source), stored.file == (page.digest or "")),
        (EXPLAIN["own_body"], stored.body == body or stored.file != (page.digest or "")),
        (EXPLAIN["own_place"], stored.own == own or stored.body != body),
    ]
    for name in sorted(stored.names):
        same = cache.inputs.get(name) == keys.inputs.digest(name)
        rows.append((_label(name), same))
    for what, state in sorted(stored.seen.items()):
        still = page_keys.still_alike(now.addresses, {what: state})
        rows.append((EXPLAIN["looked_up"].format(target=what[1:]), still))
    lines.append(EXPLAIN["reads"])
    for label, same in rows:
        lines.append(f"  - {label}: {EXPLAIN['same' if same else 'changed']}")
    if not all(same for _, same in rows):
        lines.append(EXPLAIN["rebuilt"])
    elif cache.lookup(key) is None:
        lines.append(EXPLAIN["gone"])
    else:
        lines.append(EXPLAIN["reused"])
    return lines


def _label(name: str) -> str:
    if name.startswith(TEMPLATE):
        return INPUT_LABELS[TEMPLATE].format(name=name[len(TEMPLATE) :])
    return INPUT_LABELS.get(name, name)


def _image(now: Now, variant: Variant) -> list[str]:
    """What a variant of an image is made from, and whether its bytes are kept."""
    source: Source = next(s for s in now.media.library.sources.values() if variant in s.variants)
    lines = [
        EXPLAIN["image"].format(
            output=variant.output,
            source=_shown(now.project, source.path),
            width=source.width,
            height=source.height,
            kind=variant.kind.upper(),
            out_width=variant.width,
        ),
        EXPLAIN["image_key"].format(digest=source.digest[:12]),
    ]
    kept = now.cache.file_of(variant.key) is not None
    lines.append(EXPLAIN["image_kept" if kept else "image_missing"])
    return lines


def _page_of(now: Now, target: str) -> Page | None:
    """The page a target names: its content file, its output file or its address."""
    pages = now.site.all_pages
    path = Path(target)
    absolute = os.path.normcase(os.path.abspath(path))
    for page in pages:
        if os.path.normcase(os.path.abspath(page.source)) == absolute:
            return page
    output = _output_of(now, target)
    return next((page for page in pages if page.output == output), None)


def _output_of(now: Now, target: str) -> str | None:
    """The output file a target names (`about/index.html`, `dist/about/index.html`, an
    address `/about/` or `https://example.jp/about/`)."""
    text = target.replace("\\", "/")
    parts = urlsplit(text)
    if parts.scheme in ("http", "https"):
        text = parts.path
    text = unquote(text)
    base = now.site.base_path
    if text.startswith(base):
        text = text[len(base) :]
    text = text.lstrip("/")
    if text.startswith("dist/"):
        text = text[len("dist/") :]
    if text == "" or text.endswith("/"):
        text += "index.html"
    known = {page.output for page in now.site.all_pages} | now.outputs
    known |= set(now.media.library.outputs())
    for candidate in (text, text + "/index.html"):
        if candidate in known:
            return candidate
    return None


def _shown(project: Project, path: Path) -> str:
    try:
        return path.resolve().relative_to(project.root.resolve()).as_posix()
    except ValueError:
        return str(path)
