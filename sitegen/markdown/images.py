"""Images and downloads in a page's Markdown: `<picture>` with sizes, alt text checked.

Each image a page shows (`![説明](photo.jpg)`, or raw `<img src="…" alt="…">`) becomes a
`<picture>`: WebP (and AVIF, if the site asks) at several widths with `srcset`/`sizes`, a JPEG
or PNG fallback, `width` and `height` (no layout shift), and `loading="lazy"` except for the
first image of a page's body, which is fetched first (`fetchpriority="high"`). Images are
found in assets/ or beside the page (`content/about/photo.jpg` from `content/about/index.md`).

Every image needs a description: `alt` missing or empty in Markdown is an error; raw HTML
`alt=""` marks a decorative image. Originals that are very large, and images set wider than
their pixels, are warnings. A link to a file of assets/files/ gets its kind and size after it.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from posixpath import normpath
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element, SubElement

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from sitegen.images.images import (
    Library,
    Shown,
    Source,
    is_raster,
    picture_attributes,
    picture_html,
)
from sitegen.markdown.page_checks import Finding

# Raw <img> may carry these attributes (src and the ones an editor needs), and no others.
RAW_IMG_ATTRIBUTES = frozenset({"src", "alt", "width", "height", "loading", "class"})
DOWNLOADS_FOLDER = "files"
DOWNLOAD_KINDS = {
    ".pdf": "PDF",
    ".doc": "Word",
    ".docx": "Word",
    ".xls": "Excel",
    ".xlsx": "Excel",
    ".ppt": "PowerPoint",
    ".pptx": "PowerPoint",
    ".zip": "ZIP",
    ".csv": "CSV",
    ".txt": "TXT",
}
DEFAULT_DOWNLOAD_LABEL = "({kind}, {size})"
_PLACEHOLDER = re.compile("\x02wzxhzdk:(\\d+)\x03")
_RAW_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)


@dataclass
class Media:
    """What pages may show or link to: the image library, the assets, the downloads."""

    library: Library
    content: Path
    assets: Path
    asset_names: dict[str, str] = field(default_factory=dict)  # "favicon.svg" -> output path
    svg_sizes: dict[str, tuple[int, int]] = field(default_factory=dict)
    download_label: str = DEFAULT_DOWNLOAD_LABEL

    @property
    def base_path(self) -> str:
        return self.library.base_path


def resolve(src: str, document: Path, content: Path, assets: Path) -> Path | None:
    """The file an image address written in a document names, or None if it names none.

    `/assets/x.jpg` and `assets/x.jpg` are in assets/; any other relative address is read
    from the document's folder (`photo.jpg`, `../team/photo.jpg`) and must stay inside
    content/, or else names a file of assets/ (`office.jpg`, `images/office.jpg`). Outside addresses (`https://…`) name no file of the site.
    """
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    if path.lstrip("/").startswith("assets/"):
        relative = normpath(path.lstrip("/")[len("assets/") :])
        if relative.startswith(("..", "/")):
            return None
        return Path(os.path.normpath(os.path.join(os.path.abspath(assets), relative)))
    if path.startswith("/"):
        return None
    # Strings, not Path.parents: this runs for every image of every page.
    target = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(document)), path))
    root = os.path.normpath(os.path.abspath(content))
    inside = target.startswith(root + os.sep)
    if inside and os.path.exists(target):
        return Path(target)
    # A bare name not beside the page is looked for in assets/ (`office.jpg`,
    # `images/office.jpg`), as links to files are.
    relative = normpath(path)
    if not relative.startswith(".."):
        in_assets = os.path.normpath(os.path.join(os.path.abspath(assets), relative))
        if os.path.exists(in_assets):
            return Path(in_assets)
    return Path(target) if inside else None


def download_size(size: int) -> str:
    """A file size as sites show it: 820KB, 1.2MB."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f}MB"
    return f"{max(1, round(size / 1000))}KB"


