"""The images test site on a phone: nothing scrolls sideways, no image over 200 KB is fetched;
with AVIF asked for, Chromium shows the AVIF files."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import chromium, static_server

BUDGET = 200 * 1024


# The full-size site is built once for the session with test_images_site.py's tests
# (conftest.py: images_built): both modules run in one worker.
pytestmark = pytest.mark.xdist_group("images-site")


@pytest.fixture(scope="module")
def site(images_built: tuple[Path, str]):
    root, _ = images_built
    with static_server(root / "dist") as url:
        yield url


def _scroll_through(page) -> None:  # type: ignore[no-untyped-def]
    """Scroll through the page so that every lazy image is fetched too."""
    height = page.evaluate("document.documentElement.scrollHeight")
    for y in range(0, height + 800, 400):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(50)
    # Every image has been in view: wait for each to arrive (not for "networkidle", which a
    # single slow connection on a busy machine holds off for the whole timeout).
    page.wait_for_function("[...document.images].every(i => i.complete)")


@pytest.mark.parametrize("width", [320, 375])
@pytest.mark.parametrize("path", ["/", "/about/"])
def test_a_phone_downloads_small_images_and_never_scrolls_sideways(
    site: str, path: str, width: int
) -> None:
    with chromium() as browser:
        context = browser.new_context(
            viewport={"width": width, "height": 800}, device_scale_factor=2, is_mobile=True
        )
        page = context.new_page()
        images: dict[str, int] = {}

        def record(response) -> None:  # type: ignore[no-untyped-def]
            if response.request.resource_type == "image":
                images[response.url] = len(response.body())

        page.on("response", record)
        page.goto(site + path, wait_until="load")
        _scroll_through(page)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        shown = page.evaluate(
            "[...document.images].map(i => [i.currentSrc, i.getBoundingClientRect().right])"
        )
        context.close()
    assert overflow <= 0, f"sideways scroll of {overflow}px at {width}px"
    assert all(right <= width for _, right in shown), shown
    assert images, "no image was fetched"
    assert all(src.endswith(".webp") for src, _ in shown), shown
    heavy = {url: size for url, size in images.items() if size > BUDGET}
    assert not heavy, heavy


def test_with_avif_chromium_shows_the_avif_files(images_avif_built: Path) -> None:
    root = images_avif_built
    with static_server(root / "dist") as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        types: dict[str, str] = {}
        page.on(
            "response",
            lambda r: (
                types.update({r.url: r.headers.get("content-type", "")})
                if r.request.resource_type == "image"
                else None
            ),
        )
        page.goto(url + "/", wait_until="load")
        _scroll_through(page)
        shown = page.evaluate(
            "[...document.images].map(i => [i.currentSrc, i.complete && i.naturalWidth > 0])"
        )
    assert len(shown) >= 5
    assert all(src.endswith(".avif") and decoded for src, decoded in shown), shown
    assert {types[src] for src, _ in shown} == {"image/avif"}
