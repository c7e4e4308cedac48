"""A site declares its own models; the engine offers the field types, rules and messages."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from sitegen.commands.check import check_project
from sitegen.core.problems import Problem
from sitegen.core.project import Project
from sitegen.validate.models import load_models

PAGE_TEMPLATE = """<!doctype html><html lang="ja"><head><meta charset="utf-8">
<title>{{ page.title }}</title></head><body><main>{{ page.content }}
{% if data.menu is defined %}{% for dish in data.menu.dishes %}<p>{{ dish.name }}</p>{% endfor %}{% endif %}
</main></body></html>
"""


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A site that is not the flyer: a restaurant with a menu and no models of the flyer."""
    root = tmp_path / "cafe"
    write(root, "content/site.yml", "name: 喫茶テスト\nurl: https://example.jp/\n")
    write(root, "content/index.md", "---\ntitle: ようこそ\n---\n本日のおすすめです。\n")
    write(root, "templates/page.html", PAGE_TEMPLATE)
    (root / "assets").mkdir()
    (root / "assets" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    write(
        root,
        "models/data/menu.yml",
        """
        purpose: お品書き
        fields:
          opened: date
          logo: image?
          site: link?
          dishes:
            list:
              fields:
                name: text
                yen: yen
                note: markdown?
                phone: phone?
                from: time?
                since: year?
                checked: bool?
          total: yen?
        rules:
          - sum: dishes.yen
            equals: total
          - confirm: dishes
            flag: checked
            label: since
            value: yen
        """,
    )
    return root


def problems_of(root: Path) -> list[Problem]:
    return check_project(Project(root))


def codes(problems: list[Problem]) -> list[tuple[str, str, int | None]]:
    return [(p.code, p.path.name if p.path else "", p.line) for p in problems]


GOOD_MENU = """
opened: "2026-04-01"
logo: logo.png
site: https://example.jp/menu/
dishes:
  - name: 珈琲
    yen: 500
    phone: "03-1234-5678"
    from: "10:00"
    since: 2019
  - name: 紅茶
    yen: 450
total: 950
"""


def test_a_site_that_is_not_the_flyer_builds_with_its_own_models(site: Path) -> None:
    write(site, "content/data/menu.yml", GOOD_MENU)
    assert problems_of(site) == []


def test_the_engine_alone_asks_only_for_a_name_and_an_address(tmp_path: Path) -> None:
    root = tmp_path / "bare"
    write(root, "content/site.yml", "name: 最小のサイト\nurl: https://example.jp/\n")
    write(root, "content/index.md", "---\ntitle: トップ\n---\n本文\n")
    write(root, "templates/page.html", PAGE_TEMPLATE)
    assert problems_of(root) == []
    write(root, "content/site.yml", "name: 最小のサイト\nurl: https://example.jp/\ntheme: 紺\n")
    found = problems_of(root)
    assert codes(found) == [("E203", "site.yml", 3)]


@pytest.mark.parametrize(
    ("line", "wrong", "code"),
    [
        ('opened: "2026-04-01"', 'opened: "2026-02-30"', "E202"),  # no such day
        ('opened: "2026-04-01"', "opened: 2026年4月1日", "E202"),
        ("logo: logo.png", "logo: logo.pgn", "E202"),  # not an image name
        ("logo: logo.png", "logo: missing.png", "E205"),  # an image that is not in assets/
        ("site: https://example.jp/menu/", "site: https://example.jp/メニュー 一覧/", "E202"),
        ("    yen: 500", "    yen: 500円", "E202"),
        ('    phone: "03-1234-5678"', '    phone: "03-1234-567"', "E202"),
        ('    from: "10:00"', '    from: "25:00"', "E202"),
        ("    since: 2019", "    since: 19", "E202"),
        ("  - name: 珈琲", "  - nam: 珈琲", "E203"),
    ],
)
def test_each_field_type_is_checked_at_its_line(
    site: Path, line: str, wrong: str, code: str
) -> None:
    menu = write(site, "content/data/menu.yml", GOOD_MENU.replace(line, wrong, 1))
    found = [p for p in problems_of(site) if not p.is_warning]
    expected_line = menu.read_text(encoding="utf-8").split("\n").index(wrong) + 1
    assert (code, "menu.yml", expected_line) in codes(found), found
    assert all(p.code in (code, "E201") for p in found), found


def test_an_optional_field_may_be_left_out_and_a_required_one_may_not(site: Path) -> None:
    write(site, "content/data/menu.yml", 'opened: "2026-04-01"\ndishes:\n  - name: 珈琲\n')
    assert codes(problems_of(site)) == [("E201", "menu.yml", 3)]


def test_the_sum_rule_names_the_stated_total_line(site: Path) -> None:
    write(site, "content/data/menu.yml", GOOD_MENU.replace("total: 950", "total: 1000"))
    [problem] = problems_of(site)
    assert (problem.code, problem.line) == ("E301", 12)
    assert "1,000円" in problem.text and "950円" in problem.text


def test_the_confirm_rule_is_a_note_per_flagged_item(site: Path) -> None:
    menu = GOOD_MENU.replace("    since: 2019", "    since: 2019\n    checked: false")
    write(site, "content/data/menu.yml", menu)
    [problem] = problems_of(site)
    assert (problem.code, problem.line, problem.is_warning) == ("W301", 5, True)
    assert "2019年" in problem.text and "checked: false" in problem.text


def test_a_missing_data_file_is_named_with_the_part_of_the_site_that_needs_it(
    site: Path,
) -> None:
    [problem] = problems_of(site)
    assert problem.code == "E124"
    assert problem.path == site / "content" / "data" / "menu.yml"
    assert "お品書き" in problem.hint and "models/data/menu.yml" in problem.hint


def test_a_data_file_without_a_model_is_read_as_it_is(site: Path) -> None:
    write(site, "content/data/menu.yml", GOOD_MENU)
    write(site, "content/data/extra.yml", "anything:\n  - goes: 1\n")
    assert problems_of(site) == []


@pytest.mark.parametrize(
    ("model", "code", "line"),
    [
        ("fields:\n  name: txet\n", "E121", 2),
        ("fields:\n  items:\n    list: yen?\n    optional: maybe\n", None, None),
        ("fields:\n  name: text\nrules:\n  - average: name\n", "E122", 4),
        ("fields:\n  name: text\nrules:\n  - sum: names.yen\n    equals: name\n", "E123", 4),
        ("fields: text\n", "E120", 1),
        ("fields:\n  name:\n    kind: text\n", "E120", 2),
    ],
)
def test_mistakes_in_a_model_are_reported_at_their_line(
    tmp_path: Path, model: str, code: str | None, line: int | None
) -> None:
    write(tmp_path, "models/data/thing.yml", model)
    if code is None:
        assert load_models(tmp_path / "models").data["thing"].spec.fields["items"].required
        return
    with pytest.raises(Exception) as raised:
        load_models(tmp_path / "models")
    [problem] = raised.value.problems  # type: ignore[attr-defined]
    assert (problem.code, problem.line) == (code, line)


def test_the_site_model_adds_fields_and_may_make_an_engine_field_required(site: Path) -> None:
    write(site, "models/site.yml", "fields:\n  description: text\n  owner: text\n")
    write(site, "content/data/menu.yml", GOOD_MENU)
    found = problems_of(site)
    assert sorted(p.code for p in found) == ["E201", "E201"]
    write(
        site,
        "content/site.yml",
        "name: 喫茶テスト\nurl: https://example.jp/\ndescription: 説明\nowner: 店主\n",
    )
    assert problems_of(site) == []