class ImagesProcessor(Treeprocessor):
    """Turns the images of a document into `<picture>`s and notes their problems."""

    def __init__(self, md: Markdown, extension: ImagesExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root: Element) -> None:
        ext = self.extension
        if ext.media is None or ext.document is None:
            return
        self.first = ext.is_page
        self.snippet = ""
        # Most pages show no image and hold no raw HTML: nothing to walk.
        if next(root.iter("img"), None) is None and not self.md.htmlStash.rawHtmlBlocks:
            return
        parents = {child: parent for parent in root.iter() for child in parent}
        for kind, item in list(_in_order(root)):
            if kind == "img":
                self._markdown_image(item, parents[item])
            else:
                self._raw_block(int(item))

    # --- Markdown images ---

    def _markdown_image(self, img: Element, parent: Element) -> None:
        src = img.get("src", "")
        alt = img.get("alt")
        found = self.extension.findings
        # Where the image is written: `](photo.jpg` is the image, not a mention of the file.
        self.snippet = f"]({src}" if f"]({src}" in self.extension.text else src
        if not alt or not alt.strip():
            found.append(Finding("E803", self.snippet, {"src": src}))
            alt = ""
        width = _number(img.get("width"))
        shown = self._shown(alt, width, img.get("class", ""), img.get("loading", ""))
        source = self._source(src, width)
        if source is None:
            self._plain(img, src)
            return
        sources, attributes = picture_attributes(self.extension.media.library, source, shown)  # type: ignore[union-attr]
        picture = Element("picture")
        for each in sources:
            SubElement(picture, "source", each)
        SubElement(picture, "img", attributes)
        picture.tail = img.tail
        index = list(parent).index(img)
        parent.remove(img)
        parent.insert(index, picture)

    def _plain(self, img: Element, src: str) -> None:
        """An image that is no photo (an SVG, a GIF): its hashed asset name and size."""
        media = self.extension.media
        assert media is not None
        name = _asset_name(src, self.extension.document, media)
        if name is None:
            return
        img.set("src", media.base_path + media.asset_names[name])
        size = media.svg_sizes.get(name)
        if size and not img.get("width") and not img.get("height"):
            img.set("width", str(size[0]))
            img.set("height", str(size[1]))
        if self.first:
            self.first = False
        elif not img.get("loading"):
            img.set("loading", "lazy")

    def _shown(self, alt: str, width: int | None, css: str, loading: str) -> Shown:
        """How an image is placed: the page's first is fetched first unless marked lazy."""
        eager = self.first and loading != "lazy"
        return Shown(alt, width, eager=eager, css_class=css, loading=loading)

    def _source(self, src: str, width: int | None) -> Source | None:
        """The photo src names (a problem if it is missing or broken), or None if no photo."""
        ext = self.extension
        media, document = ext.media, ext.document
        assert media is not None and document is not None
        path = resolve(src, document, media.content, media.assets)
        if path is None:
            address = urlsplit(src)
            if address.path.lstrip("/").startswith("assets/"):
                name = normpath(address.path.lstrip("/"))
                ext.findings.append(Finding("E403", self.snippet, {"name": name}, src))
            elif not address.scheme and not src.startswith("//"):
                ext.findings.append(_not_found(self.snippet, src, document, media))
            return None
        if not is_raster(path):
            if _asset_name(src, document, media) is None:
                ext.findings.append(_missing(self.snippet, src, path, document, media))
            return None
        library = media.library
        reason = library.broken.get(path)
        if reason is not None:
            ext.findings.append(Finding("E802", self.snippet, {"detail": reason, "name": src}, src))
            return None
        source = library.find(path)
        if source is None:
            ext.findings.append(_missing(self.snippet, src, path, document, media))
            return None
        if self.first:
            self.first = False
        mb = source.size / 1_000_000
        if source.large:
            ext.findings.append(
                Finding(
                    "W811",
                    src,
                    {"src": src, "mb": f"{mb:.1f}", "pixels": f"{source.width}×{source.height}"},
                )
            )
        if width and width > source.width:
            ext.findings.append(
                Finding(
                    "W812",
                    self.snippet,
                    {"src": src, "shown": str(width), "pixels": str(source.width)},
                )
            )
        return source

    # --- raw HTML ---

    def _raw_block(self, index: int) -> None:
        stash = self.md.htmlStash
        block = str(stash.rawHtmlBlocks[index])
        if "<img" not in block.lower():
            return
        stash.rawHtmlBlocks[index] = _RAW_IMG.sub(self._raw_image, block)

    def _raw_image(self, match: re.Match[str]) -> str:
        tag = match.group(0)
        self.snippet = tag
        attributes = _attributes(tag)
        found = self.extension.findings
        for name in attributes:
            if name not in RAW_IMG_ATTRIBUTES and not name.startswith("on"):
                found.append(Finding("E804", tag, {"attribute": name}))
        src = attributes.get("src") or ""
        alt = attributes.get("alt")
        if alt is None:
            found.append(Finding("E805", tag, {"src": src}))
            alt = ""
        width = _number(attributes.get("width"))
        shown = self._shown(
            alt, width, attributes.get("class") or "", attributes.get("loading") or ""
        )
        source = self._source(src, width)
        if source is None:
            media = self.extension.media
            name = _asset_name(src, self.extension.document, media)  # type: ignore[arg-type]
            if name is not None and media is not None:
                new = media.base_path + media.asset_names[name]
                return tag.replace(src, new, 1)
            return tag
        return picture_html(self.extension.media.library, source, shown)  # type: ignore[union-attr]


