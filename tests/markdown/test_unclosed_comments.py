"""An HTML comment left open, and http:// addresses, in a page's Markdown (issue 15)."""

from __future__ import annotations

import pytest

from sitegen.markdown.extensions import page_markdown
from sitegen.markdown.page_checks import PageChecksExtension


def findings(body: str) -> list[tuple[str, str]]:
    checks = PageChecksExtension({}, "/")
    md = page_markdown(checks)
    md.convert(body)
    return [(finding.code, finding.snippet) for finding in checks.findings]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("# 題\n\n<!-- メモ\n\n## 続き\n", [("E506", "<!-- メモ")]),
        ("本文 <!-- 行内のメモ\n\n続き\n", [("E506", "<!-- 行内のメモ")]),
        ("<!-- 一つ目 -->\n\n<!-- 二つ目\n", [("E506", "<!-- 二つ目")]),
        ("<!-- 閉じた --> <!-- 閉じない\n", [("E506", "<!-- 閉じない")]),
    ],
)
def test_an_unclosed_comment_is_found_where_it_opens(body: str, expected: list) -> None:
    assert findings(body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "<!-- 閉じた -->\n\n本文\n",
        "<!--\n複数行の\nメモ\n-->\n\n本文\n",
        "```\n<!-- コードの中\n```\n\n本文\n",
        "`<!--` の書き方\n",
    ],
)
def test_closed_comments_and_code_are_fine(body: str) -> None:
    assert findings(body) == []


def test_an_http_link_is_a_note_with_its_address() -> None:
    found = findings("[協会](http://example.jp/) と <a href='http://example.org/'>外部</a>\n")
    assert ("W303", "http://example.jp/") in found
    assert ("W303", "http://example.org/") in found
    assert findings("[協会](https://example.jp/)\n") == []
