"""Checking what was read: every file against its schema, then the rules across files."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from sitegen.core.messages import text as message_text
from sitegen.core.problems import ContentError, Problem
from sitegen.japanese.numbers import number, western_year, yen
from sitegen.markdown.limits import excesses
from sitegen.source import dates
from sitegen.source.site import Page, Site
from sitegen.source.yaml_loader import Mapping
from sitegen.validate.fields import validate as check_schema
from sitegen.validate.models import Model, Rule, SiteModels


def validate_site(
    site: Site, models: SiteModels, templates: list[str], assets: Collection[str] = ()
) -> list[Problem]:
    """Raise ContentError listing every error; return the warnings.

    assets names the files of assets/, for the image fields of the settings and the data.
    """
    found = check_site(site, models, templates, assets)
    errors = [p for p in found if not p.is_warning]
    warnings = [p for p in found if p.is_warning]
    if errors:
        raise ContentError(errors + warnings)
    return warnings


def check_site(
    site: Site,
    models: SiteModels,
    templates: list[str],
    assets: Collection[str] = (),
    own: dict[str, list[Problem]] | None = None,
) -> list[Problem]:
    """Every error and warning of the files that could be read, in file order.

    Files that could not be read (site.unread) are neither checked nor reported missing:
    their own problems say what is wrong with them. own holds, by their path below content/
    (Page.relative), the problems some pages' own check (check_page) found, where the caller
    has them already; the other pages are checked here.
    """
    exists = assets.__contains__ if assets else None
    found: list[Problem] = []
    if site.settings_file not in site.unread:
        found += check_schema(site.settings, models.site.spec, site.settings_file, "site", exists)
        found += _check_required_texts(site)
    found += _check_pages(site, models, templates, own or {})
    found += _check_text_limits(site)
    found += _missing_data(site, models)
    found += _check_sections(site, models, exists)
    for name, value in site.data.items():
        model = models.data.get(name)
        if model is None:  # a data file with no model is read as it is
            continue
        problems = check_schema(value, model.spec, site.data_files[name], name, exists)
        found += problems
        # The rules read fields the model guarantees, so they run only on files that passed it.
        if not _errors(problems):
            found += [
                p
                for rule in model.rules
                for p in _RULES[rule.kind](rule, value, model, site.data_files[name])
            ]
    return found


def _check_text_limits(site: Site) -> list[Problem]:
    """Texts of the settings, sections and data past what the Markdown converter can take
    (templates render some as Markdown): named at their line before anything is rendered."""
    sources: list[tuple[Any, Path]] = [(site.settings, site.settings_file)]
    for section in site.sections.values():
        sources += [(section.meta, section.source)]
        sources += [(item.meta, item.source) for item in section.items]
    sources += [(value, site.data_files[name]) for name, value in site.data.items()]
    found: list[Problem] = []
    for value, path in sources:
        found += _texts_past_limits(value, path, (1, 1))
    return found


def _texts_past_limits(value: Any, path: Path, mark: tuple[int, int]) -> list[Problem]:
    if isinstance(value, str):
        return [
            Problem.of(e.code, path, mark[0] + e.line - 1, mark[1], **_worded(e.values))
            for e in excesses(value)
        ]
    if isinstance(value, Mapping):
        return [
            p
            for key, item in value.items()
            for p in _texts_past_limits(item, path, value.mark_of(key))
        ]
    if isinstance(value, list):
        marks = getattr(value, "mark_of", lambda index: mark)
        return [
            p
            for index, item in enumerate(value)
            for p in _texts_past_limits(item, path, marks(index))
        ]
    return []


def _worded(values: dict[str, object]) -> dict[str, object]:
    if "what" in values:
        return {**values, "what": message_text(f"limit_{values['what']}")}
    return values


def _errors(problems: list[Problem]) -> bool:
    return any(not p.is_warning for p in problems)


def _unread_name(site: Site, folder: Path) -> set[str]:
    """The names (data file stems, section names) of unreadable files below folder."""
    names = set()
    for path in site.unread:
        try:
            relative = path.relative_to(folder)
        except ValueError:
            continue
        names.add(Path(relative.parts[0]).stem)
    return names


def _missing_data(site: Site, models: SiteModels) -> list[Problem]:
    """A data file that the site's models define (and so its templates use) must be there."""
    root = site.settings_file.parent.parent
    unread = _unread_name(site, site.settings_file.parent / "data")
    return [
        Problem.of(
            "E124",
            site.settings_file.parent / "data" / f"{name}.yml",
            file=f"content/data/{name}.yml",
            purpose=model.purpose or name,
            model=_relative(model.source, root),
        )
        for name, model in models.data.items()
        if name not in site.data and name not in unread
    ]


def _check_sections(
    site: Site, models: SiteModels, exists: Callable[[str], bool] | None
) -> list[Problem]:
    """Each section's front matter and its items' against the section's model."""
    found: list[Problem] = []
    root = site.settings_file.parent.parent
    unread = _unread_name(site, site.settings_file.parent / "sections")
    for name, model in models.sections.items():
        if name not in site.sections and name not in unread:
            found.append(
                Problem.of(
                    "E125",
                    site.settings_file.parent / "sections" / f"{name}.md",
                    name=name,
                    purpose=model.purpose or name,
                    model=_relative(model.source, root),
                )
            )
    for name, section in site.sections.items():
        model = models.sections.get(name)
        if model is None:
            found.append(Problem.of("W302", section.source, 1, name=name))
            continue
        problems = []
        if section.source not in site.unread:
            problems = check_schema(
                section.meta, model.spec, section.source, "front matter", exists
            )
        found += problems
        if not _errors(problems) and section.source not in site.unread:
            found += [
                p
                for rule in model.rules
                for p in _RULES[rule.kind](rule, section.meta, model, section.source)
            ]
        items = model.items
        for item in section.items:
            if items is not None:
                found += check_schema(item.meta, items, item.source, "front matter", exists)
    return found


