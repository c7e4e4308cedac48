"""In `edit`, each preview page links to its file and to the file of each section it shows
(issue 28), in headless Chromium: named links, by keyboard, axe, a 375 px screen."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen.core.messages import editor_text

from browser import chromium
from conftest import FLYER_SITE, TESTS, copy_project
from preview_server import EditServer

AXE = Path(os.environ.get("SITEGEN_AXE", TESTS.parent / "audit/node_modules/axe-core/axe.min.js"))
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# The flyer's home page, in the order it shows them: each section's title and its file.
SECTIONS = [
    ("サイバー攻撃への備えは大丈夫ですか？", "content/sections/damages/index.md"),
    ("たとえばこんな事故が…", "content/sections/incident.md"),
    (
        "東京海上日動の「サイバーリスク保険」なら“まとめて”補償できます!",
        "content/sections/coverage/index.md",
    ),
    ("contacts", "content/sections/contacts/index.md"),  # no title: its name
]


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EditServer]:
    process = EditServer(copy_project(FLYER_SITE, tmp_path_factory.mktemp("links") / "site"))
    yield process
    assert process.stop() == 0


@pytest.fixture(scope="module")
def tab(editor: EditServer) -> Iterator[object]:
    with chromium() as browser:
        # axe is added as a script of the page's own, which the site's policy forbids.
        context = browser.new_context(locale="ja-JP", bypass_csp=True)
        page = context.new_page()
        page.goto(editor.link)
        yield page
        context.close()


def test_each_section_a_page_shows_links_to_its_file(tab, editor: EditServer) -> None:
    tab.goto(editor.url + "/")
    box = tab.get_by_role("navigation", name=editor_text("edit_links"))
    box.get_by_text(editor_text("edit_sections", count=len(SECTIONS))).click()
    links = box.get_by_role("link")
    names = [editor_text("edit_section", title=title) for title, _ in SECTIONS]
    assert links.all_inner_texts() == [editor_text("edit_this_page"), *names]
    for name, (_, path) in zip(names, SECTIONS, strict=True):
        assert box.get_by_role("link", name=name).get_attribute("href") == (
            f"/__edit/file?path={path}"
        )
    box.get_by_role("link", name=names[1]).click()
    assert tab.url.endswith("path=content/sections/incident.md")
    assert tab.locator("#f-heading").input_value() == SECTIONS[1][0]


def test_the_links_work_by_keyboard_pass_axe_and_fit_a_phone(tab, editor: EditServer) -> None:
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"axe-core is required in CI: {AXE}")
        pytest.skip("axe-core not installed (cd audit && npm ci)")
    tab.set_viewport_size({"width": 375, "height": 700})
    tab.goto(editor.url + "/")
    summary = tab.get_by_text(editor_text("edit_sections", count=len(SECTIONS)))
    summary.focus()
    tab.keyboard.press("Enter")
    tab.keyboard.press("Tab")
    focused = tab.evaluate("document.activeElement.textContent")
    assert focused == editor_text("edit_section", title=SECTIONS[0][0])
    box = tab.locator("nav.sitegen-edit-this").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
    assert tab.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    tab.add_script_tag(path=str(AXE))
    result = tab.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    assert [f"{v['id']}: {v['nodes'][0]['html']}" for v in result["violations"]] == []
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert tab.url.endswith("path=content/sections/damages/index.md")
