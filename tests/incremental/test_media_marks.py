"""may_show_media, which decides whether a body's key holds every image, is the plain test."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sitegen.incremental.page_keys import _MEDIA, may_show_media

# Texts made mostly of the marks' own pieces, in both cases, among Japanese and odd letters.
_PIECES = ["<", "/", "%", "2f", "2F", "img", "IMG", "iMg", "files", "FILES", "Files", "![", "!"]
_TEXTS = st.lists(
    st.one_of(st.sampled_from(_PIECES), st.text(alphabet="aあ画像 \nİK", max_size=3)),
    max_size=12,
).map("".join)


def _plain(body: str) -> bool:
    return "![" in body or any(mark in body.lower() for mark in _MEDIA)


@given(_TEXTS)
def test_a_body_may_show_media_exactly_when_the_plain_test_says(body: str) -> None:
    assert may_show_media(body) == _plain(body)


def test_the_marks_are_found_in_any_case_and_place() -> None:
    assert may_show_media("写真 <IMG src=x>")
    assert may_show_media("[資料](Files/a.pdf)")
    assert may_show_media("[資料](files%2Fa.pdf)")
    assert may_show_media("![図](a.png)")
    assert not may_show_media("[事例](/cases/a/) と <strong>強調</strong> 100%")
