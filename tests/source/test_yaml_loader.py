"""Reading YAML the way an editor means it."""

from pathlib import Path

import pytest

from sitegen.core.problems import ContentError
from sitegen.source import yaml_loader as yamlload
from sitegen.source.yaml_loader import load_yaml

from conftest import FLYER_SITE

FILE = Path("content/data/x.yml")


def test_yaml_1_1_traps_stay_the_strings_the_editor_wrote() -> None:
    data = load_yaml("opens: 10:00\nanswer: no\nswitch: on\nfree: 0120\nzip: 102-0083\n", FILE)
    assert data == {
        "opens": "10:00",
        "answer": "no",
        "switch": "on",
        "free": "0120",
        "zip": "102-0083",
    }


def test_numbers_booleans_and_null_are_still_read() -> None:
    data = load_yaml("a: 12\nb: 1.5\nc: true\nd: false\ne: null\nf: ~\ng: -3\n", FILE)
    assert data == {"a": 12, "b": 1.5, "c": True, "d": False, "e": None, "f": None, "g": -3}


def test_lines_of_keys_and_items_are_kept() -> None:
    data = load_yaml("title: x\nitems:\n  - a\n  - b: 1\n", FILE)
    assert data.line_of("items") == 2
    assert data["items"].line_of(1) == 4


def test_line_offset_counts_from_the_file_not_the_block() -> None:
    data = load_yaml("title: x\n", FILE, line_offset=1)
    assert data.line_of("title") == 2


def _error(text: str) -> ContentError:
    with pytest.raises(ContentError) as caught:
        load_yaml(text, FILE)
    return caught.value


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("title: a\nbody: b\ntitle: c\n", "E102", 3),
        ("a:\n\tb: 1\n", "E103", 2),
        ("a:\n\u3000b: 1\n", "E104", 2),
        ("title：見出し\n", "E105", 1),
        ("a: 1\nnote: (取扱代理店: JAM)\n", "E101", 2),
        ('a: 1\nb: "unclosed\nc: 2\n', "E107", 2),
    ],
)
def test_mistakes_name_their_line(text: str, code: str, line: int) -> None:
    problem = _error(text).problems[0]
    assert (problem.code, problem.line, problem.path) == (code, line, FILE)
    assert problem.hint


def test_duplicate_key_names_the_first_line_too() -> None:
    problem = _error("title: a\ntitle: b\n").problems[0]
    assert "title" in problem.text and "1 行目" in problem.text


def test_fullwidth_colon_inside_a_value_is_fine() -> None:
    assert load_yaml("note: 受付：平日\n", FILE) == {"note": "受付：平日"}


@pytest.mark.parametrize("path", sorted((FLYER_SITE / "content" / "data").glob("*.yml")))
def test_fast_yaml_reader_gives_the_same_values_and_lines(path: Path) -> None:
    if yamlload._FAST_LOADER is None:
        pytest.skip("PyYAML was built without libyaml")
    text = path.read_text(encoding="utf-8")
    fast = yamlload._parse(yamlload._FAST_LOADER(text), 0)
    slow = yamlload._parse(yamlload._Loader(text), 0)
    assert fast == slow
    assert _marks(fast) == _marks(slow)


def _marks(value: object) -> list[object]:
    """Every recorded position in a loaded document, in order."""
    if isinstance(value, yamlload.Mapping):
        found: list[object] = [value.mark, dict(value.key_marks), dict(value.value_marks)]
        return found + [m for item in value.values() for m in _marks(item)]
    if isinstance(value, yamlload.Sequence):
        found = [value.mark, list(value.item_marks), list(value.text_marks)]
        return found + [m for item in value for m in _marks(item)]
    return []


def test_yaml_mistakes_are_still_reported_in_our_words(tmp_path: Path) -> None:
    with pytest.raises(yamlload.ContentError) as caught:
        yamlload.load_yaml("a: 1\nb: [1, 2\nc: 3\n", tmp_path / "x.yml")
    (problem,) = caught.value.problems
    assert problem.code == "E101" and problem.line is not None
