"""A file saved while a build runs (the browser editor saves a new page, then site.yml's menu)
is the next build's: what a build keeps is keyed by the text it read, never by the file as it
is when the key is made. Otherwise the next build reuses a page made from the old text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from test_page_cache import built, content_pages, growing_site

from sitegen import pipeline
from sitegen.core.problems import ContentError
from sitegen.render import pages as render_pages


def _menu(root: Path) -> list[str]:
    soup = BeautifulSoup((root / "dist" / "index.html").read_text(encoding="utf-8"), "html.parser")
    bar = soup.select_one(".menu-bar")
    assert bar is not None
    return [link.get_text() for link in bar.find_all("a")]


def _once(action: Callable[[], None]) -> Callable[[], None]:
    """action, the first time it is called only."""
    done: list[bool] = []

    def first() -> None:
        if not done:
            done.append(True)
            action()

    return first


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SITEGEN_JOBS", "1")  # the save lands between two steps of one process
    root = growing_site(tmp_path / "site")
    built(root)
    return root


def test_site_settings_saved_after_they_were_read_are_the_next_builds(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = site / "content" / "site.yml"
    text = settings.read_text(encoding="utf-8")
    entry = "  - title: お知らせ\n    link: news/index.md\n"
    saved = text.replace(entry, entry + "  - title: 会員のページ\n    link: about.md\n")
    assert saved != text
    real = pipeline.make_environment

    def save_then_make(*args: Any, **kwargs: Any) -> Any:
        settings.write_text(saved, encoding="utf-8")  # site.yml is read; its pages are not made
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "make_environment", save_then_make)
    built(site)
    assert "会員のページ" not in _menu(site)  # this build read the menu before the save
    monkeypatch.undo()
    built(site)
    assert "会員のページ" in _menu(site)


def test_a_template_saved_after_a_page_loaded_it_is_the_next_builds(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    templates = site / "templates"
    special = templates / "special.html"  # named by no page's record yet: digested late
    special.write_bytes((templates / "page.html").read_bytes())
    about = site / "content" / "about.md"
    about.write_text(
        about.read_text(encoding="utf-8").replace("---\n", "---\ntemplate: special.html\n", 1),
        encoding="utf-8",
    )
    marked = special.read_text(encoding="utf-8").replace(
        "{% endblock %}", '<p class="saved-meanwhile">保存</p>\n{% endblock %}'
    )
    saved = _once(lambda: special.write_text(marked, encoding="utf-8"))
    real = render_pages.write_new

    def write_then_save(*args: Any, **kwargs: Any) -> Any:
        written = real(*args, **kwargs)
        saved()  # the page is made from the template as it was; its record is not yet
        return written

    monkeypatch.setattr(render_pages, "write_new", write_then_save)
    built(site)
    monkeypatch.undo()
    built(site)
    html = (site / "dist" / "about" / "index.html").read_text(encoding="utf-8")
    assert BeautifulSoup(html, "html.parser").select(".saved-meanwhile")


def test_a_model_saved_after_it_was_read_is_checked_by_the_next_build(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = site / "models" / "page.yml"
    stricter = model.read_text(encoding="utf-8") + "  audience: text\n"  # required
    real = pipeline.load_models

    def load_then_save(*args: Any, **kwargs: Any) -> Any:
        models = real(*args, **kwargs)
        model.write_text(stricter, encoding="utf-8")  # read; the pages not yet checked
        return models

    monkeypatch.setattr(pipeline, "load_models", load_then_save)
    built(site)
    monkeypatch.undo()
    with pytest.raises(ContentError) as refused:
        built(site)
    # Every page lacks the field the model now requires: none was skipped as checked before.
    named = {p.path for p in refused.value.problems if p.code == "E201" and "audience" in p.text}
    assert named == set(content_pages(site))


def test_a_page_saved_after_it_was_read_is_published_whole_as_it_was_read(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unchanged page's fields come from the layer and its text from the bytes the build
    read: a save in between never gives the old title with the new text."""
    page = site / "content" / "about.md"
    text = page.read_text(encoding="utf-8")
    saved = text.replace("協会の概要", "保存した題名").replace("当協会は", "保存した本文では")
    # A new asset: every body is converted again (the page file itself is unchanged).
    (site / "assets" / "new.css").write_text("p{margin:0}\n", encoding="utf-8")
    real = pipeline.load_models

    def load_then_save(*args: Any, **kwargs: Any) -> Any:
        models = real(*args, **kwargs)
        page.write_text(saved, encoding="utf-8")  # read, not yet rendered
        return models

    monkeypatch.setattr(pipeline, "load_models", load_then_save)
    built(site)
    shown = BeautifulSoup((site / "dist" / "about" / "index.html").read_bytes(), "html.parser")
    assert "協会の概要" in shown.title.get_text() and "当協会は" in shown.main.get_text()
    assert "保存した" not in shown.get_text()
    monkeypatch.undo()
    built(site)
    shown = BeautifulSoup((site / "dist" / "about" / "index.html").read_bytes(), "html.parser")
    assert "保存した題名" in shown.title.get_text()
    assert "保存した本文では" in shown.main.get_text()
