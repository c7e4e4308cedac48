"""The build command as an editor meets it: exit codes, messages, and a dist/ never half-made."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import run_build, soup, tree_digest


def test_build_prints_one_summary_line_and_exits_0(project: Path) -> None:
    result = run_build(project)
    assert result.code == 0
    lines = result.out.strip().splitlines()
    assert len(lines) == 1
    assert re.search(r"2 ページ、10 ファイルを dist/ に書き出しました\(\d+ ms\)", lines[0])
    assert (project / "dist" / "index.html").is_file()


def test_build_subcommand_and_out_folder(project: Path, tmp_path: Path) -> None:
    result = run_build(project, "build", "--out", str(tmp_path / "public"))
    assert result.code == 0, result.err
    assert (tmp_path / "public" / "index.html").is_file()
    assert not (project / "dist").exists()


def test_unconfirmed_chart_figures_are_warned_about_not_fatal(project: Path) -> None:
    result = run_build(project)
    assert result.code == 0
    assert "content/data/chart.yml:16:5: W301 注意:" in result.err


def test_repeated_notes_are_folded_and_follow_the_error(project: Path) -> None:
    """Three unconfirmed figures of one file are one note; the error that stops comes first."""
    built = run_build(project)
    assert built.err.count("W301 注意:") == 1
    assert "同じ注意(W301)がこのファイルにあと 2 件あります(20 行目、27 行目)" in built.err
    index = project / "content" / "index.md"
    index.write_text(index.read_text("utf-8").replace("---\n", "---\ntemplate: a.html\n", 1))
    failed = run_build(project)
    assert failed.code == 1
    lines = [line for line in failed.err.splitlines() if not line.startswith("  ")]
    assert " E102 エラー:" in lines[0], failed.err
    assert failed.err.count("W301 注意:") == 1
    checked = run_build(project, "check")  # check lists every one
    assert checked.out.count("W301 注意:") == 3


@pytest.mark.parametrize("args", [["--nope"], ["publish"], ["build", "--out"]])
def test_usage_errors_exit_2(project: Path, args: list[str]) -> None:
    assert run_build(project, *args).code == 2


def test_two_builds_are_byte_identical(project: Path, tmp_path: Path) -> None:
    assert run_build(project, "--out", str(tmp_path / "a")).code == 0
    assert run_build(project, "--out", str(tmp_path / "b")).code == 0
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")


def test_rebuild_replaces_stale_files(project: Path) -> None:
    assert run_build(project).code == 0
    stale = project / "dist" / "old-page" / "index.html"
    stale.parent.mkdir()
    stale.write_text("old")
    assert run_build(project).code == 0
    assert not stale.exists()


# name: (file, text to replace, its replacement, the line the message must name; None: the
# line where the replacement stands)
BREAKAGES = {
    "yaml syntax": (
        "content/sections/contacts/1-association.md",
        "heading: 【協会事務局】",
        "heading: 事務局: 協会",
        None,
    ),
    "cost total": ("content/sections/incident.md", "total: 172000000", "total: 172000001", None),
    "bad phone": (
        "content/sections/contacts/1-association.md",
        '"03-6380-4771"',
        '"03-6380-477"',
        None,
    ),
    "unclosed front matter": ("content/index.md", "\n---\n\n#", "\n\n#", 1),
    "missing template": ("content/index.md", "template: home.html", "template: hom.html", None),
    "unknown key": (
        "content/sections/damages/4-disruption.md",
        "attack: DoS攻撃",
        "atack: DoS攻撃",
        None,
    ),
    "time as number": (
        "content/sections/contacts/1-association.md",
        'opens: "10:00"',
        "opens: 10",
        None,
    ),
    "tab indent": (
        "content/sections/incident.md",
        "  - item: 謝罪広告費用",
        "\t- item: 謝罪広告費用",
        None,
    ),
    "duplicate key": ("content/site.yml", "labels:", "name: 別名\nlabels:", None),
}


@pytest.mark.parametrize("name", BREAKAGES)
def test_a_content_error_leaves_dist_exactly_as_it_was(project: Path, name: str) -> None:
    assert run_build(project).code == 0
    before = tree_digest(project / "dist")
    relative, old, new, line = BREAKAGES[name]
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    changed = text.replace(old, new, 1)
    path.write_text(changed, encoding="utf-8")
    if line is None:
        line = changed[: changed.index(new.strip())].count("\n") + 1

    result = run_build(project)

    assert result.code == 1
    assert f"{relative}:{line}:" in result.err, result.err
    assert "Traceback" not in result.err + result.out
    assert "dist/ は変更していません" in result.err
    assert tree_digest(project / "dist") == before
    assert not [p for p in project.iterdir() if p.name.startswith(".dist.")]


def test_every_problem_is_listed_not_only_the_first(project: Path) -> None:
    for relative, old, new in (
        ("content/sections/incident.md", "total: 172000000", "total: 1"),
        ("content/sections/damages/4-disruption.md", "attack: DoS攻撃", "atack: DoS攻撃"),
    ):
        path = project / relative
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    result = run_build(project)
    assert result.code == 1
    assert "damages/4-disruption.md:4:" in result.err and "E203" in result.err
    assert "incident.md:" in result.err and "E301" in result.err
    assert "「attack」の書き間違いではありませんか" in result.err


def test_shift_jis_file_is_named_with_its_encoding(project: Path) -> None:
    path = project / "content" / "index.md"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp932"))
    result = run_build(project)
    assert result.code == 1
    assert "content/index.md" in result.err and "Shift_JIS" in result.err


def test_bom_and_crlf_are_accepted(project: Path) -> None:
    """Files saved by Windows Notepad: a byte order mark and CRLF line ends, read as meant."""
    for path in (project / "content").rglob("*.*"):
        text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
        path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = run_build(project)
    assert result.code == 0, result.err
    pages = sorted((project / "dist").rglob("*.html"))
    assert len(pages) == 2
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert "\ufeff" not in html and "\r" not in html, path
    home = soup(project / "dist" / "index.html")
    # The first key of each file (after the mark) and text spread over several lines.
    assert home.title.get_text().startswith("1契約で包括的に補償「サイバーリスク保険」のご案内｜")
    assert " ".join(home.select_one(".site-name").get_text().split()) == (
        "一般社団法人 日本美容医療リスクマネジメント協会"
    )
    assert home.select_one(".cards > li h4").get_text() == "マルウェア感染"
    notice = soup(project / "dist" / "404.html")
    assert notice.h1.get_text(strip=True) == "ページが見つかりません"
    # Two lines of one Japanese paragraph join without a space, CRLF or not.
    assert "可能性があります。アドレスをお確かめのうえ" in notice.get_text()


def test_template_error_names_the_template_line(project: Path) -> None:
    path = project / "templates" / "partials" / "coverage.html"
    text = path.read_text(encoding="utf-8").replace("coverage.closing", "coverage.closin")
    path.write_text(text, encoding="utf-8")
    result = run_build(project)
    assert result.code == 1
    assert re.search(r"templates/partials/coverage\.html:\d+: E402", result.err), result.err
    assert "Traceback" not in result.err


def test_internal_error_asks_for_a_report_and_hides_the_traceback(project: Path) -> None:
    (project / "content" / "data" / "chart.yml").write_text(
        "title: t\nsource: s\nfootnote: f\nseries:\n  - year: 2018\n    value: 1\n",
        encoding="utf-8",
    )
    # A chart with no decimals works; a decimals value the formatter cannot take is an
    # internal surprise that schema validation lets through (negative precision).
    path = project / "content" / "data" / "chart.yml"
    path.write_text(path.read_text(encoding="utf-8") + "decimals: -1\n", encoding="utf-8")
    result = run_build(project)
    assert result.code == 1
    assert "E901" in result.err and "Traceback" not in result.err
    debug = run_build(project, "build", "--debug")
    assert "Traceback" in debug.err


def test_a_note_on_many_pages_is_shown_for_ten_and_counted_for_the_rest(project: Path) -> None:
    """W601 on every page of a large site must not push the summary out of the terminal."""
    for number in range(13):
        page = project / "content" / f"orphan-{number:02}.md"
        page.write_text(f"---\ntitle: 孤立{number}\n---\n\n本文。\n", encoding="utf-8")
    built = run_build(project)
    assert built.code == 0, built.err
    assert built.err.count("W601 注意:") == 10
    assert "同じ注意(W601)がほかの 3 ファイルにもあります(計 3 件)" in built.err
    assert re.search(r"注意が 1[6-9] 件あります", built.err)  # every note is counted
    checked = run_build(project, "check")
    assert checked.out.count("W601 注意:") == 13
