"""Phrase-level line breaks (BudouX) in headings and lead lines, not in body text."""

from __future__ import annotations

from bs4 import BeautifulSoup


def test_headings_and_lead_lines_break_between_phrases(home: BeautifulSoup) -> None:
    assert str(home.find("h2", id="damages")).count("<wbr/>") >= 2
    h1 = home.find("h1")
    assert (
        h1.find("wbr") is not None
        and h1.get_text() == "1契約で包括的に補償 「サイバーリスク保険」のご案内"
    )
    for line in home.select(".lead-line"):
        assert line.find("wbr") is not None
    # Body text is left to the browser: phrase breaks read worse in long paragraphs.
    assert home.select_one(".story").find("wbr") is None
