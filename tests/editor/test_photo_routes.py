"""The editor's photo routes through Flask's test client: what is refused (nothing written),
where a photo goes and under which name, placing it with its alt text, the photos list's
replace and delete, and the upload limit of its own."""

from __future__ import annotations

import io
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from sitegen.editor import photos
from sitegen.editor.saving import digest

from editor_client import Session, editor_session, files_of
from photo_samples import (
    FLAT_PAGE,
    FOLDER_PAGE,
    animated_gif,
    bomb_png,
    pdf_named_jpg,
    phone_photo,
    photo_site,
    small_png,
    still_gif,
    truncated_jpeg,
)

SECTION = "content/sections/incident.md"


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Path]:
    root = photo_site(tmp_path / "site")
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def session(site: Path) -> Session:
    return editor_session(site)


def _add(session: Session, page: str, data: bytes, filename: str, json: bool = False):
    fields: dict[str, object] = {"csrf": _csrf(session), "page": page}
    fields["photo"] = (io.BytesIO(data), filename)
    headers = {"Accept": "application/json"} if json else {}
    return session.post(
        "/__edit/photos/add", fields, content_type="multipart/form-data", headers=headers
    )


_TOKENS: dict[str, str] = {}


def _listed(session: Session, name: str) -> dict[str, str]:
    """The fields of a photo's forms in the photos list, as shown now (csrf, name, version)."""
    listing = session.get("/__edit/photos").data.decode()
    shown = rf'name="name" value="{re.escape(name)}"><input type="hidden" name="version" value="([^"]*)"'
    return {"csrf": _csrf(session), "name": name, "version": re.search(shown, listing)[1]}


def _csrf(session: Session) -> str:
    """The session's CSRF token, as the page's forms carry it."""
    # By the editor's own token: an object's id is reused once it is gone, and a token kept
    # under a finished session's id was sent with the next one's forms (403).
    if session.keys.token not in _TOKENS:
        listing = session.get("/__edit/photos").data.decode()  # no site check: quick
        _TOKENS[session.keys.token] = re.search(r'name="csrf" value="([^"]+)"', listing)[1]
    return _TOKENS[session.keys.token]


REFUSED = [
    ("report.jpg", pdf_named_jpg(), "中身は PDF"),
    ("cut.jpg", truncated_jpeg(), "途中で切れている"),
    ("bomb.png", bomb_png(), "50,000×50,000"),
    ("moving.gif", animated_gif(), "動く GIF"),
    ("empty.jpg", b"", "空のファイル"),
    ("notes.jpg", "写真ではない文章".encode(), "写真として読めません"),
]


@pytest.mark.parametrize(("filename", "data", "said"), REFUSED, ids=[r[0] for r in REFUSED])
@pytest.mark.parametrize("json", [False, True], ids=["form", "fetch"])
def test_a_file_that_is_no_usable_photo_is_refused_in_japanese_and_nothing_is_written(
    session: Session, site: Path, filename: str, data: bytes, said: str, json: bool
) -> None:
    before = files_of(site)
    answer = _add(session, FOLDER_PAGE, data, filename, json)
    assert answer.status_code == 422
    text = answer.json["error"] if json else answer.data.decode()
    assert said in text and filename in text
    assert "何も保存していません" in text
    assert files_of(site) == before


