"""Editors' routine changes to a site break nothing: the generator holds no site's wording.

On a copy of the flyer fixture site: a damage card added and one removed, three pages added,
a phone number and a cost changed (the stated total first left wrong, then fixed), and the
generator's own checks run there.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from sitegen.japanese.numbers import yen

from conftest import run_build, soup

NEW_CARD = """---
title: ランサムウェア被害
attack: 身代金要求型ウイルス
---

ファイルを暗号化して使えなくし、元に戻す代わりに金銭を要求する攻撃です。
"""
REMOVED_CARD = "業務妨害"
PAGES = {
    "news.md": "---\ntitle: お知らせ\n---\n\n# お知らせ\n\n保険料を改定しました。\n",
    "about/index.md": "---\ntitle: 協会について\n---\n\n# 協会について\n\n[お知らせ](/news/)\n",
    "about/history.md": "---\ntitle: 沿革\n---\n\n# 沿革\n\n[協会について](../)\n",
}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path.name, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _front(path: Path) -> dict:
    """A Markdown file's front matter (between its first two lines of ---)."""
    text = path.read_text(encoding="utf-8").removeprefix("---\n")
    return yaml.safe_load(text.split("\n---\n", 1)[0])


def _cards(damages: Path) -> list[Path]:
    return sorted(p for p in damages.glob("*.md") if p.name != "index.md")


def test_routine_edits_pass_the_generators_checks(project: Path) -> None:
    content = project / "content"
    sections = content / "sections"
    damages = sections / "damages"
    contacts = sections / "contacts" / "1-association.md"
    incident = sections / "incident.md"
    (damages / "9-ransomware.md").write_text(NEW_CARD, encoding="utf-8")
    removed = next(p for p in _cards(damages) if _front(p)["title"] == REMOVED_CARD)
    removed.unlink()
    for relative, text in PAGES.items():
        (content / relative).parent.mkdir(parents=True, exist_ok=True)
        (content / relative).write_text(text, encoding="utf-8")
    _edit(contacts, 'tel: "03-6380-4771"', 'tel: "03-1234-5678"')
    _edit(incident, "yen: 5000000\n", "yen: 6000000\n")

    # The stated total no longer matches the items: check names the line and both sums.
    mismatch = run_build(project, "check")
    assert mismatch.code == 1
    costs = _front(incident)
    computed = sum(item["yen"] for item in costs["costs"])
    assert "content/sections/incident.md:" in mismatch.out and " E301 エラー: " in mismatch.out
    assert yen(computed) in mismatch.out and yen(costs["total"]) in mismatch.out
    assert "エラー 1 件" in mismatch.out

    _edit(incident, f"total: {costs['total']}", f"total: {computed}")
    checked = run_build(project, "check")
    assert checked.code == 0, checked.out
    built = run_build(project)
    assert built.code == 0, built.err
    dist = project / "dist"
    for output in ("news/index.html", "about/index.html", "about/history/index.html"):
        assert (dist / output).is_file(), output

    home = soup(dist / "index.html")
    shown = [card.h4.get_text() for card in home.select(".cards > li")]
    assert shown == [_front(card)["title"] for card in _cards(damages)]
    assert "ランサムウェア被害" in shown and "業務妨害" not in shown
    assert home.select_one('a[href="tel:+81-3-1234-5678"]').get_text() == "03-1234-5678"
    assert not home.select('a[href="tel:+81-3-6380-4771"]')
    assert home.select_one("table.costs tfoot td").get_text() == yen(computed)
