"""New files, renames, reordering and deletes in the editor (without JavaScript: plain form
posts), and the live preview of unsaved text, over the growing test site."""

from __future__ import annotations

import re
from pathlib import Path

import html5lib
import pytest

from sitegen.source import dates
from sitegen.source.frontmatter import parse
from sitegen.source.yaml_loader import load_yaml

from conftest import TESTS, copy_project
from editor_client import Session, editor_session, files_of, notice

ABOUT = "content/about.md"


# One site and one editor for the module (each check of the site costs a build): each test
# changes files of its own, or puts back what it changed.
@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(TESTS / "sites" / "growing", tmp_path_factory.mktemp("pages") / "site")


@pytest.fixture(scope="module")
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
    overview = session.get("/__edit/").data.decode()
    assert 'href="/__edit/new"' in overview
    assert "/__edit/new?kind=item%3Asections/damages" in overview  # under the section's heading
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
    assert (site / "content/seminar.md").is_file()


def test_news_and_section_items_are_named_by_date_and_by_their_order(
    session: Session, site: Path
) -> None:
    news = _inputs(session.get("/__edit/new?kind=news:news").data.decode(), "new")
    assert news["name"] == f"{dates.today().isoformat()}-news"
    card = _inputs(session.get("/__edit/new?kind=item:sections/contacts").data.decode(), "new")
    assert card["name"] == "3-item"
    made = session.post(
        "/__edit/new",
        {"csrf": card["csrf"], "kind": card["kind"], "name": card["name"], "title": "新しい被害"},
    )
    assert made.status_code == 200
    front = _front(site / "content/sections/contacts/3-item.md")
    # The model's required fields are there; the empty one keeps the contact a draft.
    assert front["heading"] == "新しい被害" and front["name"] == [] and front["draft"] is True


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


def _file_form(session: Session, name: str, form_class: str) -> dict[str, str]:
    page = session.get(f"/__edit/file?path={name}")
    assert page.status_code == 200, page.data.decode()
    return _inputs(page.data.decode(), form_class)


def test_a_rename_keeps_the_old_address_as_an_alias_and_mends_the_links(
    session: Session, site: Path
) -> None:
    faq = "content/guide/faq.md"
    fields = _file_form(session, faq, "rename")
    assert fields["name"] == "faq"
    answer = session.post("/__edit/rename", {**fields, "name": "questions"})
    assert answer.status_code == 200, answer.data.decode()
    assert "/guide/faq/" in notice(answer.data.decode())
    assert not (site / faq).exists()
    moved = site / "content/guide/questions.md"
    assert _front(moved)["aliases"] == ["/guide/faq/"]
    # about.md linked to guide/faq.md#…: it now links to the new file, anchor kept.
    about = (site / ABOUT).read_text(encoding="utf-8")
    assert "(guide/questions.md#申し込みについて)" in about and "faq.md" not in about
    # Undone from the history: the old name and bytes come back, the alias with them goes.
    history = session.get("/__edit/history?path=content/guide/questions.md").data.decode()
    undo = _inputs(history, "inline")  # the first inline form: restore or undo
    document = html5lib.parse(history, namespaceHTMLElements=False)
    forms = [f for f in document.iter("form") if f.get("action") == "/__edit/rename"]
    assert len(forms) == 1
    undo = {e.get("name"): e.get("value", "") for e in forms[0].iter("input")}
    back = session.post("/__edit/rename", undo)
    assert back.status_code == 200, back.data.decode()
    assert (site / faq).is_file() and not moved.exists()
    assert "aliases" not in _front(site / faq)


def test_a_rename_to_a_taken_or_bad_name_changes_nothing(session: Session, site: Path) -> None:
    before = files_of(site)
    fields = _file_form(session, ABOUT, "rename")
    for name, code in [("index", "E031"), ("nul", "E005"), ("../../x", "E030")]:
        answer = session.post("/__edit/rename", {**fields, "name": name})
        assert answer.status_code == 400 and code in answer.data.decode(), name
    assert files_of(site) == before


