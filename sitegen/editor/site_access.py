"""The editor's one door to the build engine: checks, models and the preview's pages.

Everything the editor needs from the pipeline and the preview goes through here. A check
goes through the incremental layer (`sitegen/commands/check.py`): after one edit it renders
the pages that edit touches, not the whole site.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from sitegen.commands.check import check_project
from sitegen.core.problems import ContentError, Problem
from sitegen.core.project import Project
from sitegen.preview.state import Preview
from sitegen.validate.models import SiteModels, load_models

_checked: dict[Path, tuple[tuple, list[Problem]]] = {}
_lock = threading.Lock()


def problems_of(project: Project) -> list[Problem]:
    """Every error and note of the site, as `python build.py check` finds them.

    Kept until a source file changes: the overview and each form ask for them.
    """
    with _lock:
        key = _sources_key(project)
        kept = _checked.get(project.root)
        if kept is not None and kept[0] == key:
            return list(kept[1])
        try:
            found = check_project(project)
        except ContentError as error:
            found = error.problems
        except Exception as exc:  # the editor stays up whatever a check does; E901 shows it
            found = [Problem.of("E901", detail=f"{type(exc).__name__}: {exc}")]
        _checked[project.root] = (key, found)
        return list(found)


def _sources_key(project: Project) -> tuple:
    """Every source file's name, size and modification time."""
    found = []
    for root in project.sources:
        for folder, folders, files in os.walk(root):
            folders.sort()
            for name in sorted(files):
                try:
                    status = os.stat(os.path.join(folder, name))
                except OSError:
                    continue
                found.append((folder, name, status.st_size, status.st_mtime_ns))
    return tuple(found)


def models_of(project: Project) -> tuple[SiteModels | None, list[Problem]]:
    """The site's models, or the problems of its model files."""
    try:
        return load_models(project.models), []
    except ContentError as error:
        return None, error.problems


def source_of_address(preview: Preview, address: str) -> Path | None:
    """The content file a page of the preview was built from, by its address (`/about/`)."""
    state = preview.builder.state
    if state is None:
        return None
    wanted = (
        address if address.endswith("/") or "." in address.rsplit("/", 1)[-1] else address + "/"
    )
    for page in state.site.all_pages:
        if page.url == wanted or page.url == address:
            return page.source
    return None
