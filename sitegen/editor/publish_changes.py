"""What changed since the last publish from this PC: files edited, pages added and removed
(renamed pages show as the redirects of the plan)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

from sitegen.core.project import Project
from sitegen.deploy.pages import SitePages, read_release_record
from sitegen.deploy.releases import Releases


@dataclass
class Changes:
    last: str = ""  # when the last publish from this PC was, as shown; "" if never
    edited: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def since_last(project: Project, releases: Releases, pages: SitePages | None) -> Changes:
    name = releases.current()
    if name is None:
        return Changes()
    try:
        when = datetime.strptime(name, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
    except ValueError:
        return Changes()
    changes = Changes(last=when.astimezone().strftime("%Y-%m-%d %H:%M"))
    changes.edited = _edited_after(project, when.timestamp())
    before = read_release_record(releases.record(name))[0]
    if before is not None and pages is not None:
        changes.added = sorted(unquote(u) for u in pages.urls - before.urls)
        changes.removed = sorted(unquote(u) for u in before.urls - pages.urls)
    return changes


def _edited_after(project: Project, moment: float) -> list[str]:
    """The site's source files changed after moment, as paths from the project's folder."""
    found = []
    for root in (project.content, project.assets):
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.name.startswith(".") and _mtime(path) > moment:
                found.append(path.relative_to(project.root).as_posix())
    return found


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