def test_a_page_whose_settings_do_not_read_is_not_renamed(session: Session, site: Path) -> None:
    broken = site / "content/broken.md"
    broken.write_text("---\ntitle: [閉じていない\n---\n\n本文\n", encoding="utf-8")
    try:
        fields = _file_form(session, "content/broken.md", "rename")
        answer = session.post("/__edit/rename", {**fields, "name": "mended"})
        assert answer.status_code == 409 and "名前を変えませんでした" in answer.data.decode()
        assert broken.is_file() and not (site / "content/mended.md").exists()
    finally:
        broken.unlink()


def test_moving_a_card_renames_the_files_that_set_the_order(session: Session, site: Path) -> None:
    folder = site / "content/sections/damages"
    theft = (folder / "3-theft.md").read_bytes()
    fields = _file_form(session, "content/sections/damages/3-theft.md", "inline")
    answer = session.post("/__edit/move", {**fields, "step": "up"})
    assert answer.status_code == 200
    names = sorted(p.name for p in folder.glob("*.md"))
    assert names == ["1-malware.md", "2-theft.md", "3-defacement.md", "4-disruption.md", "index.md"]
    assert (folder / "2-theft.md").read_bytes() == theft
    assert "2-theft.md" in answer.data.decode()  # the form of the moved card
    top = session.post(
        "/__edit/move", {**fields, "path": "content/sections/damages/1-malware.md", "step": "up"}
    )
    assert "これ以上" in notice(top.data.decode())


def test_items_ordered_by_their_order_field_are_not_renamed(session: Session, site: Path) -> None:
    folder = site / "content/sections/coverage"
    first = folder / "2-crisis.md"
    first.write_text(first.read_text("utf-8").replace("---\n", "---\norder: 1\n", 1), "utf-8")
    names = sorted(p.name for p in folder.iterdir())
    fields = _file_form(session, "content/sections/coverage/3-leak.md", "inline")
    answer = session.post("/__edit/move", {**fields, "step": "up"})
    assert answer.status_code == 409 and "order" in notice(answer.data.decode())
    assert sorted(p.name for p in folder.iterdir()) == names


def test_delete_is_refused_while_linked_then_unlinked_deleted_and_restored(
    session: Session, site: Path
) -> None:
    fields = _file_form(session, ABOUT, "delete")
    refused = session.post("/__edit/delete", fields)
    assert refused.status_code == 409
    page = refused.data.decode()
    assert "メニュー" in page and "協会の概要" in page  # the menu entry, listed
    assert (site / ABOUT).is_file()
    unlinked = session.post("/__edit/unlink", {"csrf": fields["csrf"], "path": ABOUT})
    assert unlinked.status_code == 200
    assert all(entry["link"] != "about.md" for entry in _menu(site))
    before = (site / ABOUT).read_bytes()
    fields = _file_form(session, ABOUT, "delete")
    deleted = session.post("/__edit/delete", fields)
    assert deleted.status_code == 200 and "削除しました" in notice(deleted.data.decode())
    assert not (site / ABOUT).exists()
    assert "content/about.md" in deleted.data.decode()  # listed as deleted, with its history
    version = session.editor.history.versions(ABOUT)[0]
    assert version.kind == "delete" and version.read() == before
    restored = session.post(
        "/__edit/restore", {"csrf": fields["csrf"], "path": ABOUT, "version": version.name}
    )
    assert restored.status_code == 200
    assert (site / ABOUT).read_bytes() == before


def test_a_page_linked_from_another_page_lists_its_line(session: Session, site: Path) -> None:
    fields = _file_form(session, "content/news/2026-11-01-seminar.md", "delete")
    session.post("/__edit/delete", fields)  # linked from nowhere: deleted
    assert not (site / "content/news/2026-11-01-seminar.md").exists()
    fields = _file_form(session, "content/guide/faq.md", "delete")
    refused = session.post("/__edit/delete", fields).data.decode()
    assert "content/about.md の 13 行目「ご案内のよくある質問」" in refused
    assert "content/guide/index.md の 8 行目「よくある質問」" in refused


