"""JSON-LD: what search engines read about the association, from the contact data."""

from __future__ import annotations

import json

import yaml
from bs4 import BeautifulSoup

from conftest import FLYER_SITE

CONTACTS = [
    yaml.safe_load(path.read_text(encoding="utf-8").removeprefix("---\n").split("\n---\n")[0])
    for path in sorted((FLYER_SITE / "content" / "sections" / "contacts").glob("[!i]*.md"))
]


def test_json_ld_describes_the_association_from_the_contact_data(home: BeautifulSoup) -> None:
    data = json.loads(home.find("script", type="application/ld+json").string)
    office = CONTACTS[0]
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "InsuranceAgency"
    assert data["name"] == " ".join(office["name"])
    assert data["url"] == office["url"]
    address = data["address"]
    assert address["@type"] == "PostalAddress"
    assert address["postalCode"] == office["postal_code"]
    assert address["addressRegion"] + address["addressLocality"] + address["streetAddress"] == (
        "東京都千代田区麹町1-6-6 プルミエ麹町ビル7F"
    )
    assert address["addressCountry"] == "JP"
    point = data["contactPoint"]
    assert point["telephone"] == "+81-3-6380-4771" == data["telephone"]
    hours = point["hoursAvailable"]
    assert (hours["opens"], hours["closes"]) == ("10:00", "16:00")
    assert hours["dayOfWeek"][0] == "https://schema.org/Monday" and len(hours["dayOfWeek"]) == 5
    assert data["faxNumber"] == "+81-3-6893-6500"
