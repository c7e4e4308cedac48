"""Markdown as editors write it on GitHub: each habit gives GitHub's structure, or a note.

The reference is GitHub's own renderer, cmark-gfm (PyPI `cmarkgfm`), run in the test on the
same text. Both outputs are parsed as a browser would and compared as trees of tags and text:
attributes are left out (ids and classes differ by design) except those that carry meaning
(link targets, image sources and titles, list starts, checked boxes), and so is whitespace
(our pages drop line breaks between Japanese characters; GitHub keeps them as spaces).
The deliberate deviations are compared with an explicit expectation instead.
"""

from __future__ import annotations

from urllib.parse import unquote

import cmarkgfm
import pytest
from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from cmarkgfm.cmark import Options

from sitegen.markdown.extensions import page_markdown, text_markdown
from sitegen.markdown.notes import notes_of

# The labels of the test site (tests/markdown/sites/habits/content/site.yml), not the live one's.
LABELS = {"footnotes": "試験の注記一覧", "footnote_back": "試験の本文へ戻る"}

Shape = list["str | tuple[str, tuple[tuple[str, str], ...], Shape]"]


def github(source: str) -> str:
    """GitHub's HTML for source: cmark-gfm with GitHub's extensions, footnotes and raw HTML."""
    return cmarkgfm.github_flavored_markdown_to_html(
        source, options=Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES
    )


def ours(source: str) -> str:
    return page_markdown(labels=LABELS).convert(source)


def shape(html: str) -> Shape:
    """The tree of tags and text of an HTML fragment, as a browser parses it."""
    return _children(BeautifulSoup(html, "html5lib").body)


def _children(tag: Tag) -> Shape:
    out: Shape = []
    for node in tag.children:
        if isinstance(node, Comment):
            continue
        if isinstance(node, NavigableString):
            _add(out, "".join(str(node).split()))
        elif node.name == "wbr":  # phrase breaks (ours, in headings only)
            continue
        elif node.name == "label":
            # Ours wraps a task's box and text in <label> to give the box a name; GitHub
            # does not. The label's contents are compared.
            for child in _children(node):
                _add(out, child)
        else:
            out.append((node.name, _meaning(node), _children(node)))
    return out


def _add(out: Shape, item: object) -> None:
    if isinstance(item, str):
        if not item:
            return
        if out and isinstance(out[-1], str):
            out[-1] += item
            return
    out.append(item)  # type: ignore[arg-type]


def _meaning(tag: Tag) -> tuple[tuple[str, str], ...]:
    """The attributes that change what a reader gets; in-page anchors differ by design."""
    kept = []
    for name in ("href", "src", "alt", "title", "start", "type", "checked"):
        value = tag.get(name)
        if value is None or (name == "href" and str(value).startswith("#")):
            continue
        if name == "checked":
            value = "checked"
        kept.append((name, unquote(str(value))))
    return tuple(kept)


# Habits GitHub's structure must be kept for: (what the editor wrote, Markdown).
SAME_AS_GITHUB = {
    "list right after a line of text": "手順は次のとおり:\n- 申し込む\n- 払う",
    "ordered list right after a line of text": "手順:\n1. 申し込む\n2. 払う",
    "2. does not interrupt a paragraph": "次の2つ\n2. は続きの文です",
    "nested by 2 spaces": "- 火災\n  - 住宅\n  - 店舗\n- 地震",
    "nested by 4 spaces": "- 火災\n    - 住宅\n- 地震",
    "three levels by 2 spaces": "- 一\n  - 二\n    - 三\n- 四",
    "bullets under 1. by 3 spaces": "1. 申し込む\n   - 書類を送る\n2. 払う",
    "ordered list with 1)": "1) 申し込む\n2) 払う",
    "ordered list starting at 3.": "3. 三番目\n4. 四番目",
    "* bullets": "* 一つ目\n* 二つ目",
    "+ bullets": "+ 一つ目\n+ 二つ目",
    "loose list": "- 一つ目\n\n- 二つ目",
    "item with a second paragraph by 2 spaces": "- 一つ目\n\n  続きの段落\n- 二つ目",
    "paragraph continued inside an item": "- 申し込みは\n  こちらから\n- 二つ目",
    "strikethrough": "~~1万円~~",
    "strikethrough inside a sentence": "旧価格~~1万円~~です",
    "bare address": "https://www.tokiomarine-nichido.co.jp/",
    "bare address between spaces": "詳しくは https://www.example.jp/ をご覧ください。",
    "bare address before a full stop": "See https://www.example.jp/guide.",
    "bare address in parentheses": "(see https://www.example.jp/a_(b))",
    "bare www address": "www.example.jp を見る",
    "autolink in <>": "<https://www.example.jp/>",
    "address in code is not linked": "`https://www.example.jp/`",
    "backslash line break": "一行目\\\n二行目",
    "two-space line break": "一行目  \n二行目",
    "heading without a space stays text": "#見出し",
    "heading with a space": "## 見出し",
    "task list": "- [ ] 未完了\n- [x] 完了",
    "link with Japanese text and parentheses in the address": (
        "[保険の説明](https://ja.wikipedia.org/wiki/保険_(金融))"
    ),
    "image with a title": '![協会のロゴ](https://www.example.jp/logo.png "協会のロゴ")',
    "HTML entities": "&copy; 2024 &amp; &#12354;",
    "escaped characters": "\\*強調しない\\* \\# \\~\\~ \\[注\\]",
    "bold next to Japanese text": "必ず**保険約款**をご確認ください",
    "fenced code holding list-like lines": "```\n- 申し込む\n本文\n- 払う\n```",
    "table without outer pipes": "項目 | 金額\n--- | ---\n調査 | 100",
    "raw <br>": "一行目<br>二行目",
    "block quote": "> 引用です",
    "bullets under 1. by 2 spaces (a second list)": "1. 申し込む\n  - 書類を送る",
    "thematic break": "本文\n\n* * *",
    "list right after text in a block quote": "> 手順:\n> - 申し込む\n>   - 書類を送る",
    "bare e-mail address": "連絡はinfo@example.jpへ",
    "bare e-mail address before a full stop": "Write to info@example.jp.",
}


