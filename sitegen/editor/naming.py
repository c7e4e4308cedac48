"""What a new file may be called: the kinds of file a button makes, the name each proposes,
and the check of a name typed (the build's own rules of `sitegen.source.names`, plus what a
new file needs: a `.md` file that is not there yet).

Proposed names are short ASCII addresses, since a page's name is its address: a page
`page-2.md` (/page-2/), a news post `2026-12-07-news.md` (news are dated), a section item
numbered after the last one (`5-item.md`: section items are in the order of their names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sitegen.core.problems import ContentError, Problem
from sitegen.core.project import Project
from sitegen.editor import paths
from sitegen.source import dates
from sitegen.source.frontmatter import parse
from sitegen.source.names import nfc, problems_of_name
from sitegen.source.sections import FOLDER as SECTIONS
from sitegen.source.sections import GROUP_FILE
from sitegen.source.textfile import read_text

PAGE, NEWS, ITEM = "page", "news", "item"
_NUMBERED = re.compile(r"^(\d+)-")


@dataclass(frozen=True)
class Kind:
    """One kind of new file: where it goes and what it is made from."""

    kind: str  # page, news or item
    folder: str  # below content/: "", "news", "sections/damages"
    section: str = ""  # the section's name, for an item

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.folder}"


def kinds(project: Project) -> list[Kind]:
    """Every kind of file the site can get a new one of: a page, a post of each news folder,
    an item of each section folder."""
    found = [Kind(PAGE, "")]
    found += [Kind(NEWS, folder) for folder in news_folders(project)]
    sections = project.content / SECTIONS
    if sections.is_dir():
        for folder in sorted(sections.iterdir()):
            if folder.is_dir() and not folder.name.startswith((".", "_")):
                found.append(Kind(ITEM, f"{SECTIONS}/{folder.name}", folder.name))
    return found


def kind_of(project: Project, key: str) -> Kind | None:
    return next((k for k in kinds(project) if k.key == key), None)


def news_folders(project: Project) -> list[str]:
    """Folders below content/ whose index.md lists their pages (`list: news`)."""
    found = []
    for index in sorted(project.content.rglob(GROUP_FILE)):
        relative = index.parent.relative_to(project.content)
        if not relative.parts or relative.parts[0] in (SECTIONS, "data"):
            continue
        try:
            meta = parse(read_text(index), index)[0]
        except ContentError:
            continue
        if isinstance(meta.get("list"), str):
            found.append(relative.as_posix())
    return found


def items_of(folder: Path) -> list[Path]:
    """A section folder's item files, in the order of their names (as the build orders them
    when no `order:` field says otherwise)."""
    return sorted(
        p for p in folder.glob("*.md") if p.name != GROUP_FILE and not p.name.startswith((".", "_"))
    )


def proposed(project: Project, kind: Kind) -> str:
    """A free name for a new file of kind, without its folder and `.md`."""
    folder = project.content.joinpath(*PurePosixPath(kind.folder).parts)
    if kind.kind == NEWS:
        stem = f"{dates.today().isoformat()}-news"
    elif kind.kind == ITEM:
        numbers = [int(m.group(1)) for p in items_of(folder) if (m := _NUMBERED.match(p.name))]
        stem = f"{max(numbers, default=0) + 1}-item"
    else:
        stem = "new-page"
    taken = _taken(folder)
    name, number = stem, 2
    while name.casefold() + ".md" in taken:
        name, number = f"{stem}-{number}", number + 1
    return name


def _taken(folder: Path) -> set[str]:
    return {p.name.casefold() for p in folder.iterdir()} if folder.is_dir() else set()


def target_name(kind: Kind, typed: str) -> str:
    """The file below the project that typed (`about`, `about.md`) names for kind."""
    stem = nfc(typed.strip().replace("\\", "/")).removesuffix(".md")
    folder = f"content/{kind.folder}/" if kind.folder else "content/"
    return f"{folder}{stem}.md"


def name_problems(project: Project, name: str, source: Path | None = None) -> list[Problem]:
    """Why a new file may not be called name (`content/about.md`); [] if it may.

    The build's rules (E005-E007) first, then what the editor adds: a name it may write
    (E030), not taken yet (E031), a page's Markdown file (E032).
    """
    relative = name.removeprefix("content/")
    stem = PurePosixPath(relative).name.removesuffix(".md")
    where = source if source is not None else Path(name)
    if not stem.strip():
        return [Problem.of("E032", where, name=name)]
    if ".." in PurePosixPath(name).parts or name.startswith(("/", "~")):
        return [Problem.of("E030", where, name=name)]
    found = problems_of_name(relative, _existing(project, relative), source=where)
    if found:
        return found
    try:
        target = paths.editable_text(project, name)
    except paths.PathRefusedError:
        return [Problem.of("E030", where, name=name)]
    if not name.endswith(".md"):
        return [Problem.of("E032", where, name=name)]
    if target.exists():
        return [Problem.of("E031", where, name=name)]
    return []


def _existing(project: Project, relative: str) -> list[str]:
    """The paths below content/ beside relative's, and of the folders on its way."""
    parts = PurePosixPath(relative).parts
    found = []
    folder = project.content
    for depth, _part in enumerate(parts):
        if not folder.is_dir():
            break
        prefix = "/".join(parts[:depth])
        found += [f"{prefix}/{p.name}" if prefix else p.name for p in folder.iterdir()]
        folder = folder / parts[depth]
    return found
