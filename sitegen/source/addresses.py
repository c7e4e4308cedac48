"""Where a link an editor wrote leads: a page's source file, a site address, or an asset.

Editors write links the way other tools taught them: as the page's file (`about.md`,
`../guide/faq.md#見出し`, `/about.md`), as the site address (`/about/`), or as a file
of assets/ (`office.jpg`). Each resolves to an address under the site's base path, so the
same content works at a domain's root and in a subfolder (`url: https://example.jp/cyber/`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from posixpath import dirname, normpath
from urllib.parse import quote, unquote, urlsplit

from sitegen.source.site import Page

PAGE_SUFFIX = ".md"
ASSET_PREFIX = "assets/"


@dataclass(frozen=True)
class Resolved:
    """A link's address for the built page; the page it leads to; what is wrong with it.

    problem is a message code and its values ("E606", {"file": ...}) or None.
    """

    href: str
    page: Page | None = None
    problem: tuple[str, dict[str, str]] | None = None


@dataclass
class Addresses:
    """Every page by its source file and by its address, for resolving links to them."""

    pages: tuple[Page, ...]
    base_path: str
    assets: dict[str, str] = field(default_factory=dict)  # asset name -> hashed output path

    def __post_init__(self) -> None:
        self.by_source = {page.relative: page for page in self.pages}
        self.by_url = {page.url: page for page in self.pages}

    def page_by_source(self, relative: str) -> Page | None:
        """The page whose file is relative (below content/), if there is one."""
        return self.by_source.get(relative)

    def page_by_url(self, url: str) -> Page | None:
        """The page at this address (percent-encoded, with the base path), if there is one."""
        return self.by_url.get(url)

    def resolve(self, link: str, origin: str = "") -> Resolved:
        """link as written in the file origin (below content/, e.g. "guide/index.md")."""
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or link.startswith("//") or not parts.path:
            return Resolved(link)
        suffix = (f"?{parts.query}" if parts.query else "") + (
            f"#{parts.fragment}" if parts.fragment else ""
        )
        path = unquote(parts.path)
        if path.endswith(PAGE_SUFFIX):
            return self._page_file(path, origin, suffix)
        if path.startswith("/"):
            return self._address(parts.path, suffix)
        if _looks_like_file(path) and not path.startswith(ASSET_PREFIX):
            return self._asset(path, link, suffix)
        return Resolved(link)

    def _page_file(self, path: str, origin: str, suffix: str) -> Resolved:
        folder = "" if path.startswith("/") else dirname(origin)
        joined = normpath(f"{folder}/{path.lstrip('/')}").lstrip("/")
        page = None if joined.startswith("..") else self.page_by_source(joined)
        if page is None:
            return Resolved(path, problem=("E606", {"file": f"content/{joined}"}))
        return Resolved(page.url + suffix, page)

    def _address(self, path: str, suffix: str) -> Resolved:
        """A site address: the base path is put in front unless the editor wrote it."""
        if not path.startswith(self.base_path):
            path = self.base_path + path.lstrip("/")
        return Resolved(path + suffix, self.page_by_url(quote(unquote(path))))

    def _asset(self, path: str, link: str, suffix: str) -> Resolved:
        name = normpath(path)
        hashed = self.assets.get(name)
        if hashed is None:
            return Resolved(link, problem=("E403", {"name": name}))
        return Resolved(self.base_path + hashed + suffix)


def _looks_like_file(path: str) -> bool:
    """A name with an extension (office.jpg, files/form.pdf), not a page address (about/)."""
    last = path.rsplit("/", 1)[-1]
    return "." in last.strip(".") and not last.endswith((".html", ".htm"))