def _relative(path: Path | None, root: Path) -> str:
    if path is None:
        return ""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


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


def _check_pages(
    site: Site, models: SiteModels, templates: list[str], own: dict[str, list[Problem]]
) -> list[Problem]:
    """Every page's own problems (drafts' too), and pages that share an address."""
    found: list[Problem] = []
    seen: dict[str, Path] = {}
    # The folders of list pages, as the start of the pages' paths below them ("" for all).
    lists = [_folder_prefix(p.relative) for p in site.all_pages if p.listing]
    for page in site.all_pages:
        known = own.get(page.relative)
        found += check_page(page, models, templates, site.today) if known is None else known
        listed = any(page.relative.startswith(folder) for folder in lists)
        if listed and not page.listing and page.date is None and "date" not in page.meta:
            found.append(Problem.of("E611", page.source, 1))
        if page.path in seen:
            other = seen[page.path].relative_to(site.settings_file.parent.parent).as_posix()
            found.append(Problem.of("E305", page.source, 1, url=page.url, other=other))
        seen.setdefault(page.path, page.source)
    return found + _addresses_differing_in_case(site)


def _addresses_differing_in_case(site: Site) -> list[Problem]:
    """Pages whose addresses differ only in case (About.md, about/index.md): one folder on
    Windows, macOS and many hosts, where one page would replace the other."""
    found = []
    seen: dict[str, Page] = {}
    for page in site.all_pages:
        first = seen.setdefault(page.path.casefold(), page)
        # Two files of one folder (About.md, about.md) are reported with the folder's names.
        same_file = first.relative.casefold() == page.relative.casefold()
        if first.path != page.path and not same_file:
            found.append(Problem.of("E007", page.source, name=page.relative, other=first.relative))
    return found


def _folder_prefix(relative: str) -> str:
    """ "news/" for "news/index.md", "" for "index.md"."""
    folder = relative.rpartition("/")[0]
    return folder + "/" if folder else ""


def check_page(
    page: Page, models: SiteModels, templates: list[str], today: datetime.date | None = None
) -> list[Problem]:
    """One page's own problems: its front matter, its dates and the template it names."""
    found = check_schema(page.meta, models.page.spec, page.source, "front matter")
    found += _check_dates(page, today or dates.today())
    if isinstance(page.meta.get("template", ""), str) and page.template not in templates:
        line = page.meta.line_of("template")
        available = "、".join(t for t in templates if not t.startswith("partials/"))
        found.append(Problem.of("E401", page.source, line, name=page.template, available=available))
    return found


def _check_dates(page: Page, today: datetime.date) -> list[Problem]:
    """Dates in Japan's time: none more than a year ahead (a typo), no update before the date."""
    found = []
    for name in ("date", "updated"):
        value = dates.parse(page.meta.get(name))
        if value is not None and dates.too_far(value, today):
            line, column = page.meta.mark_of(name)
            found.append(
                Problem.of("E610", page.source, line, column, value=value, today=today.isoformat())
            )
    published, updated = dates.parse(page.meta.get("date")), dates.parse(page.meta.get("updated"))
    if published and updated and updated < published:
        line, column = page.meta.mark_of("updated")
        found.append(Problem.of("E612", page.source, line, column, updated=updated, date=published))
    return found


def _check_sum(rule: Rule, data: Any, model: Model, path: Path) -> list[Problem]:
    """The stated total (when there is one) must be the sum of the items' field."""
    total = rule.options["equals"]
    if not isinstance(data, Mapping) or total not in data:
        return []
    items, _, field = rule.options["sum"].partition(".")
    computed = sum(item.get(field, 0) for item in data.get(items, []))
    if data[total] == computed:
        return []
    shown = yen if model.spec.fields[total].kind == "yen" else number
    line, column = data.mark_of(total)
    problem = Problem.of(
        "E301",
        path,
        line,
        column,
        total=total,
        items=rule.options["sum"],
        stated=shown(data[total]),
        computed=shown(computed),
    )
    return [dataclasses.replace(problem, field_path=str(total))]


def _check_confirmed(rule: Rule, data: Any, model: Model, path: Path) -> list[Problem]:
    """Figures flagged as not yet checked against their source are worth a note every build."""
    options = rule.options
    items = data.get(options["confirm"], []) if isinstance(data, Mapping) else []
    label, value, flag = options["label"], options["value"], options["flag"]
    item_spec = model.spec.fields[options["confirm"]].items
    label_kind = item_spec.fields[label].kind if item_spec and label in item_spec.fields else ""
    return [
        dataclasses.replace(
            Problem.of(
                "W301",
                path,
                *items.mark_of(index),
                label=western_year(item[label]) if label_kind == "year" else item.get(label, ""),
                value=item.get(value, ""),
                flag=flag,
            ),
            field_path=f"{options['confirm']}[{index}].{flag}",
        )
        for index, item in enumerate(items)
        if item.get(flag, True) is False
    ]


_RULES: dict[str, Callable[[Rule, Any, Model, Path], list[Problem]]] = {
    "sum": _check_sum,
    "confirm": _check_confirmed,
}
