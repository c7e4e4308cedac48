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


def _converted(markdown_text: str) -> BeautifulSoup:
    from sitegen.markdown.extensions import page_markdown
    from sitegen.markdown.page_checks import PageChecksExtension

    md = page_markdown(PageChecksExtension({}, "/"), None)
    return BeautifulSoup(md.convert(markdown_text), "html.parser")


def test_list_items_and_table_cells_break_between_phrases_paragraphs_do_not() -> None:
    page = _converted(
        "- 謝罪、会見等の実施コンサルティング\n  - 入れ子の項目も区切ります\n\n"
        "| 項目 | 金額 |\n| --- | --- |\n| 原因調査・証拠保全の実施 | 1100万円 |\n\n"
        "段落は区切らずにブラウザに任せます。\n\n```\nコードは区切りません\n```\n"
    )
    outer = page.select_one("ul > li")
    assert outer.find("wbr") is not None
    assert next(str(p) for p in outer.find_all(string=True, recursive=False)) == "謝罪、"
    assert page.select_one("li li").find("wbr") is not None
    assert page.select_one("td").find("wbr") is not None
    assert page.select_one("p").find("wbr") is None
    assert page.select_one("pre").find("wbr") is None
    text = page.select_one("ul > li").get_text()
    assert text.startswith("謝罪、会見等の実施コンサルティング")  # the words are whole


def test_a_phrase_ending_at_an_inline_element_gets_its_break() -> None:
    from sitegen.markdown.extensions import text_markdown

    html = text_markdown(inline=True, phrases=True).convert(
        "東京海上日動の「**サイバーリスク保険**」なら**“まとめて”補償**できます"
    )
    assert "なら<wbr><strong>“まとめて”補償</strong>" in html
    inline_html = _converted("- 見舞金<span>支払いと謝罪</span>広告\n")
    assert "<span>" in str(inline_html) and "wzxhzdk" not in str(inline_html)