def test_the_live_preview_renders_unsaved_text_and_writes_nothing(
    session: Session, site: Path
) -> None:
    before = files_of(site)
    fields = session.form(ABOUT)
    fields["title"] = "まだ保存していない題名"
    answer = session.post("/__edit/live", fields)
    assert answer.status_code == 200
    document = html5lib.parse(answer.data.decode(), namespaceHTMLElements=False)
    assert "まだ保存していない題名" in "".join(document.find("head/title").itertext())
    assert {k: v for k, v in files_of(site).items() if not k.startswith(".sitegen")} == {
        k: v for k, v in before.items() if not k.startswith(".sitegen")
    }
    card = session.form("content/sections/damages/4-disruption.md")
    card["title"] = "保存前のカード"
    top = session.post("/__edit/live", card).data.decode()  # a section: the top page
    assert "保存前のカード" in re.sub(r"<[^>]*>", "", top)
    refused = session.post("/__edit/live", {k: v for k, v in fields.items() if k != "csrf"})
    assert refused.status_code == 403


def test_a_news_post_is_dated_today(session: Session, site: Path) -> None:
    news = _inputs(session.get("/__edit/new?kind=news:news").data.decode(), "new")
    made = session.post("/__edit/new", {**news, "name": "2026-12-07-visit", "title": "見学会"})
    assert made.status_code == 200
    front = _front(site / "content/news/2026-12-07-visit.md")
    assert front["title"] == "見学会" and str(front["date"]) == dates.today().isoformat()


ENDPOINTS = ["/__edit/new", "/__edit/rename", "/__edit/move", "/__edit/delete", "/__edit/unlink"]


def test_without_the_token_or_from_another_site_nothing_is_changed(
    session: Session, site: Path
) -> None:
    before = files_of(site)
    fields = {**_file_form(session, "content/guide/index.md", "rename"), "name": "g2"}
    fields.update(kind="page:", title="x", step="up")
    for url in [*ENDPOINTS, "/__edit/live"]:
        without = {k: v for k, v in fields.items() if k != "csrf"}
        assert session.post(url, without).status_code == 403, url
        assert session.post(url, {**fields, "csrf": "wrong"}).status_code == 403, url
        assert session.post(url, fields, origin="http://evil.example").status_code == 403, url
    assert files_of(site) == before


@pytest.mark.parametrize(
    "path",
    [
        "../outside.md",
        "content/../../outside.md",
        "/etc/passwd",
        "content/CON.md",
        "content\\about.md",
        "templates/base.html",
        "models/page.yml",
        "content/index.md",  # the top page is never renamed or deleted
        "content/site.yml",
    ],
)
def test_traversal_and_files_out_of_reach_are_refused_in_every_parameter(
    session: Session, site: Path, path: str
) -> None:
    before = files_of(site)
    csrf = _csrf(session)
    for url in ENDPOINTS[1:]:
        answer = session.post(
            url, {"csrf": csrf, "path": path, "name": "x", "sha": "", "step": "up"}
        )
        assert answer.status_code in (403, 404), (url, answer.status_code)
    for name in ["../../outside", "..\\..\\outside", "/tmp/outside", "sub/../../../outside"]:
        answer = session.post("/__edit/new", {"csrf": csrf, "kind": "page:", "name": name})
        assert answer.status_code == 400 and "E030" in answer.data.decode(), name
        rename = {"csrf": csrf, "path": "content/guide/faq.md", "name": name, "sha": ""}
        assert session.post("/__edit/rename", rename).status_code == 400, name
    wrong_kind = {"csrf": csrf, "kind": "item:../../templates", "name": "x"}
    assert session.post("/__edit/new", wrong_kind).status_code == 400
    assert files_of(site) == before
