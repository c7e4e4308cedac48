"""Names the association's computers cannot hold, by the rules the editor's form will use."""

from __future__ import annotations

import pytest

from sitegen.source.names import nfc, problems_of_name


@pytest.mark.parametrize(
    "path",
    [
        "con.md",
        "CON.md",
        "aux.md",
        "nul.md",
        "com1.md",
        "LPT9.md",
        "con.tar.md",
        "prn/index.md",
        "guide/Aux/faq.md",
        "com¹.md",
        "nul",
    ],
)
def test_windows_device_names_are_refused_with_any_extension(path: str) -> None:
    codes = [p.code for p in problems_of_name(path)]
    assert codes == ["E005"]


@pytest.mark.parametrize("path", ["console.md", "auxiliary.md", "com10.md", "connect/con-1.md"])
def test_names_that_merely_start_like_a_device_are_fine(path: str) -> None:
    assert problems_of_name(path) == []


@pytest.mark.parametrize(
    "path", ["a:b.md", "q?.md", "x|y.md", 'say "hi".md', "folder /a.md", "dot./a.md"]
)
def test_characters_windows_cannot_hold(path: str) -> None:
    assert [p.code for p in problems_of_name(path)] == ["E006"]


def test_names_differing_only_in_case_from_another() -> None:
    found = problems_of_name("About.md", existing=["about.md", "news.md"])
    assert [p.code for p in found] == ["E007"]
    assert "「About.md」は「about.md」と大文字・小文字だけが違います" in found[0].text
    folder = problems_of_name("Guide/faq.md", existing=["guide/index.md"])
    assert [p.code for p in folder] == ["E007"] and "「Guide」は「guide」" in folder[0].text
    assert problems_of_name("about.md", existing=["about.md", "about/index.md"]) == []


def test_a_decomposed_name_is_read_as_the_one_typed() -> None:
    typed = "ガイド/協会の概要.md"
    saved_by_a_mac = "ガイド/協会の概要.md".replace("ガ", "カ\u3099")
    assert saved_by_a_mac != typed and nfc(saved_by_a_mac) == typed
    assert problems_of_name(saved_by_a_mac) == []
    assert [p.code for p in problems_of_name(saved_by_a_mac, existing=[typed])] == []
