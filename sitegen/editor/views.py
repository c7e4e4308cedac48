"""The editor's pages: the entry, the overview and search, a file's form and its saving,
its history and restoring."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from flask import Flask, Response, redirect, render_template, request, session, url_for

from sitegen.core.messages import editor_text
from sitegen.core.problems import Problem
from sitegen.editor import editing, form_spec, form_values, inventory, naming, paths, security
from sitegen.editor.app import PREFIX, current, refusal
from sitegen.editor.computed import computed_values
from sitegen.editor.normalise import show_yen
from sitegen.editor.saving import ConflictError, digest, save
from sitegen.editor.site_access import models_of, problems_of
from sitegen.source.sections import FOLDER as SECTIONS
from sitegen.source.sections import GROUP_FILE
from sitegen.source.site import page_location, page_sources
from sitegen.validate.fields import IMAGE_SUFFIXES

# The top page and the 404 page: every site has them, under these names.
_KEPT = ("content/index.md", "content/404.md")


def register(app: Flask) -> None:
    app.add_url_rule(security.ENTRY_PATH, "enter", enter)
    app.add_url_rule(PREFIX + "/alive", "alive", alive)
    app.add_url_rule(PREFIX + "/", "overview", overview)
    app.add_url_rule(PREFIX + "/file", "file", open_form)
    app.add_url_rule(PREFIX + "/file", "save", save_form, methods=["POST"])
    app.add_url_rule(PREFIX + "/history", "history", history)
    app.add_url_rule(PREFIX + "/restore", "restore", restore, methods=["POST"])
    from sitegen.editor import page_routes

    page_routes.register(app)


def enter() -> Response:
    """The link from the terminal: the token becomes a session, and leaves the address bar."""
    editor = current()
    if not editor.keys.token_matches(request.args.get("token")):
        from sitegen.setup.bootstrap import command

        text = editor_text("refused_text", command=command(["edit"]))
        return refusal(editor_text("refused_title"), text, 403)
    session.clear()
    session["entered"] = True
    session["csrf"] = security.new_csrf()
    return redirect(url_for("overview"))


def alive() -> dict[str, str]:
    """Tells a second `edit` that this server is the project's editor (no secret in it)."""
    return {"editor": current().identity, "root": str(current().project.root)}


def _page(template: str, status: int = 200, **values: Any) -> Response:
    values.setdefault("csrf", session.get("csrf", ""))
    return Response(
        render_template(template, **values), status, content_type="text/html; charset=utf-8"
    )


def overview() -> Response:
    return overview_page("")