@pytest.mark.parametrize("source", SAME_AS_GITHUB.values(), ids=SAME_AS_GITHUB.keys())
def test_habit_has_githubs_structure(source: str) -> None:
    assert shape(ours(source)) == shape(github(source))


def test_there_are_at_least_30_habits() -> None:
    assert len(SAME_AS_GITHUB) + len(DIFFERENT_FROM_GITHUB) >= 30


def test_footnotes_have_githubs_structure_with_the_sites_words() -> None:
    source = "本文[^1]です。別の注[^a]。\n\n[^1]: 注記です。\n[^a]: 二つ目です。"
    expected = shape(github(source))
    name, attributes, children = expected[-1]
    assert name == "section"
    # github.com puts a hidden "Footnotes" heading into the section after cmark-gfm has run;
    # ours is shown, in the site's words.
    expected[-1] = (name, attributes, [("h2", (), [LABELS["footnotes"]]), *children])
    assert shape(ours(source)) == expected


# The deliberate deviations, and Japanese emphasis where CommonMark renderers fail, against
# the structure they must have here. Each also differs from GitHub's, or the entry is moot.
DIFFERENT_FROM_GITHUB = {
    # GitHub strikes 12時、14 (a single ~ is strikethrough there); Japanese uses ~ for ranges.
    "single tilde is a range, not strikethrough": (
        "10~12時、14~16時",
        "<p>10~12時、14~16時</p>",
    ),
    # GitHub links up to the next space, taking をご覧ください。 into the address.
    "bare address ends before Japanese text": (
        "詳しくはhttps://www.example.jp/をご覧ください。",
        '<p>詳しくは<a href="https://www.example.jp/">https://www.example.jp/</a>'
        "をご覧ください。</p>",
    ),
    "bare address ends at a full-width parenthesis": (
        "窓口(https://www.example.jp/)まで",
        '<p>窓口(<a href="https://www.example.jp/">https://www.example.jp/</a>)まで</p>',
    ),
    # GitHub links www. only after a space; after Japanese text it is linked here too.
    "bare www address right after Japanese text": (
        "詳しくはwww.example.jpへ",
        '<p>詳しくは<a href="http://www.example.jp">www.example.jp</a>へ</p>',
    ),
    # CommonMark does not close ** after a punctuation mark followed by a letter.
    "bold around brackets before Japanese text": (
        "**「重要」**です",
        "<p><strong>「重要」</strong>です</p>",
    ),
    "strikethrough around brackets before Japanese text": (
        "~~「旧価格」~~です",
        "<p><del>「旧価格」</del>です</p>",
    ),
}


@pytest.mark.parametrize(
    ("source", "expected"), DIFFERENT_FROM_GITHUB.values(), ids=DIFFERENT_FROM_GITHUB.keys()
)
def test_deliberate_deviation_has_the_expected_structure(source: str, expected: str) -> None:
    assert shape(ours(source)) == shape(expected)
    assert shape(github(source)) != shape(expected)


