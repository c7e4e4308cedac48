"""The schema language: each kind of value, required and unknown fields, nested lists, and
every problem at the line an editor has to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.core.messages import KIND_FIXES, KIND_WORDS
from sitegen.core.problems import Problem
from sitegen.source.yaml_loader import load_yaml
from sitegen.validate.fields import Spec, listing, mapping, text, validate

FILE = Path("content/data/example.yml")


def problems(source: str, spec: Spec) -> list[Problem]:
    return validate(load_yaml(source, FILE), spec, FILE, "example")


# kind: (values it takes, values it refuses), each as written in YAML.
KINDS = {
    "text": (['"0120"', "こんにちは", '"10:00"'], ["12", "true", "1.5"]),
    "int": (["0", "-3", "2022"], ["1.5", "true", '"12"']),
    "number": (["1.5", "7707.9", "12"], ["true", '"1.5"']),
    "bool": (["true", "false"], ["yes", "on", "1", '"true"']),
    "yen": (["0", "172000000"], ["-1", "1.5", '"300万円"', "true"]),
    "phone": (['"03-6380-4771"', '"0120-961-069"'], ['"0363804771"', '"03-6380-477"', "12"]),
    "time": (['"10:00"', '"9:00"', '"23:59"'], ['"24:00"', '"10:60"', "10", '"10時"']),
    "year": (["1926", "2022", "2200"], ["1925", "2201", "令和3", "2022.0"]),
    "url": (["https://example.jp/", "http://example.jp"], ["example.jp", '"ftp://x"', "3"]),
    "color": (['"#12355b"', '"#fff"'], ['"12355b"', '"#12355"', '"#ggg"']),
    "weekday": (["Monday", "Sunday"], ["monday", "月曜日", "1"]),
    "postal_code": (['"102-0083"'], ["1020083", '"102-083"']),
    "markdown": (['"**太字**の文"', '"[リンク](/about/)"'], ["12", "true"]),
    "date": (['"2026-11-27"', '"2024-02-29"'], ['"2026-02-30"', '"2026/11/27"', "2026"]),
    "link": (["https://example.jp/", "/about/", "about.md", "mailto:a@example.jp"], ['"a b"', "3"]),
    "image": (["share.png", "photos/office.jpg"], ["share", '"share .png"', "3"]),
}


# Full-width digits typed with a Japanese input method are refused (`\d` would take them).
FULL_WIDTH = [
    ("time", '"1０:0０"'),
    ("postal_code", '"１０２-0083"'),
    ("phone", '"03-６３８０-4771"'),
    ("date", '"２０２６-11-27"'),
]


def test_every_kind_has_its_words_for_the_message() -> None:
    assert set(KINDS) | {"list", "map"} == set(KIND_WORDS)


@pytest.mark.parametrize(
    ("kind", "value"), [(kind, value) for kind, (good, _) in KINDS.items() for value in good]
)
def test_a_value_of_the_kind_is_taken(kind: str, value: str) -> None:
    found = problems(f"value: {value}\n", mapping({"value": Spec(kind)}))
    # An http:// address is taken, with a note that it is not encrypted (W303).
    assert [p.code for p in found] == (["W303"] if value.startswith("http://") else [])


@pytest.mark.parametrize(
    ("kind", "value"),
    [(kind, value) for kind, (_, bad) in KINDS.items() for value in bad],
)
def test_a_value_of_another_kind_is_refused_at_its_line(kind: str, value: str) -> None:
    (problem,) = problems(
        f"other: x\nvalue: {value}\n", mapping({"other": text(), "value": Spec(kind)})
    )
    assert (problem.code, problem.path, problem.line, problem.column) == ("E202", FILE, 2, 1)
    assert f"「value」には{KIND_WORDS[kind]}を書いてください" in problem.text
    assert problem.hint == KIND_FIXES.get(kind, "")


@pytest.mark.parametrize(("kind", "value"), FULL_WIDTH)
def test_a_full_width_character_is_named_at_its_column(kind: str, value: str) -> None:
    (problem,) = problems(f"value: {value}\n", mapping({"value": Spec(kind)}))
    first = next(i for i, char in enumerate(value) if ord(char) > 0xFF00)
    assert (problem.code, problem.line, problem.column) == ("E206", 1, len("value: ") + first + 1)
    assert "全角" in problem.text


def test_the_message_shows_what_was_written() -> None:
    (scalar,) = problems("value: 300万円\n", mapping({"value": Spec("yen")}))
    assert "(いまは 「300万円」)" in scalar.text
    (container,) = problems("value:\n  - a\n", mapping({"value": text()}))
    assert f"(いまは {KIND_WORDS['list']})" in container.text


def test_missing_required_field_is_named_at_its_mapping() -> None:
    spec = mapping({"items": listing(mapping({"name": text(), "note": text(required=False)}))})
    (problem,) = problems("items:\n  - name: a\n  - note: b\n", spec)
    assert (problem.code, problem.line, problem.column) == ("E201", 3, 5)
    assert "「name」" in problem.text


def test_empty_value_is_an_error_only_where_required() -> None:
    spec = mapping({"title": text(), "note": text(required=False)})
    (problem,) = problems('title: ""\nnote:\n', spec)
    assert (problem.code, problem.line) == ("E204", 1)
    assert "「title」が空です" in problem.text


def test_unknown_field_suggests_the_close_one_and_lists_the_allowed() -> None:
    spec = mapping({"heading": text(), "cards": text()})
    unknown = problems("heading: a\ncards: b\nhedding: c\n", spec)
    assert [(p.code, p.line) for p in unknown] == [("E203", 3)]
    assert "「heading」の書き間違いではありませんか" in unknown[0].text
    assert unknown[0].hint.endswith("heading、cards")
    (far,) = problems("heading: a\ncards: b\nzzz: c\n", spec)
    assert "書き間違い" not in far.text


def test_items_of_a_list_are_named_by_their_position() -> None:
    spec = mapping({"fax": listing(Spec("phone"))})
    (problem,) = problems('fax:\n  - "03-6893-6500"\n  - "0120-96"\n', spec)
    assert (problem.code, problem.line, problem.column) == ("E202", 3, 5)
    assert "「fax の 2 つ目」" in problem.text


def test_every_problem_is_listed_not_only_the_first() -> None:
    spec = mapping({"a": Spec("yen"), "b": Spec("time"), "c": text(), "d": text()})
    found = problems("a: -1\nb: 10\nc: x\ne: y\n", spec)
    assert sorted((p.code, p.line) for p in found) == [
        ("E201", 1),
        ("E202", 1),
        ("E202", 2),
        ("E203", 4),
    ]


def test_a_whole_file_of_the_wrong_shape_is_one_problem() -> None:
    (problem,) = problems("- a\n- b\n", mapping({"a": text()}))
    assert (problem.code, problem.line) == ("E202", 1)
    assert "「example」" in problem.text


def test_nested_mappings_are_checked_and_optional_ones_may_be_left_out() -> None:
    spec = mapping(
        {"address": mapping({"region": text(), "street": text()}, required=False), "n": text()}
    )
    assert problems("n: x\n", spec) == []
    (problem,) = problems("n: x\naddress:\n  region: 東京都\n  street: 1\n", spec)
    assert (problem.code, problem.line) == ("E202", 4)
