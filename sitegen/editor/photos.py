"""The editor's photos: add one to a page (picker or drop), place it with its alt text, see
what will be published, and the photos list with replace and delete.

Every route works without JavaScript (a file input in a form posted as multipart, then a
page asking for the alt text); photo.js turns the same routes into a drop onto the page's
form and a dialog that inserts the Markdown at the cursor. Uploads have a limit of their own
(MOST_PHOTO), set before the editor's guard reads the form.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from flask import Blueprint, Flask, Response, jsonify, render_template, request, session
from werkzeug.exceptions import RequestEntityTooLarge

from sitegen.core.files import replace_file
from sitegen.core.messages import editor_text
from sitegen.editor import paths
from sitegen.editor.app import PREFIX, current, refusal
from sitegen.editor.photos_check import SAME_KIND, Checked, PhotoRefusedError, as_kind, check
from sitegen.editor.photos_place import Place, Stored, markdown, place_of, store
from sitegen.editor.photos_published import kilobytes, published, site_asks_avif
from sitegen.editor.photos_thumbs import THUMBED, thumbnail
from sitegen.editor.photos_usage import images_of, users_of, version_of, with_users
from sitegen.editor.saving import CHANGES, ConflictError, digest, save

PHOTOS = PREFIX + "/photos"
# Phones' photos are 2-12 MB (48 MP HEIC up to ~25 MB); the editor's forms stay at 2 MB.
MOST_PHOTO = 40 * 1024 * 1024
_UPLOADS = (PHOTOS + "/add", PHOTOS + "/replace")
_SRC = re.compile(r"^/?[\w\-./]+$")


def register(app: Flask) -> None:
    bp = Blueprint("photos", __name__)
    bp.add_url_rule(PHOTOS, "photo_list", photo_list)
    bp.add_url_rule(PHOTOS + "/add", "add", add, methods=["POST"])
    bp.add_url_rule(PHOTOS + "/place", "place", place, methods=["POST"])
    bp.add_url_rule(PHOTOS + "/replace", "replace", replace, methods=["POST"])
    bp.add_url_rule(PHOTOS + "/delete", "delete", delete, methods=["POST"])
    bp.add_url_rule(PHOTOS + "/thumb", "thumb", thumb)
    bp.register_error_handler(RequestEntityTooLarge, _too_large)
    app.register_blueprint(bp)
    app.jinja_env.globals.update(photo_place_of=place_of)


def allow_photo_size() -> None:
    """The upload routes' own size limit, set before any part of the form is read."""
    if request.method == "POST" and request.path in _UPLOADS:
        request.max_content_length = MOST_PHOTO


def _wants_json() -> bool:
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == (
        "application/json"
    )


def _refused(text: str, status: int, title_key: str = "photo_refused_title") -> Response:
    if _wants_json():
        response = jsonify(error=text)
        response.status_code = status
        return response
    return refusal(editor_text(title_key), text, status)


def _too_large(error: RequestEntityTooLarge) -> Response:
    limit = f"{MOST_PHOTO // (1024 * 1024)} MB"
    text = editor_text("photo_too_large_text", limit=limit)
    return _refused(text, 413, "photo_too_large_title")


def _page(template: str, status: int = 200, **values: Any) -> Response:
    values.setdefault("csrf", session.get("csrf", ""))
    page = render_template(template, **values)
    return Response(page, status, content_type="text/html; charset=utf-8")


def _page_file(name: str) -> str | None:
    """name if it is a page file (`content/….md`) the editor may change, else None."""
    try:
        target = paths.editable_text(current().project, name)
    except paths.PathRefusedError:
        return None
    return name if target.suffix == ".md" and target.is_file() else None


def _uploaded() -> tuple[str, bytes] | None:
    upload = request.files.get("photo")
    if upload is None or not upload.filename:
        return None
    return upload.filename, upload.read()


def _checked() -> Checked | Response:
    """The uploaded photo, checked by its content, or the refusal saying why not."""
    uploaded = _uploaded()
    if uploaded is None:
        return _refused(editor_text("photo_refused_none"), 400)
    filename, data = uploaded
    try:
        return check(data, PurePosixPath(filename.replace("\\", "/")).name)
    except PhotoRefusedError as refused:
        text = editor_text(refused.key, **refused.values)
        return _refused(f"{text} {editor_text('photo_refused_nothing')}", 422)


def add() -> Response:
    """Store an uploaded photo where the page's photos go; ask for its alt text."""
    page = _page_file(request.form.get("page", ""))
    if page is None:
        return _refused(editor_text("photo_refused_page"), 400)
    checked = _checked()
    if isinstance(checked, Response):
        return checked
    editor = current()
    place = place_of(page)
    filename = request.files["photo"].filename or "photo"
    try:
        stored = store(editor.project, place, filename, checked.suffix, checked.data)
    except paths.PathRefusedError:
        return _refused(editor_text("photo_refused_place", folder=place.folder + "/"), 403)
    if not stored.existing:
        editor.history.keep(stored.name, checked.data, "save", shared=True)
    summary = published(checked, site_asks_avif(editor.project.settings))
    notes = _notes(filename, stored, checked)
    side = max(checked.width, checked.height)
    thumb = (round(240 * checked.width / side), round(240 * checked.height / side))
    values = dict(stored=stored, summary=summary, notes=notes, weight=kilobytes, thumb=thumb)
    if _wants_json():
        panel = render_template("photo_published.html", **values)
        return jsonify(src=stored.src, name=stored.name, panel=panel)
    return _page("photo_place.html", page=page, sha=request.form.get("sha", ""), **values)


