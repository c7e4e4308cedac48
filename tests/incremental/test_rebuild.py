"""Rebuilding only what a change touches gives the same site as building everything."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.core.problems import ContentError
from sitegen.core.project import Project
from sitegen.pipeline import Builder, build

from conftest import tree_digest


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_page_text_change_rewrites_that_page_alone(project: Path, tmp_path: Path) -> None:
    (project / "content" / "about.md").write_text(
        "---\ntitle: 概要\n---\n\n# 概要\n", encoding="utf-8"
    )
    rebuilder = Builder(Project(project), tmp_path / "preview")
    rebuilder.build()
    other = tmp_path / "preview" / "index.html"
    other_stat = other.stat()
    _edit(project / "content" / "about.md", "# 概要", "# 協会の概要")

    result = rebuilder.rebuild({project / "content" / "about.md"})

    assert result.files == 1
    assert "協会の概要" in (tmp_path / "preview" / "about" / "index.html").read_text(
        encoding="utf-8"
    )
    assert other.stat().st_mtime_ns == other_stat.st_mtime_ns
    build(Project(project), tmp_path / "full")
    assert tree_digest(tmp_path / "preview") == tree_digest(tmp_path / "full")


def test_a_page_that_shows_other_pages_text_is_rewritten_with_it(
    project: Path, tmp_path: Path
) -> None:
    (project / "content" / "about.md").write_text(
        "---\ntitle: 概要\n---\n\n# 概要\n", encoding="utf-8"
    )
    (project / "templates" / "digest.html").write_text(
        '{% extends "base.html" %}{% block main %}<ul>{% for p in pages %}'
        "<li>{{ p.body[:40] }}</li>{% endfor %}</ul>{% endblock %}",
        encoding="utf-8",
    )
    (project / "content" / "digest.md").write_text(
        "---\ntitle: 一覧\ntemplate: digest.html\n---\n\n一覧です。\n", encoding="utf-8"
    )
    rebuilder = Builder(Project(project), tmp_path / "preview")
    rebuilder.build()
    _edit(project / "content" / "about.md", "# 概要", "# 協会の概要")

    result = rebuilder.rebuild({project / "content" / "about.md"})

    # The page that recorded reading the other pages is rendered with the saved one, the
    # home page (which did not) is not.
    assert result.files == 2
    shown = (tmp_path / "preview" / "digest" / "index.html").read_text(encoding="utf-8")
    assert "協会の概要" in shown
    build(Project(project), tmp_path / "full")
    assert tree_digest(tmp_path / "preview") == tree_digest(tmp_path / "full")


@pytest.mark.parametrize(
    ("relative", "old", "new"),
    [
        (
            "content/index.md",
            "title: 1契約",
            "title: 新・1契約",
        ),  # front matter: may show elsewhere
        ("content/sections/incident.md", "item: 争訟費用", "item: 訴訟費用"),
        ("templates/base.html", '<main id="main"', '<main data-changed id="main"'),
        ("assets/css/site.css", "--ink: #1b1f24;", "--ink: #111111;"),
    ],
)
def test_other_changes_rebuild_everything(
    project: Path, tmp_path: Path, relative: str, old: str, new: str
) -> None:
    rebuilder = Builder(Project(project), tmp_path / "preview")
    rebuilder.build()
    _edit(project / relative, old, new)

    result = rebuilder.rebuild({project / relative})

    assert result.files > 1
    build(Project(project), tmp_path / "full")
    assert tree_digest(tmp_path / "preview") == tree_digest(tmp_path / "full")


def test_a_broken_page_fails_and_leaves_the_preview_as_it_was(
    project: Path, tmp_path: Path
) -> None:
    rebuilder = Builder(Project(project), tmp_path / "preview")
    rebuilder.build()
    before = tree_digest(tmp_path / "preview")
    _edit(project / "content" / "index.md", "template: home.html", "template: nothing.html")
    with pytest.raises(ContentError) as caught:
        rebuilder.rebuild({project / "content" / "index.md"})
    assert caught.value.problems[0].code == "E401"
    assert tree_digest(tmp_path / "preview") == before
