"""Markdown for Japanese text."""

import pytest
from bs4 import BeautifulSoup

from sitegen.markdown.extensions import page_markdown, text_markdown


def html(source: str) -> str:
    return page_markdown().convert(source)


def text_of(source: str) -> str:
    return BeautifulSoup(html(source), "html5lib").get_text()


def test_line_break_between_japanese_characters_disappears() -> None:
    assert text_of("強固なセキュリティを\n構築しても、\nサイバーリスク") == (
        "強固なセキュリティを構築しても、サイバーリスク"
    )


def test_line_break_between_latin_words_stays_a_space() -> None:
    assert text_of("cyber\nrisk") == "cyber\nrisk"
    assert text_of("Web\nサイト") == "Web\nサイト"


def test_line_break_next_to_bold_text_is_judged_by_the_visible_characters() -> None:
    out = html("A社のパソコンが**感染\nしている**\nことが判明")
    assert "感染している</strong>ことが判明" in out


def test_code_keeps_its_line_breaks() -> None:
    assert "日本\n語" in html("```\n日本\n語\n```")
    assert "日本\n語" in html("`日本\n語`")


def test_japanese_headings_get_meaningful_unique_ids() -> None:
    soup = BeautifulSoup(html("## 事故例\n\n## 事故例\n\n## ？\n\n## ！\n"), "html5lib")
    ids = [h["id"] for h in soup.find_all("h2")]
    assert ids[0] == "事故例"
    assert len(set(ids)) == 4 and all(ids)


def test_tables_and_attribute_lists() -> None:
    out = html("| 項目 | 金額 |\n|---|---|\n| a | 1 |\n\n## 見出し {#custom}\n")
    assert "<table>" in out and 'id="custom"' in out


def test_data_text_never_passes_raw_html() -> None:
    out = text_markdown().convert('危険<script>alert(1)</script><b onclick="x">b</b>')
    assert "<script" not in out and "<b " not in out
    assert "&lt;script&gt;" in out


def test_inline_text_has_no_paragraph() -> None:
    out = text_markdown(inline=True).convert("なら**“まとめて”補償**できます!")
    assert out == "なら<strong>“まとめて”補償</strong>できます!"


@pytest.mark.parametrize(
    ("source", "needle"),
    [
        ("文は`コード`と\\*星\\*と&amp;と<https://example.jp/>。", "<code>コード</code>"),
        ("文は`コード`と\\*星\\*と&amp;と<https://example.jp/>。", "*星*"),
        ("文は`コード`と\\*星\\*と&amp;と<https://example.jp/>。", "&amp;"),
        ("文は`コード`と\\*星\\*と&amp;と<https://example.jp/>。", 'href="https://example.jp/"'),
        ("行末の空白  \n改行", "<br>"),
        ("![画像](a.png)と[リンク](b/)", '<img alt="画像" src="a.png">'),
        ("これは _強調_ と __太字__ です", "<em>強調</em>"),
        ("これは _強調_ と __太字__ です", "<strong>太字</strong>"),
    ],
)
def test_inline_syntax_still_works_when_patterns_are_skipped(source: str, needle: str) -> None:
    assert needle in page_markdown().convert(source)


def test_heading_ids_keep_given_ids_and_avoid_clashes() -> None:
    md = page_markdown()
    html = md.convert("## 概要 {#about}\n\n## 概要\n\n## 概要\n\n## \\*注意\\*\n")
    assert 'id="about"' in html
    assert 'id="概要"' in html and 'id="概要_1"' in html
    assert 'id="注意"' in html
    assert [t["id"] for t in md.toc_tokens] == ["about", "概要", "概要_1", "注意"]
    md.reset()
    md.convert("")
    assert md.toc_tokens == []
