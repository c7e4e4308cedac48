"""The shape of each kind of content file: site settings, page front matter, data files."""

from __future__ import annotations

from sitegen.validate.fields import Spec, listing, mapping, text

# Short texts the templates show, named in content/site.yml under `labels:`.
LABELS = [
    "title_separator",
    "skip_link",
    "home",
    "contacts",
    "tel",
    "fax",
    "url",
    "postal_mark",
    "range",
    "hours_separator",
    "approval_number",
    "chart_table",
    "chart_year",
    "chart_unit",
    "costs_item",
    "costs_amount",
    # Footnotes in pages (issue 19): the heading of their list, the name of each link back.
    "footnotes",
    "footnote_back",
]

SITE = mapping(
    {
        "name": text(),
        "url": Spec("url"),
        "lang": text(required=False),
        "approval_number": text(),
        "disclaimer": text(),
        "description": text(),
        "share_image": text(),
        "share_image_alt": text(),
        "theme_color": Spec("color"),
        "security": mapping({"hsts": Spec("bool")}, required=False),
        "required_texts": listing(text(), required=False),
        "labels": mapping({name: text() for name in LABELS}),
    }
)

PAGE = mapping(
    {
        "title": text(),
        "description": text(required=False),
        "template": text(required=False),
        "lead": listing(text(), required=False),
        "sitemap": Spec("bool", required=False),
    }
)

_HOURS = mapping(
    {
        "days": text(required=False),
        "days_of_week": listing(Spec("weekday"), required=False),
        "opens": Spec("time"),
        "closes": Spec("time"),
    },
    required=False,
)

# Data files by name (content/data/NAME.yml). A data file with no schema here is read as it is.
DATA: dict[str, Spec] = {
    "damages": mapping(
        {
            "heading": text(),
            "subheading": text(),
            "cards": listing(mapping({"damage": text(), "attack": text(), "text": text()})),
        }
    ),
    "chart": mapping(
        {
            "title": text(),
            "source": text(),
            "footnote": text(),
            "decimals": Spec("int", required=False),
            "series": listing(
                mapping(
                    {
                        "year": Spec("year"),
                        "value": Spec("number"),
                        "confirmed": Spec("bool", required=False),
                    }
                )
            ),
        }
    ),
    "incident": mapping(
        {
            "heading": text(),
            "subheading": text(),
            "story": text(),
            "costs_heading": text(),
            "costs": listing(
                mapping(
                    {
                        "item": text(),
                        "yen": Spec("yen"),
                        "unit": mapping({"per": text(), "yen": Spec("yen")}, required=False),
                    }
                )
            ),
            "total_label": text(),
            "total": Spec("yen", required=False),
        }
    ),
    "coverage": mapping(
        {
            "heading": text(),
            "kinds": listing(
                mapping({"name": text(), "option": text(required=False), "detail": text()})
            ),
            "closing": text(),
        }
    ),
    "contacts": listing(
        mapping(
            {
                "heading": text(),
                "schema_type": text(required=False),
                "name": listing(text()),
                "note": text(required=False),
                "postal_code": Spec("postal_code", required=False),
                "address": mapping(
                    {"region": text(), "locality": text(), "street": text()}, required=False
                ),
                "tel": Spec("phone", required=False),
                "hours": _HOURS,
                "fax": listing(Spec("phone"), required=False),
                "url": Spec("url", required=False),
            }
        )
    ),
}
