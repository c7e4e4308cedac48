"""Checking a site once read: every file against its schema, then the rules across files."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.core.problems import ContentError, Problem
from sitegen.core.project import Project
from sitegen.render.templating import template_names
from sitegen.source.site import load_page, load_site
from sitegen.validate.models import load_models
from sitegen.validate.site_rules import check_page, validate_site


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _validate(root: Path) -> list[Problem]:
    """The warnings of a valid site; raises ContentError for one with errors."""
    project = Project(root)
    models = load_models(project.models)
    return validate_site(load_site(project), models, template_names(project.templates))


def _errors(root: Path) -> list[Problem]:
    with pytest.raises(ContentError) as caught:
        _validate(root)
    return caught.value.problems


def _line_of(path: Path, text: str) -> int:
    source = path.read_text(encoding="utf-8")
    return source[: source.index(text)].count("\n") + 1


def test_a_valid_site_gives_its_warnings_only(project: Path) -> None:
    warnings = _validate(project)
    chart = project / "content" / "data" / "chart.yml"
    assert [(p.code, p.path) for p in warnings] == [("W301", chart)] * 3
    assert all(p.is_warning for p in warnings)


def test_errors_come_with_the_warnings(project: Path) -> None:
    _edit(project / "content" / "index.md", "template: home.html", "template: nothing.html")
    problems = _errors(project)
    assert [p.code for p in problems] == ["E401", "W301", "W301", "W301"]


def test_stated_total_must_be_the_sum_of_the_items(project: Path) -> None:
    incident = project / "content" / "sections" / "incident.md"
    _edit(incident, "total: 172000000", "total: 172000001")
    (problem,) = [p for p in _errors(project) if not p.is_warning]
    assert (problem.code, problem.path) == ("E301", incident)
    assert (problem.line, problem.column) == (_line_of(incident, "total: 1720"), 1)
    assert "1億7,200万1円" in problem.text and "1億7,200万円" in problem.text


def test_without_a_stated_total_there_is_nothing_to_disagree_with(project: Path) -> None:
    _edit(project / "content" / "sections" / "incident.md", "total: 172000000\n", "")
    assert [p.code for p in _validate(project)] == ["W301"] * 3


def test_rules_run_only_on_files_that_passed_their_schema(project: Path) -> None:
    incident = project / "content" / "sections" / "incident.md"
    _edit(incident, "yen: 3000000", 'yen: "300万円"')
    _edit(incident, "total: 172000000", "total: 1")
    # The sum cannot be taken: the schema's error alone is reported, not a wrong E301.
    assert [p.code for p in _errors(project) if not p.is_warning] == ["E202"]


def test_confirmed_figures_are_not_warned_about(project: Path) -> None:
    chart = project / "content" / "data" / "chart.yml"
    chart.write_text(
        chart.read_text(encoding="utf-8").replace("confirmed: false", "confirmed: true"),
        encoding="utf-8",
    )
    assert _validate(project) == []


def test_required_texts_must_name_settings(project: Path) -> None:
    settings = project / "content" / "site.yml"
    _edit(settings, "  - disclaimer\n", "  - disclaimers\n  - required_texts\n")
    problems = [p for p in _errors(project) if not p.is_warning]
    assert [(p.code, p.line) for p in problems] == [
        ("E605", _line_of(settings, "  - disclaimers")),
        ("E605", _line_of(settings, "  - required_texts")),
    ]


def test_two_files_for_one_address_are_an_error(project: Path) -> None:
    content = project / "content"
    (content / "about.md").write_text("---\ntitle: 概要\n---\n", encoding="utf-8")
    (content / "about").mkdir()
    (content / "about" / "index.md").write_text("---\ntitle: 概要2\n---\n", encoding="utf-8")
    (problem,) = [p for p in _errors(project) if not p.is_warning]
    assert problem.code == "E305" and problem.path == content / "about.md"
    assert "content/about/index.md" in problem.text


def test_check_page_names_the_template_line_and_the_templates_to_choose(project: Path) -> None:
    project_ = Project(project)
    source = project / "content" / "index.md"
    _edit(source, "template: home.html", "template: hom.html")
    page = load_page(project_, source, "/")
    models = load_models(project_.models)
    (problem,) = check_page(page, models, template_names(project_.templates))
    assert (problem.code, problem.line) == ("E401", _line_of(source, "template: hom"))
    assert "home.html" in problem.text + (problem.hint or "")
    assert "partials/" not in problem.text + (problem.hint or "")
