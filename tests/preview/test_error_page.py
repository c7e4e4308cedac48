"""The preview's error page: the error to fix first; notes look like notes, folded."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from sitegen.core.problems import Problem
from sitegen.preview import error_page


def test_notes_follow_the_errors_folded_and_styled_apart(tmp_path: Path) -> None:
    chart = tmp_path / "content" / "data" / "chart.yml"
    chart.parent.mkdir(parents=True)
    chart.write_text("series:\n" + "  - year: 2019\n    value: 1\n" * 4, encoding="utf-8")
    index = tmp_path / "content" / "index.md"
    index.write_text("---\ntitle: x\n---\n", encoding="utf-8")
    notes = [
        Problem.of("W301", chart, line, 5, label=f"{year}年", value="1", flag="confirmed")
        for line, year in ((2, 2019), (4, 2020), (6, 2021))
    ]
    error = Problem.of("E401", index, 2, name="a.html", available="page.html")
    page = BeautifulSoup(error_page.render([*notes, error], tmp_path), "html.parser")

    first = page.select("main > section")
    assert len(first) == 1 and "E401 エラー:" in first[0].get_text()
    assert "note" not in (first[0].get("class") or [])
    details = page.select_one("main > details")
    assert details is not None and not details.has_attr("open")
    assert "注意 3 件" in details.summary.get_text()
    folded = details.select("section.note")
    assert len(folded) == 1
    said = folded[0].get_text()
    assert "W301 注意:" in said and "2019年" in said
    assert "あと 2 件" in said and "4 行目、6 行目" in said
    style = page.style.get_text()
    assert "section.note{" in style and "#a40e26" not in style.split("section.note{")[1][:60]
