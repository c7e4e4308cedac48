"""The fields every site has, whatever its models add: the engine itself reads these."""

from __future__ import annotations

from sitegen.validate.fields import Spec, listing, mapping, text

# content/site.yml: the site's name and address (links, sitemap), its language, the pages'
# default description, the texts every page must carry, the hosting headers, and whether
# photos are published in AVIF too.
SITE = mapping(
    {
        "name": text(),
        "url": Spec("url"),
        "lang": text(required=False),
        "description": text(required=False),
        "security": mapping({"hsts": Spec("bool")}, required=False),
        # Photos in AVIF too, besides WebP: smaller files, slower builds (off unless true).
        "images": mapping({"avif": Spec("bool", required=False)}, required=False),
        "required_texts": listing(text(), required=False),
        # The words of footnotes in pages: the heading of their list, each link back's name.
        "labels": mapping(
            {"footnotes": text(required=False), "footnote_back": text(required=False)},
            required=False,
        ),
    }
)

# A page's front matter: what the engine needs to place and render it.
PAGE = mapping(
    {
        "title": text(),
        "description": text(required=False),
        "template": text(required=False),
        "sitemap": Spec("bool", required=False),
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