def _notes(filename: str, stored: Stored, checked: Checked) -> list[str]:
    shown = PurePosixPath(stored.name).name
    if stored.existing:
        notes = [editor_text("photo_place_existing", stored=stored.name)]
    else:
        notes = [editor_text("photo_place_intro", name=filename, stored=stored.name)]
    if stored.renamed_from:
        notes.append(editor_text("photo_place_renamed", wanted=stored.renamed_from, stored=shown))
    if checked.converted_from:
        notes.append(editor_text("photo_published_converted"))
    return notes


def place() -> Response:
    """Without JavaScript: the photo's Markdown at the end of the page's body, saved."""
    editor = current()
    page = _page_file(request.form.get("page", ""))
    src = request.form.get("src", "")
    if page is None or not _SRC.match(src) or ".." in src:
        return _refused(editor_text("photo_refused_page"), 400)
    alt = " ".join(request.form.get("alt", "").split())
    decorative = request.form.get("decorative") == "yes"
    sha = request.form.get("sha", "")
    if not alt and not decorative:
        stored = Stored(_name_of(place_of(page), src), src, "", True)
        return _page(
            "photo_place.html", 422, page=page, sha=sha, stored=stored, summary=None,
            notes=[], weight=kilobytes, alt_error=editor_text("photo_alt_missing"),
        )  # fmt: skip
    target = paths.editable_text(editor.project, page)
    current_bytes = target.read_bytes()
    try:
        text = current_bytes.decode("utf-8").rstrip("\n")
    except UnicodeDecodeError:  # E001 on the page's form says how to fix it
        return _refused(editor_text("photo_page_unreadable", page=page), 422)
    data = f"{text}\n\n{markdown(src, '' if decorative else alt)}\n".encode()
    try:
        save(target, page, sha or digest(current_bytes), data, editor.history)
    except ConflictError:
        return refusal(editor_text("conflict_title"), editor_text("conflict_text", path=page), 409)
    return _page("photo_place.html", page=page, placed=True, stored=None, summary=None)


def _name_of(place: Place, src: str) -> str:
    return src.lstrip("/") if place.prefix else f"{place.folder}/{src}"


def photo_list(notice: str = "", status: int = 200, blocked: list[str] | None = None) -> Response:
    project = current().project
    found = with_users(project)
    return _page(
        "photo_list.html", status, found=found, notice=notice, blocked=blocked or [],
        weight=kilobytes, replaceable=tuple(SAME_KIND), thumbed=tuple(THUMBED),
    )  # fmt: skip


def _image_named(name: str) -> Any:
    project = current().project
    try:
        target = paths.resolve(project, name)
    except paths.PathRefusedError:
        return None
    return images_of(project).get(target.resolve())


def _changed_since_listed(image: Any) -> Response | None:
    """The list again with the conflict notice, if the photo changed since it was listed."""
    if request.form.get("version", "") == version_of(image.path):
        return None
    return photo_list(editor_text("photo_changed_elsewhere", name=image.name), 409)


def replace() -> Response:
    """The same name, a new picture: every page that shows it follows."""
    editor = current()
    name = request.form.get("name", "")
    image = _image_named(name)
    if image is None:
        return _refused(editor_text("photo_unknown", name=name), 404)
    if image.path.suffix.lower() not in SAME_KIND:
        kind = image.path.suffix.lstrip(".").upper()
        return _refused(editor_text("photo_replace_kind", name=name, kind=kind), 400)
    checked = _checked()
    if isinstance(checked, Response):
        return checked
    new = as_kind(checked, image.path.suffix)
    with CHANGES:
        refused = _changed_since_listed(image)
        if refused is not None:
            return refused
        old = image.path.read_bytes()
        if new == old:
            return photo_list(editor_text("photo_replace_same", name=name))
        editor.history.keep(name, old, "before", shared=True)
        replace_file(image.path, new)
        editor.history.keep(name, new, "save", shared=True)
    count = len(users_of(editor.project, name))
    notice = editor_text("photo_replaced", name=name, count=count)
    if new is not checked.data:
        kind = image.path.suffix.lstrip(".").upper().replace("JPG", "JPEG")
        notice += " " + editor_text("photo_replaced_converted", kind=kind)
    return photo_list(notice)


def delete() -> Response:
    """Remove a photo no page shows; refused, with the pages, while one does."""
    editor = current()
    name = request.form.get("name", "")
    image = _image_named(name)
    if image is None:
        return _refused(editor_text("photo_unknown", name=name), 404)
    with CHANGES:
        refused = _changed_since_listed(image)
        if refused is not None:
            return refused
        users = users_of(editor.project, name)
        if users:
            text = editor_text("photo_delete_refused", name=name)
            return photo_list(text, 409, blocked=users)
        editor.history.keep(name, image.path.read_bytes(), "before", shared=True)
        image.path.unlink()
    return photo_list(editor_text("photo_deleted", name=name))


def thumb() -> Response:
    """A small JPEG of an image of the site, for the lists and the placing page."""
    image = _image_named(request.args.get("name", ""))
    data = thumbnail(image.path) if image is not None else None
    if data is None:
        return Response(status=404)
    return Response(data, content_type="image/jpeg")
