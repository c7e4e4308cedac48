"""Rebuilding only what a change touches, for the preview server."""

from __future__ import annotations

import dataclasses
import os
import tempfile
import time
from collections.abc import Collection
from pathlib import Path

from sitegen.build.output import write_atomic
from sitegen.build.pipeline import BuildResult, Rendered, render_site, result_of
from sitegen.build.render import render_pages
from sitegen.core.problems import ContentError
from sitegen.core.project import Project
from sitegen.source.site import Page, load_page
from sitegen.validate.links import check_links
from sitegen.validate.site_rules import check_page


class Rebuilder:
    """Builds a project into a folder, and rebuilds single pages when only their text changed."""

    def __init__(self, project: Project, out: Path):
        self.project = project
        self.out = out
        self.state: Rendered | None = None

    def build_all(self) -> BuildResult:
        """Read and render everything, then swap the new folder in."""
        started = time.perf_counter()
        rendered = render_site(self.project)
        write_atomic(rendered.files, self.out)
        self.state = rendered
        return result_of(rendered, self.out, started)

    def build_changed(self, changed: Collection[Path]) -> BuildResult:
        """Rebuild after changes to the given files: one page alone when that is enough."""
        pages = self._changed_pages(changed)
        if pages is None:
            return self.build_all()
        started = time.perf_counter()
        assert self.state is not None
        problems = [p for page in pages for p in check_page(page, self.state.templates)]
        if problems:
            raise ContentError(problems)
        by_source = {page.source: page for page in pages}
        site = dataclasses.replace(
            self.state.site,
            pages=tuple(by_source.get(p.source, p) for p in self.state.site.pages),
        )
        rendered = render_pages(
            site, self.state.env, self.project.templates, self.state.assets, only=pages
        )
        files = rendered.files
        scans = {**self.state.scans, **rendered.scans}
        problems, external = check_links(site, self.state.outputs, scans, pages)
        if problems:
            raise ContentError(problems)
        for relative, data in files.items():
            _replace_file(self.out / relative, data)
        self.state = dataclasses.replace(
            self.state,
            site=site,
            files={**self.state.files, **files},
            scans=scans,
            external={**self.state.external, **external},
        )
        return result_of(self.state, self.out, started, files=len(files))

    def _changed_pages(self, changed: Collection[Path]) -> list[Page] | None:
        """The re-read pages, if every change is to the text of a known page; else None."""
        if self.state is None or not changed:
            return None
        known = {page.source: page for page in self.state.site.pages}
        pages = []
        for path in changed:
            old = known.get(path)
            if old is None or not path.is_file():
                return None
            page = load_page(self.project, path, self.state.site.base_path)
            # Titles and templates can show on other pages (and in the sitemap): rebuild all.
            if page.meta != old.meta:
                return None
            pages.append(page)
        return pages


def _replace_file(target: Path, data: bytes) -> None:
    """Write target so that a reader sees the old bytes or the new, never half of them."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
