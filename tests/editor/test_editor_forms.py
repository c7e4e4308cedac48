"""Forms made from the models: every field labelled, values read by their kind, saved as
typed, mistakes shown at their field, conflicts refused, every save kept in the history."""

from __future__ import annotations

from pathlib import Path

import html5lib
import pytest

from sitegen.editor.history import FOLDER

from editor_client import Session, editor_session, files_of, form_fields, notice

INCIDENT = "content/sections/incident.md"
CONTACT = "content/sections/contacts/1-association.md"
SETTINGS = "content/site.yml"


@pytest.fixture
def session(project: Path) -> Session:
    return editor_session(project)


def _page(session: Session, name: str):
    answer = session.get(f"/__edit/file?path={name}")
    assert answer.status_code == 200
    return html5lib.parse(answer.data.decode(), namespaceHTMLElements=False)


def _label_of(document, control_id: str) -> str:
    label = next((lab for lab in document.iter("label") if lab.get("for") == control_id), None)
    assert label is not None, control_id
    return "".join(label.itertext()).strip()


@pytest.mark.parametrize(
    "name", [SETTINGS, INCIDENT, CONTACT, "content/index.md", "content/data/chart.yml"]
)
def test_every_control_has_a_label(session: Session, name: str) -> None:
    document = _page(session, name)
    form = next(f for f in document.iter("form") if "edit" in (f.get("class") or ""))
    controls = [
        c
        for c in form.iter()
        if c.tag in ("input", "textarea", "select") and c.get("type") != "hidden"
    ]
    assert controls
    for control in controls:
        assert _label_of(document, control.get("id"))


def test_labels_and_help_come_from_the_catalogue_and_the_site_model(
    session: Session, project: Path
) -> None:
    model = project / "models" / "sections" / "incident.yml"
    model.write_text(
        model.read_text(encoding="utf-8").replace(
            "  heading: text\n",
            "  heading:\n    type: text\n    label: 欄の見出し\n    help: チラシの左上に出る言葉です。\n",
            1,
        ),
        encoding="utf-8",
    )
    document = _page(session, INCIDENT)
    assert _label_of(document, "f-heading").startswith("欄の見出し")
    page = session.get(f"/__edit/file?path={INCIDENT}").data.decode()
    assert "チラシの左上に出る言葉です。" in page
    page = session.get("/__edit/file?path=content/index.md").data.decode()
    assert _label_of(_page(session, "content/index.md"), "f-title").startswith("タイトル")


def test_yen_is_shown_as_read_and_accepted_as_written(session: Session, project: Path) -> None:
    form = session.form(INCIDENT)
    assert form["total"] == "1億7,200万円"
    assert form["costs.0.yen"] == "100万円"
    code, page = session.save(INCIDENT, **{"costs.0.yen": "２００万", "total": "1億7,300万円"})
    assert code == 200, page
    text = (project / INCIDENT).read_text(encoding="utf-8")
    assert "    yen: 2000000\n" in text and "total: 173000000\n" in text
    assert "保存しました" in notice(page)


def test_full_width_digits_dashes_and_colons_are_made_ascii(
    session: Session, project: Path
) -> None:
    code, page = session.save(
        CONTACT,
        **{
            "tel": "０３－６８９３－６５００",
            "hours.opens": "９：３０",
            "postal_code": "１０２ー００８３",
        },
    )
    assert code == 200, page
    text = (project / CONTACT).read_text(encoding="utf-8")
    assert "03-6893-6500" in text and "09:30" in text and "102-0083" in text


def test_an_unchanged_save_leaves_every_byte(session: Session, project: Path) -> None:
    before = files_of(project / "content")
    for name in (SETTINGS, INCIDENT, CONTACT, "content/index.md", "content/data/chart.yml"):
        code, page = session.save(name)
        assert code == 200 and "変更はありませんでした" in notice(page), name
    assert files_of(project / "content") == before


def test_list_items_are_added_removed_and_moved_without_javascript(
    session: Session, project: Path
) -> None:
    form = session.form(INCIDENT)
    added = form_fields(session.post("/__edit/file", {**form, "op": "add:costs"}).data.decode())
    assert added["costs.__count"] == "8" and added["costs.7.item"] == ""
    assert (project / INCIDENT).read_bytes() == (project / INCIDENT).read_bytes()
    added.update({"costs.7.item": "新しい費用", "costs.7.yen": "10万円", "total": ""})
    moved = form_fields(session.post("/__edit/file", {**added, "op": "up:costs.7"}).data.decode())
    assert moved["costs.6.item"] == "新しい費用" and moved["costs.7.item"] == "争訟費用"
    removed = form_fields(
        session.post("/__edit/file", {**moved, "op": "remove:costs.0"}).data.decode()
    )
    assert removed["costs.__count"] == "7" and removed["costs.0.item"] != "被害状況の把握"
    saved = session.post("/__edit/file", {**removed, "op": "save"})
    assert saved.status_code == 200
    text = (project / INCIDENT).read_text(encoding="utf-8")
    assert "被害状況の把握" not in text
    assert text.index("新しい費用") < text.index("争訟費用")
    assert "# unit は「(1名500円)」のような単価の表示です。" in text  # comments stay with items


