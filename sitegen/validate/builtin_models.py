"""The fields every site has, whatever its models add: the engine itself reads these."""

from __future__ import annotations

from sitegen.validate.fields import Spec, listing, mapping, text

# content/site.yml: the site's name and address (links, sitemap), its language, the pages'
# default description, the texts every page must carry, and the hosting headers.
SITE = mapping(
    {
        "name": text(),
        "url": Spec("url"),
        "lang": text(required=False),
        "description": text(required=False),
        "security": mapping({"hsts": Spec("bool")}, required=False),
        "required_texts": listing(text(), required=False),
        # The words of footnotes in pages: the heading of their list, each link back's name.
        "labels": mapping(
            {"footnotes": text(required=False), "footnote_back": text(required=False)},
            required=False,
        ),
        # The menu: each entry a page file (about.md) or an address (/about/), resolved.
        "menu": listing(mapping({"title": text(), "link": Spec("link")}), required=False),
        # How many of the latest news pages the top page lists (none when absent).
        "latest_news": Spec("int", required=False),
        # Dates shown with the era name (令和8年11月27日) instead of 2026年11月27日.
        "era_dates": Spec("bool", required=False),
    }
)

# A page's front matter: what the engine needs to place and render it.
PAGE = mapping(
    {
        "title": text(),
        "description": text(required=False),
        "template": text(required=False),
        "sitemap": Spec("bool", required=False),
        # Published on (not built before that day, in Japan's time) and last updated.
        "date": Spec("date", required=False),
        "updated": Spec("date", required=False),
        # A draft: shown only in the preview (as is a file whose name starts with `_`).
        "draft": Spec("bool", required=False),
        # A folder's index.md with `list: news` lists the folder's pages, newest first.
        "list": Spec("text", required=False),
        # Old addresses of the page, redirected to it permanently.
        "aliases": listing(text(), required=False),
    }
)

# Every section of a page and every item of one (content/sections/): its place and whether
# it is a draft.
SECTION = mapping(
    {
        "order": Spec("number", required=False),
        "draft": Spec("bool", required=False),
    }
)
