"""The editor's 「公開」: settings (deploy.yml), the password, the host key, the plan, the
publish with its progress, 「中止」 and the rollback."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, Response, redirect, render_template, request, session, url_for

from sitegen.core.problems import Problem
from sitegen.deploy import credentials, host_keys
from sitegen.deploy import publish as deploy
from sitegen.deploy.settings import DeploySettings, password
from sitegen.deploy.transport import HOST_KEY_UNKNOWN, LOGIN, RemoteError
from sitegen.editor import publish_job, publish_setup
from sitegen.editor.app import PREFIX, current
from sitegen.editor.publish_changes import since_last
from sitegen.editor.publish_job import Job, RefusedError
from sitegen.editor.saving import ConflictError
from sitegen.editor.site_access import problems_of

BASE = PREFIX + "/publish"


@dataclass
class PublishState:
    """The editor's publish, and passwords typed in this run (memory only, never a file)."""

    job: Job = field(default_factory=Job)
    typed: dict[str, str] = field(default_factory=dict)


def register(app: Flask) -> None:
    app.extensions["sitegen_publish"] = PublishState()
    app.add_url_rule(BASE, "publish", start_page)
    app.add_url_rule(BASE + "/settings", "publish_settings", settings_page)
    app.add_url_rule(BASE + "/settings", "publish_settings_post", settings_post, methods=["POST"])
    app.add_url_rule(BASE + "/plan", "publish_plan", plan_post, methods=["POST"])
    app.add_url_rule(BASE + "/start", "publish_start", start_post, methods=["POST"])
    app.add_url_rule(BASE + "/status", "publish_status", status)
    app.add_url_rule(BASE + "/cancel", "publish_cancel", cancel_post, methods=["POST"])
    app.add_url_rule(BASE + "/hostkey", "publish_hostkey", host_key_post, methods=["POST"])


def _state() -> PublishState:
    from flask import current_app

    return current_app.extensions["sitegen_publish"]


def _root() -> Path:
    return current().project.root


def _page(template: str, status_code: int = 200, **values: Any) -> Response:
    values.setdefault("csrf", session.get("csrf", ""))
    values.setdefault("job", _state().job)
    values.setdefault("root", _root())
    values.setdefault("size", publish_job.size_text)
    values["status_line"] = publish_job.status_line(values["job"])
    page = render_template(template, **values)
    return Response(page, status_code, content_type="text/html; charset=utf-8")


def start_page() -> Response:
    settings, problems = publish_setup.settings_from(_root())
    if settings is None and not _state().job.running:
        return _setup_form(publish_setup.current_values(_root()), problems, missing=True)
    return _page("publish.html", settings=settings, problems=problems)


def status() -> dict[str, Any]:
    return _state().job.as_json()


# ------------------------------------------------------------------------- deploy.yml form


def settings_page() -> Response:
    return _setup_form(publish_setup.current_values(_root()), [])


def _setup_form(values: dict[str, str], problems: list[Problem], **extra: Any) -> Response:
    return _page(
        "publish_setup.html",
        values=values,
        fields=publish_setup.FIELDS,
        choices=publish_setup.CHOICES,
        by_field=publish_setup.fields_of(problems),
        version=request.form.get("version") or publish_setup.version(_root()),
        problems=problems,
        **extra,
    )


def settings_post() -> Response:
    values = publish_setup.posted(request.form.to_dict())
    checked = publish_setup.check(_root(), values)
    if checked.settings is None:
        return _setup_form(checked.values, checked.problems)
    if request.form.get("op") == "test":
        return _connection_test(checked.settings, values)
    try:
        publish_setup.write(_root(), checked.values, request.form.get("version", ""))
    except ConflictError:
        return _setup_form(checked.values, [], conflict=True, status_code=409)
    return redirect(url_for("publish", saved=1), 303)


def _connection_test(settings: DeploySettings, values: dict[str, str]) -> Response:
    """「接続を確かめる」: log in, list the remote folder, log out."""
    secret = _secret(settings)
    if _needs_password(settings, secret):
        return _setup_form(values, [], ask_password=True, store=credentials.store_available())
    try:
        pool = publish_job.make_pool(settings, secret)
        try:
            pool.run(lambda t: t.list_folder(""))
        finally:
            pool.drop()
    except RemoteError as error:
        return _remote_refusal(error, settings, "test", values)
    except deploy.DeployError as error:
        return _setup_form(values, [error.problem])
    _keep_password(settings)
    return _setup_form(values, [], connected=True)


# ---------------------------------------------------------------------------- the password


def _account(settings: DeploySettings) -> str:
    return credentials.account(settings)


def _secret(settings: DeploySettings) -> str | None:
    """The password typed now or earlier in this run, else env, store or ~/.netrc."""
    typed = request.form.get("password", "")
    if typed:
        _state().typed[_account(settings)] = typed
        return typed
    return _state().typed.get(_account(settings)) or password(settings)


def _needs_password(settings: DeploySettings, secret: str | None) -> bool:
    if secret:
        return False
    return settings.protocol != "sftp" or not deploy._ssh_key_available(settings)


