"""Atom 1.0 feeds of the news lists: one per folder whose index.md says `list: news`."""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

from sitegen.source import dates
from sitegen.source.site import Page, Site

FEED_NAME = "feed.xml"


def feed_output(index: Page) -> str:
    """The feed's file below the output folder: news/feed.xml beside news/index.html."""
    return index.path + FEED_NAME


def feed_url(index: Page) -> str:
    """The feed's address under the base path."""
    return index.url + FEED_NAME


def atom(site: Site, index: Page, entries: tuple[Page, ...]) -> bytes:
    """The Atom feed of a list page, with absolute addresses under the site's base path."""
    parts = urlsplit(str(site.settings["url"]))
    origin = f"{parts.scheme}://{parts.netloc}"
    newest = max((page.updated for page in entries if page.updated), default=None)
    updated = newest or index.updated or site.today
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{_x(site.settings.get("lang") or "ja")}">',
        f"  <title>{_x(index.title)}</title>",
        f'  <link rel="alternate" type="text/html" href="{_x(origin + index.url)}"/>',
        f'  <link rel="self" type="application/atom+xml" href="{_x(origin + feed_url(index))}"/>',
        f"  <id>{_x(origin + index.url)}</id>",
        f"  <updated>{dates.w3c(updated)}</updated>",
        f"  <author><name>{_x(str(site.settings.get('name', '')))}</name></author>",
    ]
    for page in entries:
        published = page.date or updated
        lines += [
            "  <entry>",
            f"    <title>{_x(page.title)}</title>",
            f'    <link rel="alternate" type="text/html" href="{_x(origin + page.url)}"/>',
            f"    <id>{_x(origin + page.url)}</id>",
            f"    <published>{dates.w3c(published)}</published>",
            f"    <updated>{dates.w3c(page.updated or published)}</updated>",
        ]
        description = page.meta.get("description")
        if description:
            lines.append(f"    <summary>{_x(str(description))}</summary>")
        lines.append("  </entry>")
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _x(text: str) -> str:
    return escape(text, quote=True)
