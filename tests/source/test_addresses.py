"""Links written as files or site addresses resolve under the base path (issue 14, item 1)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from urllib.parse import quote

import pytest

from sitegen.source.addresses import Addresses
from sitegen.source.site import DRAFT, PUBLISHED, Page, page_location
from sitegen.source.yaml_loader import Mapping


def _page(relative: str, base: str, status: str = PUBLISHED) -> Page:
    path, output = page_location(PurePosixPath(relative))
    return Page(
        Path(relative), Mapping(), "", 1, path, base + quote(path), output, relative, status
    )


def _addresses(base: str) -> Addresses:
    pages = [
        _page(name, base)
        for name in ("index.md", "about.md", "guide/index.md", "guide/faq.md", "404.md")
    ]
    pages.append(_page("news/_wip.md", base, DRAFT))
    return Addresses(tuple(pages), base, {"office.jpg": "office.0123456789.jpg"})


@pytest.mark.parametrize("base", ["/", "/cyber/"])
@pytest.mark.parametrize(
    ("link", "origin", "expected"),
    [
        ("about.md", "index.md", "about/"),
        ("index.md", "guide/faq.md", "guide/"),
        ("../guide/faq.md#見出し", "guide/index.md", "guide/faq/#見出し"),
        ("../index.md", "guide/faq.md", ""),
        ("/about.md", "guide/faq.md", "about/"),
        ("/about/", "guide/faq.md", "about/"),
        ("/", "about.md", ""),
        ("/#contacts", "about.md", "#contacts"),
        ("office.jpg", "guide/faq.md", "office.0123456789.jpg"),
        ("faq.md?x=1#a", "guide/index.md", "guide/faq/?x=1#a"),
    ],
)
def test_resolves_under_the_base_path(base: str, link: str, origin: str, expected: str) -> None:
    resolved = _addresses(base).resolve(link, origin)
    assert resolved.problem is None
    assert resolved.href == base + expected


@pytest.mark.parametrize(
    "link", ["https://example.jp/a.md", "mailto:a@example.jp", "#top", "tel:0312345678", "about/"]
)
def test_leaves_outside_and_relative_addresses_alone(link: str) -> None:
    assert _addresses("/cyber/").resolve(link, "index.md").href == link


def test_an_address_already_under_the_base_path_is_kept() -> None:
    assert _addresses("/cyber/").resolve("/cyber/about/", "index.md").href == "/cyber/about/"


def test_missing_files_name_what_was_looked_for() -> None:
    addresses = _addresses("/cyber/")
    assert addresses.resolve("../guide/nothing.md", "guide/faq.md").problem == (
        "E606",
        {"file": "content/guide/nothing.md"},
    )
    assert addresses.resolve("../../up.md", "guide/faq.md").problem[0] == "E606"
    assert addresses.resolve("photo.png", "about.md").problem == ("E403", {"name": "photo.png"})


def test_a_draft_is_found_so_that_links_to_it_can_be_refused() -> None:
    resolved = _addresses("/").resolve("news/_wip.md", "index.md")
    assert resolved.page is not None and resolved.page.status == DRAFT
