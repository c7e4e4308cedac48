"""The site at a glance: every editable file, grouped by what the engine makes of it."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sitegen.core.messages import editor_text
from sitegen.core.problems import ContentError, Problem
from sitegen.core.project import Project
from sitegen.source import dates
from sitegen.source.frontmatter import parse
from sitegen.source.sections import FOLDER as SECTIONS
from sitegen.source.sections import GROUP_FILE
from sitegen.source.site import DRAFT, SCHEDULED, data_sources, page_sources, page_status
from sitegen.source.textfile import read_text

_TITLE_KEYS = ("title", "heading", "name")
MOST_FOUND = 200


@dataclass(frozen=True)
class Entry:
    """One editable file of the overview."""

    name: str  # below the project: content/about.md
    group: str  # the heading it is listed under
    title: str
    state: str
    changed: datetime.datetime
    errors: int = 0
    notes: int = 0


@dataclass(frozen=True)
class Found:
    name: str
    line: int
    text: str


def entries(project: Project, problems: list[Problem]) -> list[Entry]:
    """Every file the editor can open, in the order of the overview's groups."""
    counts = _counts(project, problems)
    found = [_entry(project, project.settings, editor_text("group_site"), counts)]
    found += _pages(project, counts)
    found += _sections(project, counts)
    found += [_entry(project, p, editor_text("group_data"), counts) for p in data_sources(project)]
    return [entry for entry in found if entry is not None]


def _pages(project: Project, counts: dict) -> list[Entry]:
    listing_folders = set()
    for source in page_sources(project):
        if source.name == "index.md" and source.parent != project.content:
            meta = _meta(source)
            if meta is not None and isinstance(meta.get("list"), str):
                listing_folders.add(source.parent)
    found = []
    for source in page_sources(project):
        if source.parent in listing_folders and source.name != "index.md":
            relative = source.parent.relative_to(project.content).as_posix()
            group = editor_text("group_news", folder=relative)
        else:
            group = editor_text("group_pages")
        found.append(_entry(project, source, group, counts, page=True))
    return sorted(found, key=lambda e: e.group != editor_text("group_pages"))


def _sections(project: Project, counts: dict) -> list[Entry]:
    folder = project.content / SECTIONS
    if not folder.is_dir():
        return []
    found = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        group = editor_text("group_section", name=entry.stem)
        if entry.is_dir():
            files = sorted(entry.glob("*.md"), key=lambda p: (p.name != GROUP_FILE, p.name))
            found += [
                _entry(project, p, group, counts) for p in files if not p.name.startswith(".")
            ]
        elif entry.suffix == ".md":
            found.append(_entry(project, entry, group, counts))
    return found


def _entry(project: Project, path: Path, group: str, counts: dict, page: bool = False) -> Entry:
    name = path.relative_to(project.root).as_posix()
    meta = _meta(path) if path.suffix == ".md" else _settings(path)
    title = next((str(meta[k]) for k in _TITLE_KEYS if meta and meta.get(k)), path.name)
    state = editor_text("state_published") if page else ""
    if page and meta is not None:
        relative = path.relative_to(project.content)
        status = page_status(relative, meta, dates.today())
        if status == DRAFT:
            state = editor_text("state_draft")
        elif status == SCHEDULED:
            state = editor_text("state_scheduled", date=meta.get("date"))
    elif meta is not None and meta.get("draft") is True:
        state = editor_text("state_draft")
    changed = datetime.datetime.fromtimestamp(path.stat().st_mtime)
    errors, notes = counts.get(path.resolve(), (0, 0))
    return Entry(name, group, title, state, changed, errors, notes)


def _meta(path: Path) -> dict | None:
    try:
        return parse(read_text(path), path)[0]
    except ContentError:
        return None


def _settings(path: Path) -> dict | None:
    if path.name != "site.yml":
        return None
    from sitegen.source.yaml_loader import load_yaml

    try:
        data = load_yaml(read_text(path), path)
    except ContentError:
        return None
    return data if isinstance(data, dict) else None


def _counts(project: Project, problems: list[Problem]) -> dict[Path, tuple[int, int]]:
    errors: Counter[Path] = Counter()
    notes: Counter[Path] = Counter()
    for problem in problems:
        if problem.path is None:
            continue
        key = Path(problem.path).resolve()
        (notes if problem.is_warning else errors)[key] += 1
    return {path: (errors[path], notes[path]) for path in set(errors) | set(notes)}


def search(project: Project, listed: list[Entry], query: str) -> list[Found]:
    """Each line of the listed files that holds query (case and width of letters ignored)."""
    wanted = query.casefold().strip()
    if not wanted:
        return []
    found = []
    for entry in listed:
        try:
            text = read_text(project.root / entry.name)
        except ContentError:
            continue
        for number, line in enumerate(text.split("\n"), start=1):
            if wanted in line.casefold():
                found.append(Found(entry.name, number, line.strip()[:160]))
                if len(found) >= MOST_FOUND:
                    return found
    return found
