"""The site at a glance: every editable file in its group, with its state and problems; search."""

from __future__ import annotations

from pathlib import Path

import html5lib
import pytest

from editor_client import Session, editor_session


@pytest.fixture
def session(project: Path) -> Session:
    return editor_session(project)


def _groups(session: Session, query: str = "") -> tuple[dict[str, list[list[str]]], object]:
    answer = session.get("/__edit/", query_string={"q": query} if query else None)
    assert answer.status_code == 200
    document = html5lib.parse(answer.data.decode(), namespaceHTMLElements=False)
    groups = {}
    for section in document.iter("section"):
        heading = next(section.iter("h2"))
        rows = [
            ["".join(cell.itertext()).strip() for cell in row if cell.tag in ("th", "td")]
            for body in section.iter("tbody")
            for row in body.iter("tr")
        ]
        groups["".join(heading.itertext())] = rows
    return groups, document


def test_every_editable_file_is_listed_in_its_group(session: Session, project: Path) -> None:
    (project / "content" / "news").mkdir()
    (project / "content" / "news" / "index.md").write_text(
        "---\ntitle: お知らせ\nlist: news\n---\n", encoding="utf-8"
    )
    (project / "content" / "news" / "2026-01-01-open.md").write_text(
        '---\ntitle: 開設しました\ndate: "2026-01-01"\n---\n本文\n', encoding="utf-8"
    )
    (project / "content" / "later.md").write_text(
        '---\ntitle: 来年の話\ndate: "2999-01-01"\n---\n', encoding="utf-8"
    )
    (project / "content" / "_draft.md").write_text("---\ntitle: 書きかけ\n---\n", encoding="utf-8")
    groups, _ = _groups(session)
    names = list(groups)
    assert names[0] == "サイトの設定"
    assert groups["サイトの設定"][0][1] == "content/site.yml"
    pages = {row[1]: row for row in groups["ページ"]}
    assert pages["content/index.md"][2] == "公開"
    assert pages["content/later.md"][2].startswith("公開予定")
    assert pages["content/_draft.md"][2] == "下書き"
    assert "content/news/index.md" in pages
    assert [row[0] for row in groups["お知らせ(news)"]] == ["開設しました"]
    assert {"セクション「damages」", "セクション「incident」", "セクション「contacts」"} <= set(
        names
    )
    assert groups["データ"][0][1] == "content/data/chart.yml"


def test_each_file_shows_its_count_of_errors_and_notes(session: Session, project: Path) -> None:
    target = project / "content" / "sections" / "contacts" / "1-association.md"
    target.write_text(
        target.read_text(encoding="utf-8").replace('tel: "', 'tel: "9', 1), encoding="utf-8"
    )
    groups, _ = _groups(session)
    contacts = {row[1]: row for row in groups["セクション「contacts」"]}
    assert contacts["content/sections/contacts/1-association.md"][4] == "1"
    data = {row[1]: row for row in groups["データ"]}
    assert int(data["content/data/chart.yml"][5]) >= 1  # figures not yet confirmed: notes


def test_search_finds_lines_across_all_content(session: Session) -> None:
    _, document = _groups(session, "マルウェア")
    found = [
        "".join(item.itertext())
        for listing in document.iter("ul")
        if listing.get("class") == "found"
        for item in listing
    ]
    assert any("content/sections/incident.md" in line for line in found)
    assert any("content/sections/damages/1-malware.md" in line for line in found)
    _, document = _groups(session, "どこにもない言葉")
    assert "含むファイルはありません" in "".join(document.itertext())
