"""Photos in the editor, end to end in headless Chromium: a phone photo (GPS, orientation 6,
4032×3024) placed through the file input and through a drop, with its alt text, saved, seen
processed in the preview, and no GPS in any byte the build publishes; refusals that write
nothing; replace and a refused delete from the photos list; axe, 375 px and the keyboard."""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Error as PlaywrightError
from test_editor_browser import AXE, _axe

from browser import chromium
from conftest import ROOT
from edit_process import EditProcess
from editor_client import files_of
from photo_samples import (
    FLAT_PAGE,
    FOLDER_PAGE,
    GPS_MARKER,
    pdf_named_jpg,
    phone_photo,
    photo_site,
    small_png,
    truncated_jpeg,
)

PHOTO = phone_photo()
# The steps of one story: the photo placed first is the one replaced and refused deletion.
pytestmark = pytest.mark.xdist_group("photo_browser")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = photo_site(tmp_path_factory.mktemp("photos") / "site")
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


def _cursor_after(page, text: str) -> None:
    """The body's cursor just after text, as a click there leaves it."""
    page.locator("#f-body").evaluate(
        """(area, text) => { area.focus();
             const at = area.value.indexOf(text) + text.length;
             area.setSelectionRange(at, at); }""",
        text,
    )


def _answer_dialog(page, alt: str) -> None:
    dialog = page.locator("#photo-dialog")
    dialog.wait_for(state="visible", timeout=30_000)
    assert "WEBP 1440×1920" in dialog.inner_text()  # upright: 3024×4032 shown
    assert "位置情報" in dialog.inner_text() and "取り除きます" in dialog.inner_text()
    dialog.get_by_role("button", name="本文に入れる").click()  # no alt text yet: refused
    assert page.locator("#photo-alt-error").is_visible()
    assert page.locator("#photo-alt").get_attribute("aria-invalid") == "true"
    page.locator("#photo-alt").fill(alt)
    dialog.get_by_role("button", name="本文に入れる").click()
    dialog.wait_for(state="hidden")


def _body_once_placed(page, text: str) -> str:
    """The body once the placed photo is in it: the dialog's close event, which places it,
    is a task of its own that may run after the dialog is already seen hidden."""
    page.wait_for_function(
        "text => document.querySelector('#f-body').value.includes(text)", arg=text
    )
    return page.locator("#f-body").input_value()


def _picture_in_preview(page, editor: EditProcess, address: str) -> dict[str, str]:
    deadline = time.monotonic() + 60
    while True:
        try:
            page.goto(editor.url + address)
        except PlaywrightError as error:
            # The page left open reloads itself when the build it waits for ends (the
            # preview's reload script): that reload may cut this navigation short.
            cut = ("ERR_ABORTED", "interrupted by another navigation")  # as Chromium says it
            assert any(w in str(error) for w in cut) and time.monotonic() < deadline, error
            continue
        found = page.locator("main picture img")
        if found.count():
            found.first.scroll_into_view_if_needed()
            page.wait_for_function(
                "() => { const i = document.querySelector('main picture img');"
                " return i.complete && i.naturalWidth > 0; }"
            )
            return found.first.evaluate(
                "i => ({alt: i.alt, width: i.getAttribute('width'),"
                " height: i.getAttribute('height'), src: i.currentSrc,"
                " natural: String(i.naturalWidth)})"
            )
        assert time.monotonic() < deadline, "the preview never showed the photo"
        time.sleep(0.5)


def test_a_phone_photo_placed_through_the_file_input(page, editor: EditProcess, site: Path):
    _open(page, editor, FOLDER_PAGE)
    _cursor_after(page, "最初の段落です。")
    page.set_input_files(
        "#photo-file", files=[{"name": "IMG_0001.JPG", "mimeType": "image/jpeg", "buffer": PHOTO}]
    )
    _answer_dialog(page, "事務局の受付")
    body = _body_once_placed(page, "![事務局の受付]")
    assert "最初の段落です。\n\n![事務局の受付](img_0001.jpg)\n\n最後の段落です。" in body
    assert "まだ保存していません" in page.locator(".photo-status").inner_text()
    page.get_by_role("button", name="保存する").first.click()
    assert "保存しました" in page.locator(".notice").first.inner_text()
    assert "![事務局の受付](img_0001.jpg)" in (site / FOLDER_PAGE).read_text(encoding="utf-8")
    assert (site / "content/guide/img_0001.jpg").read_bytes() == PHOTO
    shown = _picture_in_preview(page, editor, "/guide/")
    assert shown["alt"] == "事務局の受付"
    assert (shown["width"], shown["height"]) == ("3024", "4032")  # turned upright
    assert ".webp" in shown["src"] and int(shown["natural"]) <= 1920


