"""The stages take no cache (issue 26): called alone they make what the layer makes, and what
the layer remembers of them (converted bodies, finished pages) it remembers in the forked
workers too. The images stage's counterpart is in tests/images/test_images.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_page_cache import TODAY, append, built, growing_site

from sitegen.core.project import Project
from sitegen.pipeline import render_site
from sitegen.render.page_body import BodyConverter
from sitegen.source.site import Page


def _count_conversions(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    """Each page body converted is noted in log (a file: forked workers write it too)."""
    real = BodyConverter.convert

    def counted(self: BodyConverter, page):  # type: ignore[no-untyped-def]
        if isinstance(page, Page):
            with log.open("a", encoding="utf-8") as stream:
                stream.write(page.output + "\n")
        return real(self, page)

    monkeypatch.setattr(BodyConverter, "convert", counted)


def _converted(log: Path) -> list[str]:
    return sorted(log.read_text(encoding="utf-8").split()) if log.exists() else []


@pytest.mark.parametrize("jobs", ["1", "2"])  # in the build's process, or in forked workers
def test_the_layer_remembers_bodies_and_pages_made_in_the_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    monkeypatch.setenv("SITEGEN_JOBS", jobs)
    log = tmp_path / "converted.txt"
    _count_conversions(monkeypatch, log)
    root = growing_site(tmp_path / "site")
    first = built(root)
    pages = sorted(p.output for p in first.site.pages) if first.site else []
    assert _converted(log) == pages and first.reused == 0
    log.unlink()
    # A template change renders its pages again: each body is the layer's, none converted.
    append(root / "templates" / "page.html", "\n")
    second = built(root)
    assert second.reused < second.pages - 5 and _converted(log) == []
    # Each page written is the cache's entry (a hard link made by the worker that wrote it),
    # and the next build takes every page from the cache.
    assert all(os.stat(root / "dist" / page).st_nlink >= 2 for page in pages)
    third = built(root)
    assert third.reused == third.pages == len(pages) and _converted(log) == []
    # One page's text changed: that body alone is converted again.
    append(root / "content" / "guide" / "faq.md", "\n追記です。\n")
    fourth = built(root)
    assert _converted(log) == ["guide/faq/index.html"]
    assert fourth.reused == fourth.pages - 1


def test_the_pages_stage_alone_makes_what_the_layer_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SITEGEN_JOBS", raising=False)
    log = tmp_path / "converted.txt"
    root = growing_site(tmp_path / "site")
    built(root)
    append(root / "templates" / "page.html", "\n")
    layered = built(root)  # every page rendered again, its body from the layer
    _count_conversions(monkeypatch, log)

    alone = render_site(Project(root), today=TODAY)  # pages kept in memory: no page cache

    assert len(_converted(log)) == layered.pages  # every body converted by the stage
    outputs = [page.output for page in alone.site.pages]
    assert len(outputs) == layered.pages and not alone.cached
    for output in outputs:
        assert (root / "dist" / output).read_bytes() == alone.files[output], output
    assert layered.warnings == alone.warnings
