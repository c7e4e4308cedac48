"""Where an image address written in a page points: assets/, or beside the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.markdown.images import download_size, resolve

ROOT = Path("/site")
CONTENT, ASSETS = ROOT / "content", ROOT / "assets"
PAGE = CONTENT / "about" / "index.md"


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("/assets/images/office.jpg", ASSETS / "images" / "office.jpg"),
        ("assets/images/office.jpg", ASSETS / "images" / "office.jpg"),
        ("/assets/images/%E4%BA%8B%E5%8B%99%E5%B1%80.jpg", ASSETS / "images" / "事務局.jpg"),
        ("photo.jpg", CONTENT / "about" / "photo.jpg"),
        ("./photo.jpg?v=1#top", CONTENT / "about" / "photo.jpg"),
        ("../team/photo.jpg", CONTENT / "team" / "photo.jpg"),
        ("sub/photo.heic", CONTENT / "about" / "sub" / "photo.heic"),
    ],
)
def test_addresses_name_files_of_the_site(src: str, expected: Path) -> None:
    assert resolve(src, PAGE, CONTENT, ASSETS) == expected


@pytest.mark.parametrize(
    "src",
    [
        "https://example.jp/photo.jpg",
        "//example.jp/photo.jpg",
        "/about/photo.jpg",  # a site address, not a file
        "../../secret.jpg",  # outside content/
        "/assets/../secret.jpg",  # outside assets/
        "",
    ],
)
def test_other_addresses_name_no_file(src: str) -> None:
    assert resolve(src, PAGE, CONTENT, ASSETS) is None


@pytest.mark.parametrize(
    ("size", "shown"),
    [(300, "1KB"), (820_400, "820KB"), (1_234_567, "1.2MB"), (25_000_000, "25.0MB")],
)
def test_download_sizes_read_as_sites_show_them(size: int, shown: str) -> None:
    assert download_size(size) == shown