def test_a_phone_photo_dropped_on_the_body(page, editor: EditProcess, site: Path) -> None:
    _open(page, editor, FLAT_PAGE)
    _cursor_after(page, "協会の概要です。")
    page.locator("#f-body").evaluate(
        """(area, data) => {
             const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
             const transfer = new DataTransfer();
             transfer.items.add(new File([bytes], "IMG_0002.JPG", { type: "image/jpeg" }));
             for (const type of ["dragenter", "dragover", "drop"]) {
               area.dispatchEvent(new DragEvent(type,
                 { dataTransfer: transfer, bubbles: true, cancelable: true }));
             }
           }""",
        base64.b64encode(PHOTO).decode(),
    )
    _answer_dialog(page, "協会の建物")
    body = _body_once_placed(page, "![協会の建物]")
    assert "協会の概要です。\n\n![協会の建物](/assets/images/img_0002.jpg)" in body
    page.get_by_role("button", name="保存する").first.click()
    assert "保存しました" in page.locator(".notice").first.inner_text()
    assert (site / "assets/images/img_0002.jpg").read_bytes() == PHOTO
    shown = _picture_in_preview(page, editor, "/about/")
    assert shown["alt"] == "協会の建物" and shown["width"] == "3024"


def test_no_location_data_in_any_built_byte(editor: EditProcess, site: Path) -> None:
    assert (site / "content/guide/img_0001.jpg").exists(), "run after the placing tests"
    built = subprocess.run(
        [sys.executable, "build.py"],
        cwd=site,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    dist = site / "dist"
    pictures = 0
    for path in dist.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        assert GPS_MARKER not in data, path
        if path.suffix.lower() in (".jpg", ".jpeg", ".webp", ".png", ".avif"):
            assert b"Exif\x00\x00" not in data, path
            with Image.open(path) as image:
                assert not image.getexif().get_ifd(0x8825), path
            pictures += "img_000" in path.name
    assert pictures >= 12  # the variants of both photos
    assert not (dist / "guide/img_0001.jpg").exists()  # the original is never published


def test_refused_files_show_why_and_write_nothing(page, editor: EditProcess, site: Path):
    _open(page, editor, FOLDER_PAGE)
    before = files_of(site)
    status = page.locator(".photo-status")
    for name, data, said in [
        ("報告書.jpg", pdf_named_jpg(), "中身は PDF"),
        ("IMG_0003.JPG", truncated_jpeg(), "途中で切れている"),
    ]:
        page.set_input_files(
            "#photo-file", files=[{"name": name, "mimeType": "image/jpeg", "buffer": data}]
        )
        page.wait_for_function(
            "said => document.querySelector('.photo-status').textContent.includes(said)", arg=said
        )
        assert name in status.inner_text() and "何も保存していません" in status.inner_text()
        assert not page.locator("#photo-dialog").is_visible()
    assert files_of(site) == before


def test_replace_and_a_refused_delete_from_the_photos_list(page, editor: EditProcess, site: Path):
    name = "content/guide/img_0001.jpg"
    assert name in (site / FOLDER_PAGE).read_text(encoding="utf-8") or (site / name).exists()
    page.goto(editor.url + "/__edit/photos")
    item = page.locator(".photo-item", has=page.locator("h2", has_text=name))
    assert FOLDER_PAGE in item.locator(".photo-pages").inner_text()
    item.locator("input[type=file]").set_input_files(
        files=[{"name": "new.png", "mimeType": "image/png", "buffer": small_png()}]
    )
    item.get_by_role("button", name="置き換える", exact=True).click()
    assert "置き換えました" in page.locator(".notice").inner_text()
    with Image.open(site / name) as image:
        assert image.format == "JPEG" and image.size == (64, 64)
    page.get_by_role("button", name=f"「{name}」を削除").click()
    notice = page.locator(".notice")
    assert "削除しませんでした" in notice.inner_text()
    assert notice.get_by_role("link", name=FOLDER_PAGE).is_visible()
    assert (site / name).exists()
    shown = _picture_in_preview(page, editor, "/guide/")
    assert shown["width"] == "64"  # every page shows the new picture under the same name


def test_without_javascript_the_picker_and_the_alt_form_work(browser, editor, site: Path):
    context = browser.new_context(locale="ja-JP", java_script_enabled=False)
    page = context.new_page()
    page.goto(editor.link)
    _open(page, editor, "content/guide/index.md")
    page.set_input_files(
        "#photo-file",
        files=[{"name": "desk.png", "mimeType": "image/png", "buffer": small_png((9, 9, 9))}],
    )
    page.get_by_role("button", name="写真を送る").click()
    assert "content/guide/desk.png" in page.locator(".photo-published").inner_text()
    page.get_by_label("飾りだけの写真").check()
    page.get_by_role("button", name="本文の最後に入れて保存する").click()
    assert "保存しました" in page.locator(".notice").inner_text()
    text = (site / FOLDER_PAGE).read_text(encoding="utf-8")
    assert text.endswith('<img src="desk.png" alt="">\n')
    context.close()


def test_the_dialog_works_by_keyboard(page, editor: EditProcess, site: Path) -> None:
    _open(page, editor, FLAT_PAGE)
    page.set_input_files(
        "#photo-file",
        files=[{"name": "door.png", "mimeType": "image/png", "buffer": small_png((1, 99, 1))}],
    )
    page.locator("#photo-dialog").wait_for(state="visible")
    assert page.evaluate("document.activeElement.id") == "photo-alt"
    page.keyboard.press("Escape")  # closed: nothing inserted
    # Closed before the next photo is chosen: a busy machine could still be showing this one
    # when the next is awaited, and the keys below would go to it.
    page.locator("#photo-dialog").wait_for(state="hidden")
    assert "door.png" not in page.locator("#f-body").input_value()
    page.set_input_files(
        "#photo-file",
        files=[{"name": "door.png", "mimeType": "image/png", "buffer": small_png((1, 99, 1))}],
    )
    page.locator("#photo-dialog").wait_for(state="visible")
    page.keyboard.type("入口のドア")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "photo-decorative"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "本文に入れる"
    page.keyboard.press("Enter")
    page.locator("#photo-dialog").wait_for(state="hidden")
    assert "![入口のドア](/assets/images/door.png)" in _body_once_placed(page, "![入口のドア]")


@pytest.mark.parametrize("width", [375, 1280])
def test_photo_pages_pass_axe_and_fit_a_phone(browser, editor, width: int) -> None:
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"axe-core is required in CI: {AXE}")
        pytest.skip("axe-core not installed (cd audit && npm ci)")
    context = browser.new_context(locale="ja-JP", bypass_csp=True)
    page = context.new_page()
    page.goto(editor.link)
    page.set_viewport_size({"width": width, "height": 800})

    def audited(where: str) -> None:
        assert _axe(page) == [], where
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (where, overflow)

    page.goto(editor.url + "/__edit/photos")
    audited("list")
    _open(page, editor, FOLDER_PAGE)
    audited("form")
    page.set_input_files(
        "#photo-file",
        files=[{"name": "axe.png", "mimeType": "image/png", "buffer": small_png((3, 3, 3))}],
    )
    page.locator("#photo-dialog").wait_for(state="visible")
    audited("dialog")
    page.keyboard.press("Escape")
    # The page that asks for the alt text without JavaScript (a plain form post): the file
    # input without photo.js's listener, the form submitted as the browser does.
    page.evaluate("(i => i.replaceWith(i.cloneNode()))(document.querySelector('#photo-file'))")
    page.set_input_files(
        "#photo-file",
        files=[{"name": "axe.png", "mimeType": "image/png", "buffer": small_png((3, 3, 3))}],
    )
    with page.expect_navigation():
        page.evaluate("document.querySelector('form.photo-picker').submit()")
    assert page.locator(".photo-published").count() == 1
    audited("place")
    context.close()