def test_without_a_file_or_the_csrf_token_nothing_is_written(session: Session, site: Path):
    before = files_of(site)
    answer = session.post(
        "/__edit/photos/add",
        {"csrf": _csrf(session), "page": FOLDER_PAGE},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 400 and "選ばれていません" in answer.data.decode()
    forged = session.post(
        "/__edit/photos/add",
        {"csrf": "wrong", "page": FOLDER_PAGE, "photo": (io.BytesIO(small_png()), "a.png")},
        content_type="multipart/form-data",
    )
    assert forged.status_code == 403
    assert files_of(site) == before


def test_photo_uploads_have_their_own_limit_and_forms_keep_theirs(
    session: Session, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(photos, "MOST_PHOTO", 3 * 1024 * 1024)
    noise = Image.frombytes("RGB", (1000, 900), os.urandom(1000 * 900 * 3))
    out = io.BytesIO()
    noise.save(out, "PNG", compress_level=1)
    big = out.getvalue()
    assert 2 * 1024 * 1024 < len(big) < 3 * 1024 * 1024  # past the form limit, within the photo's
    assert _add(session, FOLDER_PAGE, big, "noise.png").status_code == 200
    before = files_of(site)
    too_big = _add(session, FOLDER_PAGE, big + b"\x00" * (1024 * 1024), "noise2.png")
    assert too_big.status_code == 413 and "1 枚の写真として送れるのは 3 MB" in too_big.data.decode()
    form = session.form(FOLDER_PAGE)
    form.update(op="save", body="x" * (2 * 1024 * 1024 + 10))
    assert session.post("/__edit/file", form).status_code == 413  # the form's 2 MB limit
    assert files_of(site) == before


@pytest.mark.parametrize(
    ("page", "stored", "src"),
    [
        (FOLDER_PAGE, "content/guide/img_0001.jpg", "img_0001.jpg"),
        (FLAT_PAGE, "assets/images/img_0001.jpg", "/assets/images/img_0001.jpg"),
        (SECTION, "assets/images/img_0001.jpg", "/assets/images/img_0001.jpg"),
    ],
)
def test_a_photo_goes_where_the_docs_say(
    session: Session, site: Path, page: str, stored: str, src: str
) -> None:
    answer = _add(session, page, phone_photo(800, 600), "IMG_0001.JPG", json=True)
    assert answer.status_code == 200, answer.data
    assert answer.json["name"] == stored and answer.json["src"] == src
    assert (site / stored).read_bytes() == phone_photo(800, 600)
    panel = answer.json["panel"]
    assert "WEBP 320×427" in panel and "JPEG 600×800" in panel  # upright: orientation 6
    assert "位置情報" in panel and "取り除きます" in panel


def test_names_are_made_safe_and_no_file_is_ever_replaced(session: Session, site: Path) -> None:
    first = _add(session, FOLDER_PAGE, small_png((1, 2, 3)), "CON.png", json=True).json
    assert first["name"] == "content/guide/photo-con.png"
    odd = _add(session, FOLDER_PAGE, small_png((4, 5, 6)), "My Photo (1)?.PNG", json=True).json
    assert odd["name"] == "content/guide/my-photo-1.png"
    again = _add(session, FOLDER_PAGE, small_png((7, 8, 9)), "con.png", json=True).json
    assert again["name"] == "content/guide/photo-con-2.png"
    assert "photo-con-2.png" in again["panel"] and "元のファイルはそのまま" in again["panel"]
    assert (site / first["name"]).read_bytes() == small_png((1, 2, 3))
    same = _add(session, FOLDER_PAGE, small_png((1, 2, 3)), "other.png", json=True).json
    assert same["name"] == first["name"] and "すでに" in same["panel"]
    assert not (site / "content/guide/other.png").exists()
    assert sorted(p.name for p in (site / "content/guide").iterdir()) == [
        "index.md", "my-photo-1.png", "photo-con-2.png", "photo-con.png",
    ]  # fmt: skip


def test_no_photo_is_written_through_a_link_out_of_the_project(
    session: Session, site: Path, tmp_path: Path
) -> None:
    """assets/images/ made a link to a folder elsewhere: the photo is refused, none written."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    images = site / "assets" / "images"
    shutil.rmtree(images, ignore_errors=True)
    try:
        images.symlink_to(elsewhere, target_is_directory=True)
    except OSError:  # Windows without the right to make links
        pytest.skip("this account cannot make symbolic links")
    answer = _add(session, FLAT_PAGE, phone_photo(800, 600), "IMG_0001.JPG")
    assert answer.status_code == 403
    assert (
        "ほかの場所へのリンク" in answer.data.decode() and "assets/images/" in answer.data.decode()
    )
    assert list(elsewhere.iterdir()) == []


def test_a_still_gif_becomes_a_png_without_its_comment(session: Session, site: Path) -> None:
    answer = _add(session, FOLDER_PAGE, still_gif(), "Logo.gif", json=True).json
    assert answer["name"] == "content/guide/logo.png" and "PNG に変換" in answer["panel"]
    with Image.open(site / answer["name"]) as image:
        assert image.format == "PNG" and image.size == (40, 30) and "comment" not in image.info


def test_an_iphone_heic_is_kept_as_heic_and_published_as_webp(session: Session, site: Path):
    from pillow_heif import register_heif_opener

    register_heif_opener()
    out = io.BytesIO()
    Image.new("RGB", (96, 64), (30, 90, 150)).save(out, "HEIF", quality=60)
    answer = _add(session, FOLDER_PAGE, out.getvalue(), "IMG_0002.HEIC", json=True).json
    assert answer["name"] == "content/guide/img_0002.heic"
    assert "WEBP 96×64" in answer["panel"] and "JPEG 96×64" in answer["panel"]


def _place(session: Session, page: str, src: str, sha: str, **fields: str):
    data = {"csrf": _csrf(session), "page": page, "src": src, "sha": sha, **fields}
    return session.post("/__edit/photos/place", data)


def test_placing_without_javascript_asks_for_alt_text_or_decorative(session: Session, site: Path):
    _add(session, FOLDER_PAGE, small_png(), "office.png")
    sha = digest((site / FOLDER_PAGE).read_bytes())
    before = (site / FOLDER_PAGE).read_bytes()
    missing = _place(session, FOLDER_PAGE, "office.png", sha, alt="  ")
    assert missing.status_code == 422 and "「装飾」を選んで" in missing.data.decode()
    assert (site / FOLDER_PAGE).read_bytes() == before
    placed = _place(session, FOLDER_PAGE, "office.png", sha, alt="事務局の [受付]")
    assert placed.status_code == 200 and "保存しました" in placed.data.decode()
    text = (site / FOLDER_PAGE).read_text(encoding="utf-8")
    assert text.endswith("最後の段落です。\n\n![事務局の \\[受付\\]](office.png)\n")
    stale = _place(session, FOLDER_PAGE, "office.png", sha, decorative="yes")
    assert stale.status_code == 409  # the page changed since: nothing overwritten
    now = digest((site / FOLDER_PAGE).read_bytes())
    _place(session, FOLDER_PAGE, "office.png", now, decorative="yes")
    assert (
        (site / FOLDER_PAGE).read_text(encoding="utf-8").endswith('<img src="office.png" alt="">\n')
    )


def test_replace_keeps_the_name_and_the_history(session: Session, site: Path) -> None:
    stored = _add(session, FOLDER_PAGE, phone_photo(400, 300), "team.jpg", json=True).json
    name = stored["name"]
    sha = digest((site / FOLDER_PAGE).read_bytes())
    _place(session, FOLDER_PAGE, stored["src"], sha, alt="職員")
    answer = session.post(
        "/__edit/photos/replace",
        {**_listed(session, name), "photo": (io.BytesIO(small_png()), "new.png")},
        content_type="multipart/form-data",
    )
    page = answer.data.decode()
    assert answer.status_code == 200 and "置き換えました" in page and "JPEG に変換" in page
    with Image.open(site / name) as image:
        assert image.format == "JPEG" and image.size == (64, 64)  # same name, new picture
    versions = session.editor.history.versions(name)
    assert [v.kind for v in versions] == ["save", "save"]  # the upload, then the replacement
    assert versions[1].read() == phone_photo(400, 300)  # stored once: no "before" copy of it
    assert "team.jpg" in (site / FOLDER_PAGE).read_text(encoding="utf-8")


def test_delete_is_refused_while_a_page_shows_the_photo(session: Session, site: Path) -> None:
    stored = _add(session, FLAT_PAGE, small_png(), "map.png", json=True).json
    _place(session, FLAT_PAGE, stored["src"], digest((site / FLAT_PAGE).read_bytes()), alt="地図")
    listing = session.get("/__edit/photos").data.decode()
    assert "assets/images/map.png" in listing and FLAT_PAGE in listing
    refused = session.post("/__edit/photos/delete", _listed(session, stored["name"]))
    assert refused.status_code == 409
    assert "削除しませんでした" in refused.data.decode() and FLAT_PAGE in refused.data.decode()
    assert (site / stored["name"]).exists()
    page = site / FLAT_PAGE
    page.write_text(page.read_text(encoding="utf-8").replace("![地図](/assets/images/map.png)", ""))
    deleted = session.post("/__edit/photos/delete", _listed(session, stored["name"]))
    assert deleted.status_code == 200 and "削除しました" in deleted.data.decode()
    assert not (site / stored["name"]).exists()
    assert session.editor.history.versions(stored["name"])[0].read() == small_png()


def test_a_photo_changed_since_the_list_was_shown_is_neither_replaced_nor_deleted(
    session: Session, site: Path
) -> None:
    name = _add(session, FOLDER_PAGE, small_png(), "hall.png", json=True).json["name"]
    shown = _listed(session, name)
    # A colleague's PC puts another picture under the same name (OneDrive syncs it).
    theirs = phone_photo(320, 240)
    (site / name).write_bytes(theirs)
    replace = {**shown, "photo": (io.BytesIO(small_png((9, 9, 9))), "mine.png")}
    answer = session.post("/__edit/photos/replace", replace, content_type="multipart/form-data")
    assert answer.status_code == 409 and "ほかの場所" in answer.data.decode()
    assert session.post("/__edit/photos/delete", shown).status_code == 409
    assert (site / name).read_bytes() == theirs
    again = session.post("/__edit/photos/delete", _listed(session, name))  # listed anew
    assert again.status_code == 200 and not (site / name).exists()


def test_a_photo_put_back_is_stored_once_in_the_history(session: Session, site: Path) -> None:
    first, second = phone_photo(300, 200), small_png()
    name = _add(session, FOLDER_PAGE, first, "sign.jpg", json=True).json["name"]

    def put(data: bytes, filename: str) -> None:
        fields = {**_listed(session, name), "photo": (io.BytesIO(data), filename)}
        answer = session.post("/__edit/photos/replace", fields, content_type="multipart/form-data")
        assert answer.status_code == 200

    put(second, "b.jpg")
    put(first, "a.jpg")
    versions = session.editor.history.versions(name)
    assert len(versions) == 3 and versions[0].read() == versions[2].read() == first
    assert versions[0].path.stat().st_ino == versions[2].path.stat().st_ino  # one copy
    objects = site / ".sitegen-history/.objects"
    assert len(list(objects.iterdir())) == 2


def test_a_gif_is_not_replaced_through_the_editor(session: Session, site: Path) -> None:
    (site / "assets/images").mkdir(parents=True, exist_ok=True)
    (site / "assets/images/anim.gif").write_bytes(still_gif())
    before = files_of(site)
    listing = session.get("/__edit/photos").data.decode()
    assert 'value="assets/images/anim.gif"' in listing
    fields = {"csrf": _csrf(session), "name": "assets/images/anim.gif", "version": ""}
    fields["photo"] = (io.BytesIO(small_png()), "a.png")
    answer = session.post("/__edit/photos/replace", fields, content_type="multipart/form-data")
    assert answer.status_code == 400 and "置き換えられません" in answer.data.decode()
    assert files_of(site) == before


def test_thumbnails_are_small_upright_jpegs_and_never_an_svg(session: Session, site: Path):
    name = _add(session, FOLDER_PAGE, phone_photo(800, 600), "t.jpg", json=True).json["name"]
    answer = session.get(f"/__edit/photos/thumb?name={name}")
    assert answer.status_code == 200 and answer.content_type == "image/jpeg"
    with Image.open(io.BytesIO(answer.data)) as image:
        assert image.size == (180, 240) and not image.getexif()
    assert session.get("/__edit/photos/thumb?name=assets/favicon.svg").status_code == 404
    assert session.get("/__edit/photos/thumb?name=content/site.yml").status_code == 404


def test_a_jpeg_with_more_pictures_in_it_is_taken_as_a_jpeg() -> None:
    """Phones write depth and HDR maps as extra pictures: Pillow reads such a JPEG as MPO."""
    import io

    from PIL import Image

    from sitegen.editor import photos_check

    first, second = Image.new("RGB", (64, 48), (200, 10, 10)), Image.new("RGB", (64, 48))
    out = io.BytesIO()
    first.save(out, "MPO", save_all=True, append_images=[second])
    assert Image.open(io.BytesIO(out.getvalue())).format == "MPO"
    checked = photos_check.check(out.getvalue(), "IMG_0001.JPG")
    assert checked.suffix == ".jpg" and (checked.width, checked.height) == (64, 48)
