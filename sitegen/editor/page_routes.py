"""The editor's pages that make, rename, reorder and delete files, and the live preview of
what is typed and not saved yet. Every change is a POST (the app's guard checks its session,
origin and CSRF token); every name is checked by `paths` and `naming` before a file is touched.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, request

from sitegen.core.messages import editor_text
from sitegen.core.problems import ContentError
from sitegen.editor import creating, editing, form_values, linking, moving, naming, paths
from sitegen.editor.app import PREFIX, current, refusal
from sitegen.editor.documents import NotReadableError
from sitegen.editor.roundtrip import RoundTripError
from sitegen.editor.saving import ConflictError, digest, save
from sitegen.editor.site_access import models_of
from sitegen.editor.views import (
    _form,
    _opened,
    _page,
    _said,
    _with_problems,
    is_section_item,
    may_move_away,
    overview_page,
)

MOST_TITLE = 200


def register(app: Flask) -> None:
    app.add_url_rule(PREFIX + "/new", "new", new_form)
    app.add_url_rule(PREFIX + "/new", "create", create, methods=["POST"])
    app.add_url_rule(PREFIX + "/rename", "rename", rename, methods=["POST"])
    app.add_url_rule(PREFIX + "/move", "move", move, methods=["POST"])
    app.add_url_rule(PREFIX + "/delete", "delete", delete, methods=["POST"])
    app.add_url_rule(PREFIX + "/unlink", "unlink", unlink, methods=["POST"])
    app.add_url_rule(PREFIX + "/live", "live", live, methods=["POST"])


def _refused_path() -> Response:
    return refusal(editor_text("not_allowed_title"), editor_text("not_allowed_text"), 403)


def kind_label(kind: naming.Kind) -> str:
    if kind.kind == naming.NEWS:
        return editor_text("new_kind_news", folder=kind.folder)
    if kind.kind == naming.ITEM:
        models, _ = models_of(current().project)
        model = models.sections.get(kind.section) if models is not None else None
        shown = model.purpose if model is not None and model.purpose else kind.section
        return editor_text("new_kind_item", name=shown)
    return editor_text("new_kind_page")


def new_form() -> Response:
    """The kinds of file to make, or (?kind=) the form of one, its name proposed."""
    project = current().project
    kinds = naming.kinds(project)
    kind = naming.kind_of(project, request.args.get("kind", ""))
    if kind is None:
        listed = [(k.key, kind_label(k)) for k in kinds]
        return _page("new.html", kinds=listed, kind=None)
    title = editor_text("new_default_item" if kind.kind == naming.ITEM else "new_default_title")
    return _new_page(kind, naming.proposed(project, kind), title, menu=False, problems=[])


def _new_page(
    kind: naming.Kind, name: str, title: str, menu: bool, problems: list, status: int = 200
) -> Response:
    folder = f"content/{kind.folder}/" if kind.folder else "content/"
    return _page(
        "new.html",
        status,
        kind=kind,
        label=kind_label(kind),
        name=name,
        title=title,
        menu=menu,
        folder=folder,
        problems=[_said(p) for p in problems],
    )


def create() -> Response:
    editor = current()
    project = editor.project
    kind = naming.kind_of(project, request.form.get("kind", ""))
    if kind is None:
        return refusal(editor_text("bad_request_title"), editor_text("bad_request_text"), 400)
    typed = request.form.get("name", "")[:200]
    title = request.form.get("title", "").strip()[:MOST_TITLE] or editor_text("new_default_title")
    menu = kind.kind == naming.PAGE and request.form.get("menu") == "yes"
    name = naming.target_name(kind, typed)
    problems = naming.name_problems(project, name)
    if problems:
        return _new_page(kind, typed, title, menu, problems, 400)
    target = paths.editable_text(project, name)
    models, _ = models_of(project)
    model = editing.model_for(project, models, target.resolve()) if models else None
    front = creating.front_of(kind, model.spec if model else None, title)
    body = "" if kind.kind == naming.ITEM else f"# {title}\n"
    try:
        creating.create(target, name, creating.new_file(front, body), editor.history)
    except FileExistsError:
        return _new_page(kind, typed, title, menu, naming.name_problems(project, name), 409)
    notes = [editor_text("new_created_draft" if front.get("draft") else "new_created", path=name)]
    if menu:
        raw = project.settings.read_bytes()
        link = creating.menu_link(project, target)
        try:
            new = creating.with_menu_entry(raw, title, link)
            save(project.settings, "content/site.yml", digest(raw), new, editor.history)
            notes.append(editor_text("new_added_menu"))
        except (ContentError, RoundTripError, NotReadableError, ConflictError):
            notes.append(editor_text("new_menu_failed"))
    return _show(name, " ".join(notes))


def _show(name: str, notice: str, status: int = 200) -> Response:
    """The form of the file name, with notice."""
    opened = _opened(name)
    if isinstance(opened, Response):
        return opened
    opened = _with_problems(opened)
    return _form(opened, opened.data, opened.body, opened.sha, notice, status)


def rename() -> Response:
    editor = current()
    project = editor.project
    name = request.form.get("path", "")
    try:
        source = paths.editable_text(project, name)
    except paths.PathRefusedError:
        return _refused_path()
    if not may_move_away(name):
        return _refused_path()
    if not source.is_file():
        return refusal(
            editor_text("not_found_title"), editor_text("not_found_text", path=name), 404
        )
    folder = source.parent.relative_to(project.root).as_posix()
    typed = request.form.get("name", "").strip().removesuffix(".md")
    new_name = f"{folder}/{typed}.md"
    data = _undone(name, request.form.get("version", ""))
    address = moving.address_of(project, name)
    try:
        changed = moving.rename(
            project, name, new_name, request.form.get("sha", ""), editor.history, data
        )
    except moving.NameRefusedError as refused:
        notice = " ".join(_said(p) for p in refused.problems)
        return _show(name, notice, 400)
    except ConflictError:
        return _show(name, editor_text("conflict_title"), 409)
    except (ContentError, RoundTripError, NotReadableError):
        return _show(name, editor_text("rename_unreadable"), 409)
    notes = [editor_text("rename_done", old=name, new=new_name)]
    if data is None and not moving.is_section_file(name):
        notes.append(editor_text("rename_done_alias", address=address))
    if changed:
        notes.append(editor_text("rename_links", files="、".join(changed)))
    return _show(new_name, " ".join(notes))


def _undone(name: str, version: str) -> bytes | None:
    """The bytes from before the rename a history version records (undoing it), or None."""
    if not version:
        return None
    found = current().history.find(name, version)
    return found.read() if found is not None and found.kind == "rename" else None


def move() -> Response:
    editor = current()
    name = request.form.get("path", "")
    step = -1 if request.form.get("step") == "up" else 1
    try:
        paths.editable_text(editor.project, name)
    except paths.PathRefusedError:
        return _refused_path()
    if not is_section_item(name):
        return _refused_path()
    try:
        renamed = moving.move_item(editor.project, name, step, editor.history)
    except moving.OrderFieldError:
        return _show(name, editor_text("page_order_field"), 409)
    if not renamed:
        return _show(name, editor_text("page_not_moved"))
    shown = "、".join(Path(new).name for new in renamed.values())
    return _show(renamed.get(name, name), editor_text("page_moved", names=shown))


def _links(name: str) -> tuple[linking.Target, list[linking.Link]] | Response:
    project = current().project
    try:
        source = paths.editable_text(project, name)
    except paths.PathRefusedError:
        return _refused_path()
    if not may_move_away(name):
        return _refused_path()
    if not source.is_file():
        return refusal(
            editor_text("not_found_title"), editor_text("not_found_text", path=name), 404
        )
    target = linking.target_of(project, source)
    return target, linking.links_to(project, target)


def delete() -> Response:
    editor = current()
    name = request.form.get("path", "")
    found = _links(name)
    if isinstance(found, Response):
        return found
    _, links = found
    if links:
        return _page("delete.html", 409, name=name, links=links, notice="")
    try:
        moving.delete(editor.project, name, request.form.get("sha", ""), editor.history)
    except ConflictError:
        return _show(name, editor_text("conflict_title"), 409)
    return overview_page(editor_text("delete_done", path=name))


def unlink() -> Response:
    editor = current()
    name = request.form.get("path", "")
    found = _links(name)
    if isinstance(found, Response):
        return found
    target, _ = found
    changed = linking.change_links(editor.project, target, editor.history)
    notice = editor_text("delete_unlinked", files="、".join(changed))
    return _show(name, notice)


def live() -> Response:
    """The page as the form's unsaved text would make it (the live preview beside the form)."""
    from sitegen.pipeline import render_unsaved
    from sitegen.preview import error_page

    editor = current()
    opened = _opened(request.form.get("path", ""))
    if isinstance(opened, Response):
        return opened
    page = _page_source(opened)
    if page is None or opened.spec is None:
        return Response("", 204)
    data = form_values.read(opened.spec, request.form, opened.data)
    body = request.form.get("body") if opened.is_page else None
    try:
        text = editing.new_bytes(opened, data, body).decode("utf-8")
    except ValueError:  # a value the round trip refuses: shown when saved
        return Response("", 204)
    html, problems = render_unsaved(editor.project, {editor.project.root / opened.name: text}, page)
    errors = [p for p in problems if not p.is_warning]
    if html is None or errors:
        shown = error_page.render(errors or problems, editor.project.root)
        return Response(shown, 200, content_type="text/html; charset=utf-8")
    return Response(html, 200, content_type="text/html; charset=utf-8")


def _page_source(opened: editing.Opened) -> Path | None:
    """The page the file shows on: itself, or for a section, data or the settings the top
    page (named as the build names its sources: below the project's root as given)."""
    project = current().project
    if opened.is_page and not moving.is_section_file(opened.name):
        return project.root / opened.name
    index = project.content / "index.md"
    return index if index.is_file() else None
