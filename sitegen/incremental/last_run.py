"""The preview's fastest tier: after a save, which pages to render again, from what each
page recorded reading in the last run (records) rather than from a rule of thumb.

A save that changes only page bodies (their front matter the same) changes what other pages
show only where a template reads other pages' text (`.body`) and the page recorded reading
the other pages (`pages`, `latest`, `news_index`). Those are rendered again with the saved
ones; every other page stays as the last run made it.
"""

from __future__ import annotations

from collections.abc import Iterable

from sitegen.core.project import Project
from sitegen.incremental.page_keys import templates_read_bodies
from sitegen.incremental.page_reuse import CacheRecord
from sitegen.source.site import Page

OTHER_PAGES = frozenset({"pages", "latest", "news_index"})


def also_touched(
    project: Project, record: CacheRecord | None, pages: Iterable[Page], saved: set[str]
) -> list[Page] | None:
    """The pages besides the saved ones (by output file) whose output their new bodies may
    change; None when the last run left no record of what its pages read."""
    if not templates_read_bodies(project):
        return []
    if record is None:
        return None
    names = {stored.output: stored.names for stored in record.pages.values()}
    touched = []
    for page in pages:
        if page.output in saved:
            continue
        read = names.get(page.output)
        if read is None or read & OTHER_PAGES:
            touched.append(page)
    return touched