def overview_page(notice: str) -> Response:
    """The overview, with notice said at its top (after a file was deleted)."""
    project = current().project
    problems = problems_of(project)
    entries = inventory.entries(project, problems)
    query = request.args.get("q", "")[:200]
    found = inventory.search(project, entries, query) if query.strip() else []
    groups: dict[str, list[inventory.Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.group, []).append(entry)
    errors = sum(1 for p in problems if not p.is_warning)
    return _page(
        "overview.html",
        groups=groups,
        query=query,
        found=found,
        errors=errors,
        notes=len(problems) - errors,
        notice=notice,
        deleted=current().history.deleted(),
        adds=_adds(project),
    )


def _adds(project: Any) -> dict[str, tuple[str, str]]:
    """Under each group's heading of the overview, the new file it can get: kind, label."""
    from sitegen.editor.page_routes import kind_label

    found = {}
    for kind in naming.kinds(project):
        if kind.kind == naming.ITEM:
            group = editor_text("group_section", name=kind.section)
        elif kind.kind == naming.NEWS:
            group = editor_text("group_news", folder=kind.folder)
        else:
            group = editor_text("group_pages")
        found[group] = (kind.key, kind_label(kind))
    return found


def _opened(name: str) -> editing.Opened | Response:
    project = current().project
    models, model_problems = models_of(project)
    try:
        opened = editing.open_file(project, name, models)
    except paths.PathRefusedError:
        return refusal(editor_text("not_allowed_title"), editor_text("not_allowed_text"), 403)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return refusal(
            editor_text("not_found_title"), editor_text("not_found_text", path=name), 404
        )
    if opened.spec is None and not opened.problems:
        opened.problems = model_problems
    return opened


def _with_problems(opened: editing.Opened) -> editing.Opened:
    if opened.document is None and opened.problems:
        return opened  # it did not parse: its own problems say why
    resolved = opened.path.resolve()
    found = problems_of(current().project)
    opened.problems = [p for p in found if p.path is not None and p.path.resolve() == resolved]
    return opened


def open_form() -> Response:
    opened = _opened(request.args.get("path", ""))
    if isinstance(opened, Response):
        return opened
    return _form(_with_problems(opened), opened.data, opened.body, opened.sha, notice="")


def _form(
    opened: editing.Opened, data: Any, body: str, sha: str, notice: str, status: int = 200
) -> Response:
    root = form_spec.build(opened.spec, data) if opened.spec is not None else None
    by_field = opened.field_problems()
    computed = computed_values(opened.rules, data)
    if root is not None:
        for field in root.walk():
            field.messages = [_said(p) for p in by_field.pop(field.path, [])]
            if field.path in computed:
                shown = (
                    show_yen(computed[field.path]) if field.kind == "yen" else computed[field.path]
                )
                field.computed = editor_text("form_computed", value=shown)
    body_problems = [_said(p) for p in by_field.pop("body", [])]
    rest = [p for group in by_field.values() for p in group]
    return _page(
        "form.html",
        status,
        opened=opened,
        root=root,
        body=body,
        sha=sha,
        notice=notice,
        body_problems=body_problems,
        problems=rest,
        images=_images(),
        pages=_pages(),
        weekdays=form_spec.weekday_choices(),
        errors=sum(not p.is_warning for p in opened.problems),
        address=_address_of(opened),
        manage=_manage(opened),
    )


def _said(problem: Problem) -> str:
    where = editor_text("form_problem_at", line=problem.line) if problem.line else ""
    hint = f" {problem.hint}" if problem.hint else ""
    return f"{problem.code} {where} {problem.text}{hint}".replace("  ", " ")


def save_form() -> Response:
    name = request.form.get("path", "")
    opened = _opened(name)
    if isinstance(opened, Response):
        return opened
    sha = request.form.get("sha", "")
    if opened.spec is None:
        return _save_text(opened, sha)
    data = form_values.read(opened.spec, request.form, opened.data)
    body = request.form.get("body") if opened.is_page else None
    op = request.form.get("op", "")
    if op and op != "save":
        data = form_values.apply_op(data, opened.spec, op)
        return _form(_with_problems(opened), data, body or "", sha, notice="")
    return _write(opened, editing.new_bytes(opened, data, body), sha, data, body or "")


def _save_text(opened: editing.Opened, sha: str) -> Response:
    typed = request.form.get("text")
    if typed is None:
        return refusal(editor_text("bad_request_title"), "", 400)
    return _write(opened, editing.text_bytes(opened, typed), sha, None, typed)


def _write(opened: editing.Opened, data: bytes, sha: str, values: Any, body: str) -> Response:
    editor = current()
    try:
        saved = save(opened.path, opened.name, sha, data, editor.history)
    except ConflictError as conflict:
        return _page(
            "conflict.html",
            409,
            opened=opened,
            theirs=conflict.current.decode("utf-8", "replace"),
            yours=data.decode("utf-8", "replace"),
        )
    reopened = _opened(opened.name)
    assert not isinstance(reopened, Response)
    reopened = _with_problems(reopened)
    errors = sum(not p.is_warning for p in reopened.problems)
    if not saved.changed:
        notice = editor_text("form_unchanged")
    elif errors:
        notice = editor_text("form_saved_errors", count=errors)
    else:
        notice = editor_text("form_saved")
    return _form(reopened, reopened.data, reopened.body, digest(data), notice)


def history() -> Response:
    editor = current()
    name = request.args.get("path", "")
    try:
        paths.resolve(editor.project, name)
    except paths.PathRefusedError:
        return refusal(editor_text("not_allowed_title"), editor_text("not_allowed_text"), 403)
    versions = editor.history.versions(name)
    shown = request.args.get("version", "")
    version = editor.history.find(name, shown) if shown else None
    text = version.read().decode("utf-8", "replace") if version else ""
    return _history_page(name, versions, version, text, "")


def restore() -> Response:
    editor = current()
    name = request.form.get("path", "")
    try:
        target = paths.editable_text(editor.project, name)
    except paths.PathRefusedError:
        return refusal(editor_text("not_allowed_title"), editor_text("not_allowed_text"), 403)
    version = editor.history.find(name, request.form.get("version", ""))
    if version is None:
        return refusal(
            editor_text("not_found_title"), editor_text("not_found_text", path=name), 404
        )
    try:
        current_bytes = target.read_bytes()
    except FileNotFoundError:
        current_bytes = b""
    save(target, name, digest(current_bytes), version.read(), editor.history, kind="restore")
    notice = editor_text("history_restored", time=editor_text("history_time", time=version.time))
    versions = editor.history.versions(name)
    return _history_page(name, versions, None, "", notice)


def _history_page(name: str, versions: list, shown: Any, text: str, notice: str) -> Response:
    """A file's history; exists and sha let its latest rename be undone."""
    target = current().project.root / name
    exists = target.is_file()
    sha = digest(target.read_bytes()) if exists else ""
    return _page(
        "history.html",
        name=name,
        versions=versions,
        shown=shown,
        text=text,
        notice=notice,
        exists=exists,
        sha=sha,
    )


def _images() -> list[str]:
    """The site's images, as image fields name them (below assets/)."""
    assets = current().project.assets
    if not assets.is_dir():
        return []
    found = [p for p in assets.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file()]
    return sorted(p.relative_to(assets).as_posix() for p in found)


def _pages() -> list[tuple[str, str]]:
    """The site's page files, as link fields may name them (about.md)."""
    project = current().project
    return [(p.relative_to(project.content).as_posix(), p.stem) for p in page_sources(project)]


def is_section_item(name: str) -> bool:
    """Whether name is one item of a section folder (`content/sections/damages/1-x.md`)."""
    parts = PurePosixPath(name).parts
    return len(parts) == 4 and parts[1] == SECTIONS and parts[3] != GROUP_FILE


def may_move_away(name: str) -> bool:
    """Whether the file name may be renamed or deleted: a page other than the top and 404
    pages, or a section item (a section's own file is what its template reads)."""
    parts = PurePosixPath(name).parts
    if not name.endswith(".md") or len(parts) < 2:
        return False
    return is_section_item(name) or (parts[1] != SECTIONS and name not in _KEPT)


def _manage(opened: editing.Opened) -> dict[str, Any]:
    """What the form offers to do with the file itself: rename, move among its section's
    items, delete."""
    item = is_section_item(opened.name)
    movable = may_move_away(opened.name)
    return {
        "rename": movable,
        "delete": movable,
        "move": item,
        "item": item,
        "stem": PurePosixPath(opened.name).stem,
    }


def _address_of(opened: editing.Opened) -> str:
    """Where the preview shows the file: its page, or for a section the top page."""
    editor = current()
    if editor.preview is None:
        return ""
    relative = PurePosixPath(opened.name).relative_to("content")
    if not opened.is_page or relative.parts[0] == SECTIONS:
        return editor.preview.base_path
    path, _ = page_location(relative)
    return editor.preview.base_path + path
