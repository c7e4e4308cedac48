"""Splitting a page into front matter and body."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitegen.core.problems import ContentError
from sitegen.source.frontmatter import parse, split

PAGE = Path("content/about.md")


def test_front_matter_and_body() -> None:
    meta, body, line = parse("---\ntitle: 概要\n---\n本文\n", PAGE)
    assert meta == {"title": "概要"}
    assert body == "本文\n"
    assert line == 4
    assert meta.line_of("title") == 2


def test_page_without_front_matter_is_all_body() -> None:
    meta, body, line = parse("# 見出し\n", PAGE)
    assert meta == {} and body == "# 見出し\n" and line == 1


def test_unclosed_front_matter_is_an_error_at_line_1() -> None:
    with pytest.raises(ContentError) as caught:
        parse("---\ntitle: x\n本文\n", PAGE)
    assert caught.value.problems[0].code == "E110"
    assert caught.value.problems[0].line == 1


def test_front_matter_errors_report_file_lines() -> None:
    with pytest.raises(ContentError) as caught:
        parse("---\ntitle: x\ntitle: y\n---\n", PAGE)
    assert caught.value.problems[0].line == 3


def test_front_matter_must_be_a_mapping() -> None:
    with pytest.raises(ContentError) as caught:
        parse("---\n- a\n---\n", PAGE)
    assert caught.value.problems[0].code == "E111"


_LINE = st.text(st.characters(blacklist_characters="\n\r", blacklist_categories=("Cs",)))


@given(
    front=st.lists(_LINE.filter(lambda s: s.rstrip() not in ("---", "...")), max_size=5),
    body=st.lists(_LINE, max_size=5),
)
def test_split_recovers_front_and_body(front: list[str], body: list[str]) -> None:
    text = "\n".join(["---", *front, "---", *body])
    parts = split(text)
    assert parts is not None
    assert parts.front == "\n".join(front)
    assert parts.body == "\n".join(body)
    assert parts.body_line == len(front) + 3


@given(st.text())
def test_split_never_loses_text(text: str) -> None:
    parts = split(text)
    if parts is None:
        assert text.split("\n")[0].rstrip() == "---"
        return
    if parts.front is None:
        assert parts.body == text
    else:
        assert text.endswith(parts.body)
        assert parts.front in text