def _keep_password(settings: DeploySettings) -> list[Problem]:
    """Move a password typed in this run to the credential store, where there is one.

    Without one it stays in memory until this editor stops (asked again next time)."""
    typed = _state().typed.get(_account(settings))
    if not typed or not credentials.store_available():
        return []
    try:
        credentials.store_password(settings, typed)
    except credentials.StoreUnavailableError as error:
        return [Problem.of("E743", detail=str(error))]
    _state().typed.pop(_account(settings), None)
    return []


def _login_failed(settings: DeploySettings) -> Problem:
    """A refused password is forgotten, wherever it came from, and asked again."""
    _state().typed.pop(_account(settings), None)
    credentials.forget_password(settings)
    return Problem.of("E746", host=settings.host)


# ------------------------------------------------------------------------------ the host key


def _remote_refusal(
    error: RemoteError, settings: DeploySettings, then: str, values: dict[str, str] | None = None
) -> Response:
    """A failure to connect: a host key to accept, a password to ask again, or the message."""
    if error.kind == HOST_KEY_UNKNOWN:
        try:
            key = host_keys.fetch(settings)
        except RemoteError as fetch_error:
            return _refused([deploy.remote_failure(fetch_error, settings).problem])
        return _page(
            "publish.html",
            settings=settings,
            host_key=key,
            known_hosts=host_keys.known_hosts_file(settings),
            then=then,
            problems=[],
        )
    if error.kind == LOGIN:
        problem = _login_failed(settings)
        if values is not None:
            return _setup_form(values, [problem], ask_password=True, store=_store())
        return _page("publish.html", settings=settings, problems=[problem], ask_password=True)
    problems = [deploy.remote_failure(error, settings).problem]
    if values is not None:
        return _setup_form(values, problems)
    return _refused(problems, settings)


def _store() -> bool:
    return credentials.store_available()


def host_key_post() -> Response:
    settings, problems = publish_setup.settings_from(_root())
    if settings is None:
        return _refused(problems)
    try:
        key = host_keys.fetch(settings)
    except RemoteError as error:
        return _refused([deploy.remote_failure(error, settings).problem], settings)
    if key.fingerprint != request.form.get("fingerprint"):
        return _refused([Problem.of("E747", fingerprint=key.fingerprint)], settings)
    host_keys.accept(settings, key)
    return redirect(url_for("publish", accepted=1), 303)


# -------------------------------------------------------------------- the plan, the publish


def _refused(problems: list[Problem], settings: DeploySettings | None = None) -> Response:
    return _page("publish.html", 409, settings=settings, problems=problems, refused=True)


def plan_post() -> Response:
    rollback = request.form.get("rollback") == "1"
    settings, problems = publish_setup.settings_from(_root())
    if settings is None:
        return _setup_form(publish_setup.current_values(_root()), problems, missing=True)
    if _state().job.running:
        return redirect(url_for("publish"), 303)
    if not rollback:  # the site's errors first: no password is needed to see them
        errors = [p for p in problems_of(current().project) if not p.is_warning]
        if errors:  # as `check` finds them: the same list the overview counts
            return _refused([Problem.of("E745", count=len(errors)), *errors], settings)
    secret = _secret(settings)
    if _needs_password(settings, secret):
        return _page(
            "publish.html", settings=settings, problems=[], ask_password=True, store=_store()
        )
    try:
        return _plan_page(settings, secret, rollback)
    except RefusedError as refused:
        return _refused(refused.problems, settings)
    except RemoteError as error:
        return _remote_refusal(error, settings, "plan")
    except deploy.DeployError as error:
        return _refused([error.problem], settings)


def _plan_page(settings: DeploySettings, secret: str | None, rollback: bool) -> Response:
    project = current().project
    releases = publish_job.releases_of(project)
    release = ""
    if rollback:
        release, folder, pages = publish_job.rollback_source(project)
    else:
        from sitegen.deploy import locks

        try:
            with locks.local_lock(project.root / ".deploy", "edit"):
                folder, pages = publish_job.build_site(project)
        except locks.LockHeldError as held:
            raise RefusedError([Problem.of(held.code, **held.values)]) from None
    changes = since_last(project, releases, pages) if not rollback else None
    view = publish_job.plan(settings, secret, folder, pages, releases, rollback)
    view.release = release
    notes = _keep_password(settings)
    return _page("publish_plan.html", settings=settings, plan=view, changes=changes, notes=notes)


def start_post() -> Response:
    state = _state()
    settings, problems = publish_setup.settings_from(_root())
    if settings is None:
        return _refused(problems)
    if state.job.running:  # another tab started one: that one goes on, this one is refused
        return _refused([_running_here()], settings)
    secret = _secret(settings)
    if _needs_password(settings, secret):
        return _page(
            "publish.html", settings=settings, problems=[], ask_password=True, store=_store()
        )
    rollback = request.form.get("rollback") == "1"
    if not publish_job.start(state.job, current().project, settings, secret, rollback):
        return _refused([_running_here()], settings)
    state.typed.pop(_account(settings), None)  # with no store: asked again next time
    return redirect(url_for("publish"), 303)


def _running_here() -> Problem:
    from sitegen.deploy import locks

    return Problem.of("E740", **locks.holder(_root() / ".deploy"))


def cancel_post() -> Response:
    job = _state().job
    if job.running:
        job.cancel.set()
    return redirect(url_for("publish"), 303)
