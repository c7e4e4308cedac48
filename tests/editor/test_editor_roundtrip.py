"""Saving writes only what changed: an unchanged save is byte-identical, one changed value
changes only its own bytes. Over every content file of the test sites and a generated corpus
(CRLF, BOM, comments, comment-only front matter, block scalars, flow style, anchors)."""

from __future__ import annotations

import codecs
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from sitegen.editor import documents, roundtrip
from sitegen.editor.roundtrip import plain

from conftest import TESTS

CORPUS = sorted(
    path
    for path in (TESTS / "sites").glob("*/content/**/*")
    if path.suffix in (".md", ".yml", ".yaml") and path.is_file()
)


def _loaded(raw: bytes, is_page: bool) -> tuple[documents.Document, Any]:
    document = documents.parse(raw, is_page)
    return document, plain(roundtrip._load(document.front))


def _leaves(node: Any, data: Any, path: tuple = ()) -> list[tuple[tuple, ScalarNode]]:
    """Every scalar of the composed document, with its path in the data."""
    if isinstance(node, MappingNode):
        found = []
        for key, value in node.value:
            found += _leaves(value, data[key.value], (*path, key.value))
        return found
    if isinstance(node, SequenceNode):
        return [
            leaf
            for index, item in enumerate(node.value)
            for leaf in _leaves(item, data[index], (*path, index))
        ]
    if node is None or path == ():
        return []
    return [(path, node)] if node.start_mark.index < node.end_mark.index else []


def _changed(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 7
    if isinstance(value, float):
        return value + 0.5
    if isinstance(value, str):
        return value + "改" if "\n" not in value else value + "追記\n"
    return "新しい値"


def _set(data: Any, path: tuple, value: Any) -> Any:
    data = roundtrip.plain(data)
    holder = data
    for part in path[:-1]:
        holder = holder[part]
    holder[path[-1]] = value
    return data


def _check_one_value_changes_only_its_bytes(
    document: documents.Document, data: Any, most: int = 40
) -> None:
    front = document.front
    if not front.strip():
        return
    root = YAML(typ="rt").compose(front)
    anchored = {id(n) for n in _anchored(root)}
    for path, node in _leaves(root, data)[:most]:
        if id(node) in anchored:
            continue
        new = _set(data, path, _changed(_get(data, path)))
        written = roundtrip.rewrite(front, new)
        assert plain(roundtrip._load(written)) == new
        prefix = _common_prefix(front, written)
        suffix = _common_prefix(front[::-1], written[::-1])
        end = len(front) - suffix
        changed = (front[prefix:end], written[prefix : len(written) - suffix])
        assert node.start_mark.index <= prefix and end <= node.end_mark.index, (path, changed)


def _anchored(node: Any) -> list[Any]:
    found = [node] if getattr(node, "anchor", None) else []
    inside = [node] if found else []
    if isinstance(node, MappingNode):
        for _, value in node.value:
            found += _anchored(value)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            found += _anchored(item)
    for top in inside:
        found += _all(top)
    return found


def _all(node: Any) -> list[Any]:
    if isinstance(node, MappingNode):
        return [n for _, v in node.value for n in [v, *_all(v)]]
    if isinstance(node, SequenceNode):
        return [n for v in node.value for n in [v, *_all(v)]]
    return [node]


def _get(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


def _common_prefix(a: str, b: str) -> int:
    size = 0
    for left, right in zip(a, b, strict=False):
        if left != right:
            break
        size += 1
    return size


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.relative_to(TESTS).as_posix())
def test_an_unchanged_save_is_byte_identical(path: Path) -> None:
    raw = path.read_bytes()
    document, data = _loaded(raw, path.suffix == ".md")
    assert documents.with_data(document, data).to_bytes() == raw
    if document.is_page:
        typed = documents.body_as_typed(document).replace("\n", "\r\n")  # as a browser posts
        assert documents.with_body(document, typed).to_bytes() == raw


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.relative_to(TESTS).as_posix())
def test_one_changed_value_changes_only_its_bytes(path: Path) -> None:
    document, data = _loaded(path.read_bytes(), path.suffix == ".md")
    _check_one_value_changes_only_its_bytes(document, data)


def test_the_corpus_is_the_test_sites() -> None:
    assert len(CORPUS) > 40
    assert all("tests/sites/" in p.as_posix() for p in CORPUS)


# The generated corpus: documents as editors and tools write them.
_TEXT = st.text(
    alphabet=st.sampled_from(list("abcXYZ019 -:#'\"!&*?|>%@`,[]{}。、あいう漢字ー：　")),
    min_size=0,
    max_size=12,
)
_SCALAR = st.one_of(
    _TEXT,
    st.integers(-(10**6), 10**9),
    st.booleans(),
    st.none(),
    st.text(alphabet=st.sampled_from(list("ab あ\n")), max_size=20),
)
_KEY = st.from_regex(r"[a-z][a-z_]{0,6}", fullmatch=True)
_DATA = st.recursive(
    _SCALAR,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=4),
        st.dictionaries(_KEY, inner, min_size=1, max_size=4),
    ),
    max_leaves=12,
)


