"""What a deploy knows of each page it publishes: its address, source file and text.

The server's manifest keeps this for every page it holds, so that the next deploy can tell
where a page went when its address is no longer built (renames.py). A page is recognised by
its source file below content/ and by a fingerprint of its text: the Markdown below its
header, because moving a page often edits the header (`aliases:`, `updated:`) but seldom the
text, and the text does not change with the folder a page is in, as its rendered links
would. A page with no text of its own (one made of sections) is fingerprinted whole.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import quote

from sitegen.sitefiles.aliases import alias_redirects
from sitegen.source.site import NOT_FOUND, Page, Site
from sitegen.source.textfile import read_text

PAGE_FILE = "index.html"


@dataclass(frozen=True)
class PageRecord:
    """A published page: its address (with the base path), its source and text fingerprint.

    source and text are "" for a page the manifest listed before it recorded them.
    """

    url: str
    source: str = ""  # below content/: "guide/faq.md"
    text: str = ""  # SHA-256 of the page's text, made comparable (see fingerprint)

    def to_json(self) -> dict[str, str]:
        return {"url": self.url, "source": self.source, "text": self.text}

    @classmethod
    def from_json(cls, value: object) -> PageRecord:
        if not isinstance(value, dict) or not isinstance(value.get("url"), str):
            raise ValueError("page")
        return cls(value["url"], str(value.get("source", "")), str(value.get("text", "")))


@dataclass(frozen=True)
class SitePages:
    """The pages of a build, by output file, and the old addresses its aliases redirect."""

    base_path: str
    pages: dict[str, PageRecord] = field(default_factory=dict)
    aliases: frozenset[str] = frozenset()

    @property
    def urls(self) -> set[str]:
        return {record.url for record in self.pages.values()}

    def url_of(self, output: str) -> str | None:
        """The address of a page file ("about/index.html": "/cyber/about/"); None otherwise."""
        if output != PAGE_FILE and not output.endswith("/" + PAGE_FILE):
            return None
        return self.base_path + quote(output[: -len(PAGE_FILE)])

    def to_json(self) -> dict[str, object]:
        pages = {output: record.to_json() for output, record in sorted(self.pages.items())}
        return {"base_path": self.base_path, "pages": pages, "aliases": sorted(self.aliases)}

    @classmethod
    def from_json(cls, value: object) -> SitePages:
        if not isinstance(value, dict) or not isinstance(value.get("base_path"), str):
            raise ValueError("pages")
        pages = {str(k): PageRecord.from_json(v) for k, v in dict(value["pages"]).items()}
        return cls(value["base_path"], pages, frozenset(map(str, value.get("aliases", []))))


def site_pages(site: Site) -> SitePages:
    """The published pages of a site (not its 404 page) and its aliases."""
    pages = {
        page.output: PageRecord(page.url, page.relative, fingerprint(page))
        for page in site.pages
        if page.path != f"{NOT_FOUND}.html"
    }
    aliases = frozenset(old for old, _ in alias_redirects(site)[0])
    return SitePages(site.base_path, pages, aliases)


def fingerprint(page: Page) -> str:
    """The SHA-256 of the page's text, the same whatever the line ends, trailing spaces or
    Unicode form an editor's tool saved it with."""
    text = page.body if page.body.strip() else read_text(page.source)
    lines = [line.rstrip() for line in unicodedata.normalize("NFC", text).split("\n")]
    return hashlib.sha256("\n".join(lines).strip("\n").encode("utf-8")).hexdigest()


def release_record(pages: SitePages | None, redirects: dict[str, str]) -> bytes:
    """What a release keeps beside its folder: its pages and the redirects that went live."""
    data = {
        "pages": None if pages is None else pages.to_json(),
        "redirects": dict(sorted(redirects.items())),
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def read_release_record(raw: bytes | None) -> tuple[SitePages | None, dict[str, str]]:
    """A release's pages (None if unknown) and redirects; nothing for a damaged record."""
    try:
        data = json.loads((raw or b"").decode("utf-8"))
        pages = None if data.get("pages") is None else SitePages.from_json(data["pages"])
        redirects = {str(k): str(v) for k, v in dict(data.get("redirects") or {}).items()}
    except (ValueError, TypeError, KeyError, AttributeError):
        return None, {}
    return pages, redirects
