"""New files, renames, reordering and deletes in the editor (without JavaScript: plain form
posts), and the live preview of unsaved text, over the growing test site."""

from __future__ import annotations

from pathlib import Path

import html5lib
import pytest

from sitegen.source import dates
from sitegen.source.frontmatter import parse
from sitegen.source.yaml_loader import load_yaml

from conftest import TESTS, copy_project
from editor_client import Session, editor_session, files_of, notice

ABOUT = "content/about.md"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_project(TESTS / "sites" / "growing", tmp_path / "site")


@pytest.fixture
def session(site: Path) -> Session:
    return editor_session(site)


def _csrf(session: Session) -> str:
    return _inputs(session.get("/__edit/new?kind=page:").data.decode(), "new")["csrf"]


def _front(path: Path) -> dict:
    return dict(parse(path.read_text(encoding="utf-8"), path)[0])


def _menu(site: Path) -> list:
    data = load_yaml((site / "content/site.yml").read_text(encoding="utf-8"), Path("site.yml"))
    return [dict(entry) for entry in data["menu"]]


def _inputs(page: str, form_class: str) -> dict[str, str]:
    document = html5lib.parse(page, namespaceHTMLElements=False)
    form = next(f for f in document.iter("form") if form_class in (f.get("class") or ""))
    return {e.get("name"): e.get("value", "") for e in form.iter("input") if e.get("name")}


def test_a_new_page_gets_a_proposed_ascii_name_and_can_join_the_menu(
    session: Session, site: Path
) -> None:
    listing = session.get("/__edit/new").data.decode()
    assert "kind=page%3A" in listing and "kind=news%3Anews" in listing
    assert "kind=item%3Asections/damages" in listing and "サイバー攻撃による主な被害" in listing
    form = session.get("/__edit/new?kind=page:").data.decode()
    fields = _inputs(form, "new")
    assert fields["name"] == "new-page"
    made = session.post(
        "/__edit/new",
        {
            "csrf": fields["csrf"],
            "kind": "page:",
            "name": "seminar",
            "title": "セミナー",
            "menu": "yes",
        },
    )
    assert made.status_code == 200, made.data.decode()
    assert "作りました" in notice(made.data.decode())
    assert _front(site / "content/seminar.md")["title"] == "セミナー"
    assert _menu(site)[-1] == {"title": "セミナー", "link": "seminar.md"}
    # site.yml kept every other byte: its comments are still there.
    assert "# トップページに載せるお知らせの数" in (site / "content/site.yml").read_text("utf-8")
    again = session.get("/__edit/new?kind=page:").data.decode()
    assert _inputs(again, "new")["name"] == "new-page"


def test_news_and_section_items_are_named_by_date_and_by_their_order(
    session: Session, site: Path
) -> None:
    news = _inputs(session.get("/__edit/new?kind=news:news").data.decode(), "new")
    assert news["name"] == f"{dates.today().isoformat()}-news"
    card = _inputs(session.get("/__edit/new?kind=item:sections/damages").data.decode(), "new")
    assert card["name"] == "5-item"
    made = session.post(
        "/__edit/new",
        {"csrf": card["csrf"], "kind": card["kind"], "name": card["name"], "title": "新しい被害"},
    )
    assert made.status_code == 200
    front = _front(site / "content/sections/damages/5-item.md")
    # The model's required fields are there; the empty one keeps the card a draft.
    assert front["title"] == "新しい被害" and front["attack"] == "" and front["draft"] is True


def test_a_new_name_is_checked_by_the_builds_rules(session: Session, site: Path) -> None:
    before = files_of(site)
    csrf = _csrf(session)
    for name, code in [
        ("CON", "E005"),
        ("a:b", "E006"),
        ("About", "E007"),
        ("about", "E031"),
        ("../x", "E030"),
        ("", "E032"),
    ]:
        answer = session.post(
            "/__edit/new", {"csrf": csrf, "kind": "page:", "name": name, "title": "x"}
        )
        assert answer.status_code == 400, name
        assert code in answer.data.decode(), name
    assert files_of(site) == before
