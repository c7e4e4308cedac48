"""The editor in headless Chromium, as an editor uses it: `python build.py edit`, the link,
a form, the preview; Japanese typed through an input method; mistakes, conflicts, history;
axe, a 375 px screen and the keyboard."""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser import chromium
from conftest import TESTS, copy_project
from edit_process import EditProcess

INDEX = "content/index.md"
CONTACT = "content/sections/contacts/1-association.md"
INCIDENT = "content/sections/incident.md"
AXE = Path(os.environ.get("SITEGEN_AXE", TESTS.parent / "audit/node_modules/axe-core/axe.min.js"))
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = copy_project(TESTS / "sites" / "flyer", tmp_path_factory.mktemp("edit") / "site")
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def editor(site: Path) -> Iterator[EditProcess]:
    process = EditProcess(site)
    yield process
    process.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser, editor: EditProcess) -> Iterator[object]:
    context = browser.new_context(locale="ja-JP")
    tab = context.new_page()
    tab.goto(editor.link)
    assert tab.url.endswith("/__edit/")
    yield tab
    context.close()


def _open(page, editor: EditProcess, name: str) -> None:
    page.goto(f"{editor.url}/__edit/file?path={name}")


def _wait_until(check, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_enter_with_the_link_edit_a_field_save_and_see_the_preview_change(
    page, editor: EditProcess, site: Path
) -> None:
    assert page.locator("h1").inner_text() == "サイトの編集"
    page.get_by_role("link", name=page.locator("tbody th a").first.inner_text()).first.click()
    _open(page, editor, INDEX)
    title = page.locator("#f-title")
    title.fill("ブラウザで直した題名")
    page.get_by_role("button", name="保存する").first.click()
    assert "保存しました" in page.locator(".notice").inner_text()
    assert "title: ブラウザで直した題名" in (site / INDEX).read_text(encoding="utf-8")

    def shown() -> bool:
        page.goto(editor.url + "/")
        return "ブラウザで直した題名" in page.title()

    _wait_until(shown)
    # From the preview back to the form: "edit this page".
    page.get_by_role("link", name="このページを編集").click()
    assert page.url.endswith("path=content/index.md")


def test_nothing_is_submitted_while_an_input_method_is_composing(
    page, editor: EditProcess, site: Path
) -> None:
    _open(page, editor, CONTACT)
    before = (site / CONTACT).read_bytes()
    field = page.locator("#f-heading")
    field.fill("")
    field.focus()
    cdp = page.context.new_cdp_session(page)
    cdp.send(
        "Input.imeSetComposition", {"text": "きょうかい", "selectionStart": 5, "selectionEnd": 5}
    )
    # The Enter that ends the conversion, as an input method sends it (key code 229).
    for kind in ("rawKeyDown", "keyUp"):
        cdp.send(
            "Input.dispatchKeyEvent",
            {"type": kind, "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 229},
        )
    page.keyboard.press("Enter")  # Enter again, still composing
    cdp.send("Input.insertText", {"text": "協会"})
    page.wait_for_timeout(500)
    assert page.url.endswith(f"path={CONTACT}")  # no navigation: nothing submitted
    assert (site / CONTACT).read_bytes() == before
    assert field.input_value() == "協会"


def test_a_save_with_a_mistake_shows_the_message_at_its_field_and_keeps_the_text(
    page, editor: EditProcess, site: Path
) -> None:
    _open(page, editor, CONTACT)
    page.locator("#f-tel").fill("03-12")
    page.get_by_role("button", name="保存する").first.click()
    tel = page.locator("#f-tel")
    assert tel.input_value() == "03-12"
    assert tel.get_attribute("aria-invalid") == "true"
    message = page.locator("#e-f-tel")
    assert message.is_visible() and "電話番号" in message.inner_text()
    assert "03-12" in (site / CONTACT).read_text(encoding="utf-8")  # kept, nothing lost
    page.locator("#f-tel").fill("03-6893-6500")
    page.get_by_role("button", name="保存する").first.click()
    assert page.locator("#e-f-tel").count() == 0


def test_a_change_made_elsewhere_is_refused_with_both_versions(
    page, editor: EditProcess, site: Path
) -> None:
    _open(page, editor, INCIDENT)
    target = site / INCIDENT
    theirs = target.read_text(encoding="utf-8").replace("事故例", "事故の例")
    target.write_text(theirs, encoding="utf-8")
    page.locator("#f-heading").fill("わたしの入力")
    page.get_by_role("button", name="保存する").first.click()
    assert "保存しませんでした" in page.locator("h1").inner_text()
    assert "事故の例" in page.locator("#theirs").input_value()
    assert "わたしの入力" in page.locator("#yours").input_value()
    assert target.read_text(encoding="utf-8") == theirs


def test_history_restores_a_version_and_the_restore_can_be_undone(
    page, editor: EditProcess, site: Path
) -> None:
    name = "content/sections/damages/index.md"
    target = site / name
    original = target.read_bytes()
    _open(page, editor, name)
    page.locator("#f-heading").fill("履歴のための見出し")
    page.get_by_role("button", name="保存する").first.click()
    page.locator(".notice").wait_for()
    assert "履歴のための見出し" in target.read_text(encoding="utf-8")
    page.get_by_role("link", name="このファイルの履歴").click()
    page.locator("ol.versions li", has_text="保存前の内容").get_by_role("button").click()
    assert "戻しました" in page.locator(".notice").inner_text()
    assert target.read_bytes() == original
    saved = page.locator("ol.versions li").filter(
        has=page.locator(".kind", has_text=re.compile("^保存$"))
    )
    saved.first.get_by_role("button").click()
    page.locator(".notice").wait_for()
    assert "履歴のための見出し" in target.read_text(encoding="utf-8")


def _axe(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [f"{v['id']}: {v['nodes'][0]['html']}" for v in result["violations"]]


@pytest.mark.parametrize("width", [375, 1280])
def test_pages_pass_axe_and_fit_a_phone(browser, editor: EditProcess, width: int) -> None:
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"axe-core is required in CI: {AXE}")
        pytest.skip("axe-core not installed (cd audit && npm ci)")
    # axe is injected as a script of the page's own, which the editor's policy forbids.
    context = browser.new_context(locale="ja-JP", bypass_csp=True)
    page = context.new_page()
    page.goto(editor.link)
    page.set_viewport_size({"width": width, "height": 800})
    urls = [
        "/__edit/",
        "/__edit/?q=マルウェア",
        f"/__edit/file?path={INCIDENT}",
        f"/__edit/file?path={CONTACT}",
        "/__edit/file?path=content/site.yml",
        "/__edit/file?path=content/data/chart.yml",
        f"/__edit/history?path={INCIDENT}",
    ]
    for url in urls:
        page.goto(editor.url + url)
        assert _axe(page) == [], url
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (url, overflow)
    context.close()


def test_the_form_works_by_keyboard(page, editor: EditProcess, site: Path) -> None:
    _open(page, editor, "content/sections/coverage/index.md")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "本文へ移動"
    heading = page.locator("#f-heading")
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "f-heading":
            break
    assert page.evaluate("document.activeElement.id") == "f-heading"
    heading.press("End")
    page.keyboard.type("(鍵盤)")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Enter in a field saves (the first button is 保存する)
    assert "保存しました" in page.locator(".notice").inner_text()
    assert "(鍵盤)" in (site / "content/sections/coverage/index.md").read_text(encoding="utf-8")


def test_typing_not_yet_saved_survives_a_reload(page, editor: EditProcess, site: Path) -> None:
    name = "content/sections/coverage/1-liability.md"
    before = (site / name).read_bytes()
    _open(page, editor, name)
    page.locator("#f-title").fill("まだ保存していない題名")
    page.reload()
    assert page.locator("#f-title").input_value() == "まだ保存していない題名"
    assert "戻しました" in page.locator("form.edit .notice").inner_text()
    assert (site / name).read_bytes() == before


def test_the_toolbar_inserts_markdown_into_the_body(page, editor: EditProcess) -> None:
    _open(page, editor, INDEX)
    body = page.locator("#f-body")
    body.fill("題")
    body.evaluate("area => area.setSelectionRange(0, 1)")
    page.get_by_role("toolbar").get_by_role("button", name="太字").click()
    assert body.input_value() == "**題**"
    page.get_by_role("toolbar").get_by_role("button", name="見出し").click()
    assert body.input_value() == "## **題**"