@pytest.mark.parametrize(
    ("source", "code", "line", "column"),
    [
        ("本文\n\n#見出し\n", "W521", 2, 1),
        ("1. 申し込む\n  - 書類を送る\n", "W522", 1, 3),
        ("- 一\n  - 二\n   - 三\n", "W522", 2, 4),
        ("> 引用\n>\n> #見出し\n", "W521", 2, 3),
    ],
)
def test_habit_not_honoured_is_noted_at_its_line(
    source: str, code: str, line: int, column: int
) -> None:
    md = page_markdown()
    md.convert(source)
    notes = notes_of(md)
    assert [(n.code, n.line, n.column) for n in notes] == [(code, line, column)]


@pytest.mark.parametrize(
    "source",
    [
        "# 見出し\n\n本文\n- 一\n  - 二\n",
        "\\#見出しではない\n",
        "```\n#見出しではない\n1. 申し込む\n  - 書類\n```\n",
        "    #字下げしたコード\n",
    ],
)
def test_what_github_shows_as_written_has_no_note(source: str) -> None:
    md = page_markdown()
    md.convert(source)
    assert notes_of(md) == []


def test_notes_do_not_outlive_their_page() -> None:
    md = page_markdown()
    md.convert("#見出し\n")
    md.reset()
    md.convert("# 見出し\n")
    assert notes_of(md) == []


def test_footnote_ids_are_unique_on_the_page() -> None:
    source = "# fn-1\n\n## 試験の注記一覧\n\n本文[^1]と[^1]。\n\n[^1]: 注記です。\n"
    page = BeautifulSoup(ours(source), "html5lib")
    ids = [tag["id"] for tag in page.find_all(id=True)]
    assert len(ids) == len(set(ids)) >= 5
    for link in page.find_all("a", href=True):  # every in-page link has its target
        assert link["href"][1:] in ids


def test_footnotes_are_named_for_screen_readers_and_listed_last() -> None:
    page = BeautifulSoup(ours("本文[^注]。\n\n[^注]: 注記です。\n\n最後の段落。"), "html5lib")
    section = page.body.find_all(recursive=False)[-1]
    assert section.name == "section"
    heading = section.find("h2")
    assert heading.get_text() == LABELS["footnotes"]
    assert section["aria-labelledby"] == heading["id"]
    back = section.find("a", href=True)
    assert back["aria-label"] == LABELS["footnote_back"]
    reference = page.find("sup").find("a")
    assert reference["aria-describedby"] == heading["id"]
    assert page.find("p").get_text() == "本文1。"


def test_task_boxes_are_labelled_by_their_text() -> None:
    page = BeautifulSoup(ours("- [x] **書類**を送る\n- [ ] 払う"), "html5lib")
    first, second = page.find_all("li")
    assert first.label.get_text(strip=True) == "書類を送る"
    assert first.label.input["type"] == "checkbox" and first.label.input.has_attr("checked")
    assert first.label.input.has_attr("disabled") and first.label.strong is not None
    assert not second.label.input.has_attr("checked")


@pytest.mark.parametrize(
    "source",
    [
        "- 申込は\nこちら\n\n本文",
        "1. 一\n\n    1. 一の一\n    2. 一の二\n\n2. 二",
        "* 一\n\n        コード\n\n* 二",
        "本文\n\n    コード\n    - 一\n",
    ],
)
def test_lists_written_for_python_markdown_are_unchanged(source: str) -> None:
    """The 4-space layout Python-Markdown has always read comes out as before."""
    import markdown

    before = markdown.Markdown(extensions=["sane_lists"]).convert(source)
    assert shape(page_markdown().convert(source)) == shape(before)


def test_data_file_text_gets_the_same_inline_habits() -> None:
    out = text_markdown(inline=True).convert("~~旧~~ 10~12時 https://www.example.jp/へ")
    page = BeautifulSoup(out, "html5lib")
    assert page.find("del").get_text() == "旧"
    assert page.find("a")["href"] == "https://www.example.jp/"
    assert "10~12時" in page.get_text()


def test_address_inside_a_link_typed_as_html_is_not_linked_again() -> None:
    """Raw `<a>` around an address worked before bare addresses were linked: it still does."""
    source = '<a href="https://www.example.jp/">https://www.example.jp/ info@example.jp</a> と www.example.jp'
    links = BeautifulSoup(ours(source), "html5lib").find_all("a")
    assert [a["href"] for a in links] == ["https://www.example.jp/", "http://www.example.jp"]
    assert links[0].find("a") is None