def _styled(data: dict, flow: bool, comments: bool, crlf: bool, anchors: bool) -> str:
    yaml = YAML(typ="rt")
    yaml.default_flow_style = flow
    yaml.width = 4096
    out = io.StringIO()
    yaml.dump(data, out)
    lines = out.getvalue().splitlines()
    if comments:
        lines = [
            f"# 説明 {n}\n{line}  # 行末"
            if not line.startswith((" ", "-"))
            and ":" in line
            and not line.rstrip().endswith((":", "|", "|-", "|+"))
            else line
            for n, line in enumerate(lines)
        ]
    text = "\n".join(lines) + "\n"
    if anchors:
        text += "shared: &shared {a: 1, b: あ}\nuses: *shared\n"
    return text.replace("\n", "\r\n") if crlf else text


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.dictionaries(_KEY, _DATA, min_size=1, max_size=6),
    flow=st.booleans(),
    comments=st.booleans(),
    crlf=st.booleans(),
    bom=st.booleans(),
    anchors=st.booleans(),
)
def test_generated_documents_round_trip(
    data: dict, flow: bool, comments: bool, crlf: bool, bom: bool, anchors: bool
) -> None:
    data.pop("shared", None)
    data.pop("uses", None)
    front = _styled(data, flow, comments, crlf, anchors)
    newline = "\r\n" if crlf else "\n"
    raw = (codecs.BOM_UTF8 if bom else b"") + (
        f"---{newline}{front}---{newline}本文{newline}".encode()
    )
    try:
        document, loaded = _loaded(raw, True)
    except roundtrip.RoundTripError:
        return  # ruamel wrote something our YAML 1.2 loader refuses (not an editor's file)
    assert documents.with_data(document, loaded).to_bytes() == raw
    _check_one_value_changes_only_its_bytes(document, loaded, most=8)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_comment_only_front_matter_stays_and_gets_the_new_field_after_it(newline: str) -> None:
    raw = f"---{newline}# ここに設定を書きます{newline}---{newline}本文{newline}".encode()
    document = documents.parse(raw, True)
    assert documents.with_data(document, {}).to_bytes() == raw
    saved = documents.with_data(document, {"title": "題名"}).to_bytes()
    assert (
        saved
        == (
            f"---{newline}# ここに設定を書きます{newline}title: 題名{newline}---{newline}本文{newline}"
        ).encode()
    )


def test_a_page_without_front_matter_gets_one_only_when_a_field_is_set() -> None:
    raw = "本文だけ\n".encode()
    document = documents.parse(raw, True)
    assert documents.with_data(document, {}).to_bytes() == raw
    assert (
        documents.with_data(document, {"title": "題"}).to_bytes()
        == "---\ntitle: 題\n---\n本文だけ\n".encode()
    )


def test_list_items_keep_their_comments_when_reordered_added_and_removed() -> None:
    text = "menu:\n  # 最初\n  - title: A  # a\n    link: a.md\n  - title: B\n    link: b.md\nafter: 1\n"
    moved = roundtrip.rewrite(
        text,
        {"menu": [{"title": "B", "link": "b.md"}, {"title": "A", "link": "a.md"}], "after": 1},
    )
    assert (
        moved
        == "menu:\n  - title: B\n    link: b.md\n  # 最初\n  - title: A  # a\n    link: a.md\nafter: 1\n"
    )
    added = roundtrip.rewrite(
        text,
        {
            "menu": [
                {"title": "A", "link": "a.md"},
                {"title": "B", "link": "b.md"},
                {"title": "C", "link": "c.md"},
            ],
            "after": 1,
        },
    )
    assert added.endswith("    link: b.md\n  - title: C\n    link: c.md\nafter: 1\n")
    removed = roundtrip.rewrite(text, {"menu": [{"title": "A", "link": "a.md"}], "after": 1})
    assert removed == "menu:\n  # 最初\n  - title: A  # a\n    link: a.md\nafter: 1\n"


def test_a_list_on_its_parents_line_keeps_the_comments_around_it() -> None:
    """`- - a` (a list of lists, as a table's rows are written): items added, removed and
    moved inside it keep the comment after it and the comments of its items."""
    text = "rows:\n- - a  # 最初\n  - b\n# 説明\nafter: 1\n"
    removed = roundtrip.rewrite(text, {"rows": [["a"]], "after": 1})
    assert removed == "rows:\n- - a  # 最初\n# 説明\nafter: 1\n"
    added = roundtrip.rewrite(text, {"rows": [["a", "b", "c"]], "after": 1})
    assert added == "rows:\n- - a  # 最初\n  - b\n  - c\n# 説明\nafter: 1\n"
    moved = roundtrip.rewrite(text, {"rows": [["b", "a"]], "after": 1})
    assert moved == "rows:\n- - b\n  - a  # 最初\n# 説明\nafter: 1\n"
    assert plain(roundtrip._load(moved)) == {"rows": [["b", "a"]], "after": 1}
    row = roundtrip.rewrite(text, {"rows": [["a", "b"], ["c", "d"]], "after": 1})
    assert row == "rows:\n- - a  # 最初\n  - b\n- - c\n  - d\n# 説明\nafter: 1\n"


def test_new_values_are_quoted_where_yaml_would_read_them_otherwise() -> None:
    for value in (
        "10:00",
        "0120",
        "true",
        "no",
        "null",
        "#12355b",
        "- a",
        "a: b",
        " lead",
        "１０：００",
        "'",
        '"',
    ):
        written = roundtrip.rewrite("key: x\n", {"key": value})
        assert plain(roundtrip._load(written)) == {"key": value}, written


def test_markdown_goes_into_a_literal_block_never_a_folded_one() -> None:
    written = roundtrip.rewrite(
        "heading: |\n  古い\n  見出し\nnext: 1\n", {"heading": "新しい\n見出しです\n", "next": 1}
    )
    assert written == "heading: |\n  新しい\n  見出しです\nnext: 1\n"
    assert ">" not in roundtrip.rewrite("a: x\n", {"a": "一行目\n二行目"})
