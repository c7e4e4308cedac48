"""YAML slips PyYAML reports too late are reported where the editor must act (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.core.problems import ContentError
from sitegen.source.yaml_loader import load_yaml

CASES = [
    # (text, code, line, column, words of the hint)
    ("title 協会の概要\ndescription: 説明\n", "E108", 1, 1, "「title: 協会の概要」"),
    ("description: 説明\ntitle 協会の概要\n", "E108", 2, 1, "「title: 協会の概要」"),
    ("address:\n  region 東京都\n  locality: 千代田区\n", "E108", 2, 3, "「region: 東京都」"),
    ("fax:\n  - a\nurl https://x.jp\nname: y\n", "E108", 3, 1, "「url: https://x.jp」"),
    ('name: x\ntel:"03-6380-4771"\nhours: y\n', "E109", 2, 5, '「tel: "03-6380-4771"」'),
    ("name: x\ntel:03-6380-4771\nhours: y\n", "E109", 2, 5, "「tel: 03-6380-4771」"),
    ('name: x\ntel:"03"\n', "E109", 2, 5, '「tel: "03"」'),
    ("name: x\nurl:https://x.jp\nother: y\n", "E109", 2, 5, "「url: https://x.jp」"),
    ('  - name: x\n    tel:"03"\n    fax: y\n', "E109", 2, 9, '「tel: "03"」'),
]


@pytest.mark.parametrize(("text", "code", "line", "column", "hint"), CASES)
def test_the_line_and_column_to_fix(
    text: str, code: str, line: int, column: int, hint: str, tmp_path: Path
) -> None:
    with pytest.raises(ContentError) as caught:
        load_yaml(text, tmp_path / "x.yml")
    (problem,) = caught.value.problems
    assert (problem.code, problem.line, problem.column) == (code, line, column)
    assert hint in (problem.hint or "")


def test_front_matter_lines_count_from_the_file(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        load_yaml("title 概要\ndescription: 説明\n", tmp_path / "x.md", line_offset=1)
    (problem,) = caught.value.problems
    assert (problem.code, problem.line) == ("E108", 2)


def test_a_colon_inside_a_value_keeps_its_own_place_and_words(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        load_yaml("heading: 協会事務局: 受付\nx: y\n", tmp_path / "x.yml")
    (problem,) = caught.value.problems
    assert (problem.code, problem.line, problem.column) == ("E101", 1, 15)
    assert "引用符で囲んで" in problem.text


def test_a_good_file_is_read_as_before(tmp_path: Path) -> None:
    data = load_yaml('tel: "03-6380-4771"\nurl: https://x.jp\n', tmp_path / "x.yml")
    assert data == {"tel": "03-6380-4771", "url": "https://x.jp"}
