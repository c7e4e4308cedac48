"""A Python-Markdown extension that resolves the links and images of a page's body.

Each `href` and `src` goes through `Addresses.resolve`: a page's file (`about.md`) or a
site address (`/about/`) becomes the page's address under the site's base path, a file
name (`form.pdf`) the published asset. Images are left to the images extension, which
finds them beside the page or in assets/ and gives them their sizes. A link that leads
nowhere, or from a published page to a draft, is a finding that the renderer turns into a
problem at the link's line.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from sitegen.markdown.page_checks import Finding
from sitegen.source.addresses import Addresses

# After page_checks (12), which rewrites `assets/…` and refuses unsafe addresses; before
# phrase breaks (11) and the table of contents (5), which do not touch addresses.
PRIORITY = 11.5


class SiteLinksProcessor(Treeprocessor):
    """Rewrites every resolvable address of the body; notes those that lead nowhere."""

    def __init__(self, md: Markdown, links: SiteLinksExtension):
        super().__init__(md)
        self.links = links

    def run(self, root: Element) -> None:
        links = self.links
        if links.addresses is None:
            return
        for element in root.iter():
            for name in ("href", "src"):
                if name == "src" and element.tag == "img" and links.images:
                    continue  # the images extension finds it (beside the page or in assets/)
                value = element.get(name)
                if value is None:
                    continue
                resolved = links.addresses.resolve(value, links.origin)
                if resolved.problem is not None:
                    code, values = resolved.problem
                    links.findings.append(Finding(code, value, values))
                    continue
                target = resolved.page
                if links.published and target is not None and not target.published:
                    links.findings.append(Finding("E607", value, {"url": value}))
                element.set(name, resolved.href)


class SiteLinksExtension(Extension):
    """Resolves a body's links; set `origin` and `published` before each conversion."""

    def __init__(self, addresses: Addresses | None = None, images: bool = False):
        super().__init__()
        self.addresses = addresses
        self.images = images  # images are resolved by the images extension, not here
        self.origin = ""  # the file being converted, below content/
        self.published = True  # whether it is a published page (not a draft)
        self.findings: list[Finding] = []

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API)
        md.registerExtension(self)
        md.treeprocessors.register(SiteLinksProcessor(md, self), "site_links", PRIORITY)

    def reset(self) -> None:
        self.findings = []
