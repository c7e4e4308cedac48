"""Checking what was read: every file against its schema, then the rules across files."""

from __future__ import annotations

from pathlib import Path

from sitegen.core.problems import ContentError, Problem
from sitegen.japanese.numbers import yen
from sitegen.source.site import Page, Site
from sitegen.source.yaml_loader import Mapping
from sitegen.validate import builtin_models as schemas
from sitegen.validate.fields import validate as check_schema


def validate_site(site: Site, templates: list[str]) -> list[Problem]:
    """Raise ContentError listing every error; return the warnings."""
    found = check_schema(site.settings, schemas.SITE, site.settings_file, "site")
    found += _check_required_texts(site)
    found += _check_pages(site, templates)
    well_formed = set()
    for name, value in site.data.items():
        problems = (
            check_schema(value, schemas.DATA[name], site.data_files[name], name)
            if name in schemas.DATA
            else []
        )
        found += problems
        if not problems:
            well_formed.add(name)
    # The rules read fields the schema guarantees, so they run only on files that passed it.
    for name, rule in _RULES.items():
        if name in well_formed:
            found += rule(site)
    errors = [p for p in found if not p.is_warning]
    warnings = [p for p in found if p.is_warning]
    if errors:
        raise ContentError(errors + warnings)
    return warnings


def _check_required_texts(site: Site) -> list[Problem]:
    """Every name under required_texts must be a setting that holds the text."""
    names = site.settings.get("required_texts")
    if not isinstance(names, list):
        return []
    return [
        Problem.of("E605", site.settings_file, *names.mark_of(index), name=name)
        for index, name in enumerate(names)
        if name not in site.settings or name == "required_texts"
    ]


def _check_pages(site: Site, templates: list[str]) -> list[Problem]:
    found: list[Problem] = []
    seen: dict[str, Path] = {}
    for page in site.pages:
        found += check_page(page, templates)
        if page.path in seen:
            other = seen[page.path].relative_to(site.settings_file.parent.parent).as_posix()
            found.append(Problem.of("E305", page.source, 1, url=page.url, other=other))
        seen.setdefault(page.path, page.source)
    return found


def check_page(page: Page, templates: list[str]) -> list[Problem]:
    """One page's own problems: its front matter and the template it names."""
    found = check_schema(page.meta, schemas.PAGE, page.source, "front matter")
    if isinstance(page.meta.get("template", ""), str) and page.template not in templates:
        line = page.meta.line_of("template")
        available = "、".join(t for t in templates if not t.startswith("partials/"))
        found.append(Problem.of("E401", page.source, line, name=page.template, available=available))
    return found


def _check_costs(site: Site) -> list[Problem]:
    """The stated total of the incident's costs must be the sum of its items."""
    incident = site.data.get("incident")
    if not isinstance(incident, Mapping) or "total" not in incident:
        return []
    computed = sum(item["yen"] for item in incident["costs"])
    if incident["total"] == computed:
        return []
    path = site.data_files["incident"]
    line, column = incident.mark_of("total")
    return [
        Problem.of(
            "E301", path, line, column, stated=yen(incident["total"]), computed=yen(computed)
        )
    ]


def _check_chart(site: Site) -> list[Problem]:
    """Figures not yet checked against the report are worth a warning on every build."""
    chart = site.data.get("chart")
    if not isinstance(chart, Mapping):
        return []
    series = chart["series"]
    return [
        Problem.of(
            "W301", site.data_files["chart"], *series.mark_of(i), year=p["year"], value=p["value"]
        )
        for i, p in enumerate(series)
        if p.get("confirmed", True) is False
    ]


_RULES = {"incident": _check_costs, "chart": _check_chart}
