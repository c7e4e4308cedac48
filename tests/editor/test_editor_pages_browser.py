"""The editor in headless Chromium over the growing test site: every row of README's
「直したいところ」 table changed in a form and seen in the preview; the live preview of unsaved
text (and not while an input method composes); a new page through the menu to the preview, by
keyboard; a rename and its redirect; a delete refused while linked; axe on the new pages."""

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

AXE = Path(os.environ.get("SITEGEN_AXE", TESTS.parent / "audit/node_modules/axe-core/axe.min.js"))
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TOP = "/cyber/"  # the growing site lives in a subfolder

# README's table: (file, {field: what is typed}, the preview page that shows it, what it shows).
ROWS = [
    ("content/site.yml", {"#f-name": "ブラウザで直した協会"}, TOP, "ブラウザで直した協会"),
    ("content/index.md", {"#f-title": "直した問いかけ"}, TOP, "直した問いかけ"),
    ("content/sections/damages/1-malware.md", {"#f-title": "直した被害"}, TOP, "直した被害"),
    ("content/data/chart.yml", {"#f-series-4-value": "9876.5"}, TOP, "9,876.5"),
    # An amount changed and the total left empty: the site adds the amounts up.
    (
        "content/sections/incident.md",
        {"#f-costs-0-yen": "123万円", "#f-total": ""},
        TOP,
        "1億7,223万円",
    ),
    ("content/sections/coverage/1-liability.md", {"#f-title": "直した補償"}, TOP, "直した補償"),
    (
        "content/sections/contacts/1-association.md",
        {"#f-tel": "03-1111-2222"},
        TOP,
        "03-1111-2222",
    ),
    ("content/404.md", {"#f-title": "直した404の題"}, TOP + "404.html", "直した404の題"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = copy_project(TESTS / "sites" / "growing", tmp_path_factory.mktemp("pages") / "site")
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
    yield tab
    context.close()


def _open(page, editor: EditProcess, name: str) -> None:
    page.goto(f"{editor.url}/__edit/file?path={name}")


def _wait_until(check, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.3)


def _shows(page, editor: EditProcess, address: str, text: str) -> bool:
    """Whether the preview's page at address reads text (phrase breaks and tags aside)."""
    answer = page.request.get(editor.url + address)
    return text in re.sub(r"<[^>]*>", "", answer.text())


def test_every_row_of_the_readme_table_is_changed_in_the_browser(
    page, editor: EditProcess, site: Path
) -> None:
    for name, fields, _, _ in ROWS:
        before = (site / name).read_bytes()
        _open(page, editor, name)
        for field, typed in fields.items():
            page.locator(field).fill(typed)
        page.get_by_role("button", name="保存する").first.click()
        assert page.locator(".notice").inner_text() == "保存しました。", name
        assert (site / name).read_bytes() != before, name
    for _, _, address, shown in ROWS:
        _wait_until(lambda a=address, s=shown: _shows(page, editor, a, s))
    page.goto(editor.url + TOP)
    assert page.title().startswith("直した問いかけ")


def test_the_live_preview_follows_typing_but_not_an_input_method_composing(
    page, editor: EditProcess, site: Path
) -> None:
    name = "content/news/2026-11-20-renewal.md"
    before = (site / name).read_bytes()
    _open(page, editor, name)
    frame = page.locator("#live-frame")

    def shown_title() -> str:
        return frame.evaluate("frame => frame.contentDocument ? frame.contentDocument.title : ''")

    _wait_until(lambda: shown_title() != "")
    title = page.locator("#f-title")
    title.fill("入力中の題名")
    _wait_until(lambda: frame.get_attribute("data-refreshed") is not None)
    _wait_until(lambda: "入力中の題名" in shown_title())
    title.fill("")
    _wait_until(lambda: frame.get_attribute("data-refreshed") == "2")
    shown = frame.get_attribute("data-refreshed")
    title.focus()
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.imeSetComposition", {"text": "かいぎ", "selectionStart": 3, "selectionEnd": 3})
    page.wait_for_timeout(1200)  # past the pause that would refresh the preview
    assert frame.get_attribute("data-refreshed") == shown  # nothing asked mid-conversion
    cdp.send("Input.insertText", {"text": "会議"})
    _wait_until(lambda: "会議" in shown_title())
    assert (site / name).read_bytes() == before  # nothing saved


def _tab_to(page, element_id: str) -> None:
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} not reached by Tab")


def test_a_new_page_made_by_keyboard_joins_the_menu_and_shows(
    page, editor: EditProcess, site: Path
) -> None:
    page.get_by_role("link", name="新しいファイルを作る").click()
    page.get_by_role("link", name="新しいページ").click()
    assert page.locator("#new-name").input_value() == "new-page"
    _tab_to(page, "new-name")
    page.keyboard.press("Control+A")
    page.keyboard.type("members")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("会員のページ")
    _tab_to(page, "new-menu")
    page.keyboard.press("Space")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Enter in the form submits it: 作る
    assert "作りました" in page.locator(".notice").inner_text()
    assert "メニューに加えました" in page.locator(".notice").inner_text()
    assert (site / "content/members.md").is_file()
    try:
        # Two saves (the page, then site.yml's menu): up to two builds, under coverage.
        _wait_until(lambda: _shows(page, editor, TOP, "会員のページ"), timeout=60)
    except AssertionError as timed_out:
        said = "".join(editor.output[-80:])
        raise AssertionError(f"the preview never showed the page; the editor said:\n{said}") from (
            timed_out
        )
    page.goto(editor.url + TOP)
    page.locator(".menu-bar").get_by_role("link", name="会員のページ").click()
    assert page.url.endswith("/cyber/members/")
    assert page.locator("h1").first.inner_text() == "会員のページ"


def test_a_rename_leaves_a_redirect_from_the_old_address(
    page, editor: EditProcess, site: Path
) -> None:
    _open(page, editor, "content/guide/faq.md")
    page.locator("#rename-name").fill("questions")
    page.get_by_role("button", name="名前を変える").click()
    assert "/guide/faq/" in page.locator(".notice").inner_text()
    assert page.url.endswith("/__edit/rename")
    assert page.locator("#rename-name").input_value() == "questions"
    assert not (site / "content/guide/faq.md").exists()

    def redirected() -> bool:
        rules = page.request.get(editor.url + TOP + "_redirects").text()
        return "/cyber/guide/faq/ /cyber/guide/questions/ 301" in rules

    _wait_until(redirected)
    page.goto(editor.url + TOP + "guide/questions/")
    assert page.locator("h1").first.is_visible()


def _axe(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [f"{v['id']}: {v['nodes'][0]['html']}" for v in result["violations"]]


def test_delete_is_refused_while_linked_and_the_pages_pass_axe(
    browser, editor: EditProcess, site: Path
) -> None:
    has_axe = AXE.exists()
    if not has_axe and os.environ.get("CI"):
        pytest.fail(f"axe-core is required in CI: {AXE}")
    context = browser.new_context(locale="ja-JP", bypass_csp=True)
    page = context.new_page()
    page.goto(editor.link)
    page.set_viewport_size({"width": 375, "height": 800})
    _open(page, editor, "content/about.md")
    page.get_by_role("button", name="このファイルを削除する").click()
    assert "削除しませんでした" in page.locator("h1").inner_text()
    assert page.get_by_role("link", name=re.compile("メニュー.*協会の概要")).is_visible()
    assert (site / "content/about.md").is_file()
    screens = [page.url]
    if has_axe:
        assert _axe(page) == [], "delete refused"
    for url in [
        "/__edit/new",
        "/__edit/new?kind=item:sections/damages",
        "/__edit/file?path=content/about.md",
    ]:
        page.goto(editor.url + url)
        if has_axe:
            assert _axe(page) == [], url
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (url, overflow)
        screens.append(url)
    context.close()