def _missing(snippet: str, src: str, path: Path, document: Path, media: Media) -> Finding:
    """A missing file: in assets/ as links to assets are reported (E403), else E801."""
    assets = media.assets.absolute()
    if assets in path.parents:
        name = "assets/" + path.relative_to(assets).as_posix()
        return Finding("E403", snippet, {"name": name}, src)
    return _not_found(snippet, src, document, media)


def _not_found(snippet: str, src: str, document: Path, media: Media) -> Finding:
    """E801, naming the places looked in: beside the page, then assets/."""
    root = media.content.absolute().parent
    path = unquote(urlsplit(src).path)
    places = []
    for folder, name in ((Path(document).absolute().parent, path), (media.assets.absolute(), path)):
        target = Path(os.path.normpath(folder / name))
        try:
            places.append(target.relative_to(root).as_posix())
        except ValueError:
            continue
    looked = "、".join(dict.fromkeys(places)) or src
    return Finding("E801", snippet, {"src": src, "looked": looked}, src)


def _asset_name(src: str, document: Path | None, media: Media | None) -> str | None:
    """The name in assets/ of a file src names, if it is a published asset."""
    if media is None or document is None:
        return None
    path = resolve(src, document, media.content, media.assets)
    if path is None:
        return None
    try:
        name = PurePosixPath(path.relative_to(media.assets.absolute()).as_posix()).as_posix()
    except ValueError:
        return None
    return name if name in media.asset_names else None


def _file_name(address: str) -> str:
    """The last segment of an address's path, as a file system that ignores case and the
    form of Unicode characters (Windows, macOS) may match it."""
    path = unquote(urlsplit(address).path)
    return unicodedata.normalize("NFC", path.rpartition("/")[2]).casefold()


def _in_order(element: Element):  # type: ignore[no-untyped-def]
    """Markdown images and raw HTML blocks (by stash index), in document order."""
    if element.tag == "img":
        yield "img", element
    for match in _PLACEHOLDER.finditer(element.text or ""):
        yield "raw", match.group(1)
    for child in element:
        yield from _in_order(child)
        for match in _PLACEHOLDER.finditer(child.tail or ""):
            yield "raw", match.group(1)


class _AttributeReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes = {name: ("" if value is None else value) for name, value in attrs}

    handle_startendtag = handle_starttag


def _attributes(tag: str) -> dict[str, str | None]:
    reader = _AttributeReader()
    reader.feed(tag)
    reader.close()
    return reader.attributes


def _number(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


class DownloadsProcessor(Treeprocessor):
    """After a link to a file of assets/files/, its kind and size: 「(PDF・1.2MB)」."""

    def __init__(self, md: Markdown, extension: ImagesExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root: Element) -> None:
        ext = self.extension
        media, document = ext.media, ext.document
        if media is None or document is None:
            return
        names = ext.download_names()
        if not names:
            return
        for link in root.iter("a"):
            href = link.get("href", "")
            # Only a link whose file name is a download's can lead to one: the others are
            # not looked for on the disk.
            if _file_name(href) not in names:
                continue
            path = resolve(href, document, media.content, media.assets)
            if path is None:
                continue
            try:
                relative = PurePosixPath(path.relative_to(media.assets.absolute()).as_posix())
            except ValueError:
                continue
            if relative.parts[:1] != (DOWNLOADS_FOLDER,) or not path.is_file():
                continue
            kind = DOWNLOAD_KINDS.get(relative.suffix.lower(), relative.suffix.lstrip(".").upper())
            size = download_size(path.stat().st_size)
            try:
                label = media.download_label.format(kind=kind, size=size)
            except (KeyError, IndexError, ValueError):  # a label with other {names}
                label = DEFAULT_DOWNLOAD_LABEL.format(kind=kind, size=size)
            link.tail = label + (link.tail or "")


class ImagesExtension(Extension):
    """Pictures and download labels in one document; `findings` holds its problems."""

    def __init__(self, media: Media | None):
        super().__init__()
        self.media = media
        self.document: Path | None = None
        self.is_page = True
        self.text = ""  # the document's Markdown, to point problems at their line
        self.findings: list[Finding] = []
        self._download_names: frozenset[str] | None = None

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API)
        md.registerExtension(self)
        # Downloads before the page checks (12) point links at published names; images after
        # them, once raw HTML has been checked as it was written.
        md.treeprocessors.register(DownloadsProcessor(md, self), "downloads", 13)
        md.treeprocessors.register(ImagesProcessor(md, self), "images", 11)

    def reset(self) -> None:
        self.findings = []

    def download_names(self) -> frozenset[str]:
        """The file names in assets/files/, as _file_name spells them (computed once)."""
        if self._download_names is None:
            names = self.media.asset_names if self.media is not None else {}
            prefix = DOWNLOADS_FOLDER + "/"
            self._download_names = frozenset(
                _file_name(name) for name in names if name.startswith(prefix)
            )
        return self._download_names
