"""Structured data (schema.org JSON-LD) built from the same contact data the pages show."""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from sitegen.japanese import phone
from sitegen.render.missing import checked
from sitegen.source import dates


def organizations(contacts: list[dict[str, Any]], site_url: str) -> Markup:
    """JSON-LD for each contact that names a schema.org type, ready for a script element."""
    items = [_organization(c, site_url) for c in contacts if c.get("schema_type")]
    data: Any = items[0] if len(items) == 1 else {"@context": "https://schema.org", "@graph": items}
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
    # "</" would end the script element early; JSON allows the escaped form.
    return Markup(text.replace("</", "<\\/"))


def web_page(page: Any, origin: str) -> Markup:
    """JSON-LD for a dated page: its address, title and dates (published, modified)."""
    item: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "name": page.title,
        "url": origin + page.url,
        "inLanguage": "ja",
    }
    if page.date:
        item["datePublished"] = dates.w3c(page.date)
    if page.updated:
        item["dateModified"] = dates.w3c(page.updated)
    text = json.dumps(item, ensure_ascii=False, indent=2)
    return Markup(text.replace("</", "<\\/"))


def _organization(contact: dict[str, Any], site_url: str) -> dict[str, Any]:
    item: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": contact["schema_type"],
        "name": " ".join(contact["name"]),
        "url": contact.get("url", site_url),
    }
    if "address" in contact:
        address = contact["address"]
        item["address"] = {
            "@type": "PostalAddress",
            "postalCode": contact.get("postal_code", ""),
            "addressRegion": address["region"],
            "addressLocality": address["locality"],
            "streetAddress": address["street"],
            "addressCountry": "JP",
        }
    if "tel" in contact:
        item["telephone"] = _international(contact["tel"])
        item["contactPoint"] = _contact_point(contact)
    if contact.get("fax"):
        item["faxNumber"] = _international(contact["fax"][0])
    return item


def _contact_point(contact: dict[str, Any]) -> dict[str, Any]:
    point: dict[str, Any] = {
        "@type": "ContactPoint",
        "telephone": _international(contact["tel"]),
        "contactType": "customer service",
        "areaServed": "JP",
        "availableLanguage": "ja",
    }
    hours = contact.get("hours")
    if hours:
        spec: dict[str, Any] = {
            "@type": "OpeningHoursSpecification",
            "opens": _zero_padded(hours["opens"]),
            "closes": _zero_padded(hours["closes"]),
        }
        if hours.get("days_of_week"):
            spec["dayOfWeek"] = [f"https://schema.org/{day}" for day in hours["days_of_week"]]
        point["hoursAvailable"] = spec
    return point


def _international(number: str) -> str:
    return _tel_uri(number).removeprefix("tel:")


# A number that is no Japanese phone number is reported at the content that holds it.
_tel_uri = checked(phone.tel_uri, "phone")


def _zero_padded(time: str) -> str:
    hours, minutes = time.split(":")
    return f"{int(hours):02d}:{minutes}"