def test_a_save_with_a_mistake_is_kept_and_the_message_is_at_its_field(
    session: Session, project: Path
) -> None:
    code, page = session.save(CONTACT, tel="03-1234", **{"hours.opens": "25:00"})
    assert code == 200
    assert 'tel: "03-1234"' in (project / CONTACT).read_text(
        encoding="utf-8"
    ) or "tel: 03-1234" in (project / CONTACT).read_text(encoding="utf-8")
    document = html5lib.parse(page, namespaceHTMLElements=False)
    tel = next(e for e in document.iter("input") if e.get("id") == "f-tel")
    assert tel.get("value") == "03-1234" and tel.get("aria-invalid") == "true"
    described = tel.get("aria-describedby").split()
    errors = next(e for e in document.iter("ul") if e.get("id") in described)
    assert "電話番号" in "".join(errors.itertext())
    opens = next(e for e in document.iter("input") if e.get("id") == "f-hours-opens")
    assert opens.get("aria-invalid") == "true"
    assert "エラーが" in notice(page)


def test_a_file_changed_elsewhere_is_not_overwritten(session: Session, project: Path) -> None:
    form = session.form(INCIDENT)
    target = project / INCIDENT
    theirs = target.read_text(encoding="utf-8").replace("合計", "総額")
    target.write_text(theirs, encoding="utf-8")  # a colleague, through OneDrive
    answer = session.post("/__edit/file", {**form, "heading": "わたしの見出し", "op": "save"})
    assert answer.status_code == 409
    page = answer.data.decode()
    assert "ほかの場所でファイルが変更された" in page
    assert "総額" in page and "わたしの見出し" in page  # both versions, side by side
    assert target.read_text(encoding="utf-8") == theirs
    kept = list((project / FOLDER / "content" / "sections" / "incident.md").iterdir())
    assert any(
        p.name.endswith("-conflict") and "わたしの見出し" in p.read_text(encoding="utf-8")
        for p in kept
    )


def test_history_keeps_every_save_and_restores_undoably(session: Session, project: Path) -> None:
    target = project / INCIDENT
    original = target.read_bytes()
    session.save(INCIDENT, heading="一度目")
    session.save(INCIDENT, heading="二度目")
    assert "二度目" in target.read_text(encoding="utf-8")
    assert (project / FOLDER / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    versions = session.editor.history.versions(INCIDENT)
    first = next(v for v in versions if v.read() == original)
    listing = session.get(f"/__edit/history?path={INCIDENT}").data.decode()
    assert first.name in listing
    csrf = form_fields_csrf(session)
    restored = session.post(
        "/__edit/restore", {"csrf": csrf, "path": INCIDENT, "version": first.name}
    )
    assert restored.status_code == 200 and "戻しました" in restored.data.decode()
    assert target.read_bytes() == original
    # The restore is itself undone the same way.
    latest_before = next(
        v for v in session.editor.history.versions(INCIDENT) if "二度目" in v.read().decode()
    )
    session.post("/__edit/restore", {"csrf": csrf, "path": INCIDENT, "version": latest_before.name})
    assert "二度目" in target.read_text(encoding="utf-8")


def form_fields_csrf(session: Session) -> str:
    return session.form(INCIDENT)["csrf"]


def test_a_file_that_does_not_parse_opens_as_text_with_its_message(
    session: Session, project: Path
) -> None:
    target = project / "content" / "index.md"
    target.write_text("---\ntitle: [閉じていない\n---\n本文\n", encoding="utf-8")
    form = session.form("content/index.md")
    assert "text" in form and "title: [閉じていない" in form["text"]
    page = session.get("/__edit/file?path=content/index.md").data.decode()
    assert "E101" in page or "YAML" in page
    fixed = form["text"].replace("[閉じていない", "直した")
    answer = session.post("/__edit/file", {**form, "text": fixed, "op": "save"})
    assert answer.status_code == 200
    assert target.read_text(encoding="utf-8") == "---\ntitle: 直した\n---\n本文\n"


def test_a_checkbox_left_alone_adds_nothing(session: Session, project: Path) -> None:
    before = (project / "content" / "index.md").read_bytes()
    code, _ = session.save("content/index.md")
    assert code == 200 and (project / "content" / "index.md").read_bytes() == before
    code, _ = session.save("content/index.md", draft="true")
    assert "draft: true" in (project / "content" / "index.md").read_text(encoding="utf-8")


def test_a_total_left_out_shows_the_sum_the_site_computes(session: Session, project: Path) -> None:
    code, page = session.save(INCIDENT, total="")
    assert code == 200 and "total:" not in (project / INCIDENT).read_text(encoding="utf-8")
    document = html5lib.parse(page, namespaceHTMLElements=False)
    computed = next(e for e in document.iter("p") if e.get("id") == "c-f-total")
    assert "1億7,200万円" in "".join(computed.itertext())
