"""The editor's publish: its plan (a dry run), then the publish itself in a thread of the
editor's process, which runs to its end whether a tab is open or not.

One Job per editor: its state is what the progress page shows and polls. The deploy's own
steps do the work (sitegen/deploy/publish.py): safe order, releases, manifest; the job adds
the locks of locks.py, the count of files and bytes, and 「中止」 between files.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen.core.messages import editor_text
from sitegen.core.problems import ContentError, Problem
from sitegen.core.project import Project
from sitegen.deploy import locks
from sitegen.deploy import publish as deploy
from sitegen.deploy.connections import Pool
from sitegen.deploy.pages import SitePages, read_release_record, site_pages
from sitegen.deploy.plan import MANIFEST, Manifest, Plan
from sitegen.deploy.releases import Releases
from sitegen.deploy.settings import DeploySettings
from sitegen.deploy.transport import LOGIN, OTHER, RemoteError, Transport

CANCELLED = "sitegen-cancelled"  # the detail of the RemoteError that stops a cancelled publish


class RefusedError(Exception):
    """The publish cannot start: problems to show (check errors, a conflict copy, E731...)."""

    def __init__(self, problems: list[Problem], login_failed: bool = False):
        super().__init__(problems[0].code if problems else "")
        self.problems, self.login_failed = problems, login_failed


@dataclass
class PlanView:
    """What a publish (or rollback) would do, as the plan page lists it."""

    rollback: bool
    new: list[tuple[str, int]] = field(default_factory=list)
    changed: list[tuple[str, int]] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    notes: list[Problem] = field(default_factory=list)  # W707 and the deploy's warnings
    lines: list[str] = field(default_factory=list)  # the deploy's report: redirects to add
    release: str = ""  # the release a rollback puts back

    @property
    def total_bytes(self) -> int:
        return sum(size for _, size in self.new + self.changed)


@dataclass
class Job:
    """The state of the editor's publish, shared by its thread and the pages."""

    state: str = "idle"  # idle, running, done, failed, cancelled
    rollback: bool = False
    files_done: int = 0
    files_total: int = 0
    bytes_done: int = 0
    bytes_total: int = 0
    lines: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    summary: str = ""
    started: float = 0.0
    cancel: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    planned_sizes: dict[str, int] = field(default_factory=dict)

    @property
    def running(self) -> bool:
        return self.state == "running"

    def as_json(self) -> dict[str, Any]:
        with self.lock:
            return {
                "state": self.state,
                "files_done": self.files_done,
                "files_total": self.files_total,
                "bytes_done": self.bytes_done,
                "bytes_total": self.bytes_total,
                "summary": self.summary,
                "status": status_line(self),
            }


def status_line(job: Job) -> str:
    """The line the progress bar's label shows."""
    return editor_text(
        "publish_progress_line",
        done=job.files_done,
        total=job.files_total,
        sent=size_text(job.bytes_done),
        size=size_text(job.bytes_total),
    )


def size_text(count: int) -> str:
    if count < 1024 * 1024:
        return f"{count / 1024:,.1f} KB"
    return f"{count / 1024 / 1024:,.1f} MB"


class _Watched:
    """A connection that counts what it sends and, once cancelled, sends no further file."""

    def __init__(self, inner: Transport, job: Job):
        self._inner, self._job = inner, job

    def write(self, path: str, data: bytes) -> Any:
        counted = path in self._job.planned_sizes
        if counted and self._job.cancel.is_set():
            raise RemoteError(OTHER, CANCELLED, path)
        result = self._inner.write(path, data)
        if counted:
            with self._job.lock:
                self._job.files_done += 1
                self._job.bytes_done += len(data)
        return result

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def make_pool(settings: DeploySettings, secret: str | None, job: Job | None = None) -> Pool:
    """Connections to the server; watched by job (counted, cancellable) if one is given."""
    open_connection = deploy.opener(settings, False, secret)
    if job is not None:
        inner = open_connection
        open_connection = lambda: _Watched(inner(), job)  # noqa: E731
    return Pool(open_connection, settings.retries, settings.connections)


def server_manifest(pool: Pool) -> Manifest:
    try:
        return Manifest.from_bytes(pool.run(lambda t: t.read(MANIFEST)))
    except RemoteError as error:
        if (
            error.kind in (LOGIN,)
            or error.kind.startswith("host_key")
            or error.kind == "unreachable"
        ):
            raise
        return Manifest()


def releases_of(project: Project) -> Releases:
    return Releases(project.root / ".deploy" / "releases")


def rollback_source(project: Project) -> tuple[str, Path, SitePages | None]:
    """The release a rollback puts back; RefusedError (E731) on a PC that never published twice."""
    releases = releases_of(project)
    name = releases.previous()
    if name is None:
        raise RefusedError([Problem.of("E731")])
    return name, releases.path(name), read_release_record(releases.record(name))[0]


def plan(
    settings: DeploySettings,
    secret: str | None,
    folder: Path,
    pages: SitePages | None,
    releases: Releases,
    rollback: bool,
) -> PlanView:
    """A dry run against the server: what would be sent, changed, deleted."""
    view = PlanView(rollback)
    pool = make_pool(settings, secret)
    try:
        known = server_manifest(pool).files

        def seen(found: Plan) -> None:
            for path in found.uploads:
                size = (folder / path).stat().st_size
                (view.changed if path in known else view.new).append((path, size))
            view.deleted = list(found.delete)
            view.unchanged = len(found.unchanged)

        deploy.publish(
            folder,
            pool,
            delete=True,
            dry_run=True,
            report=lambda line: _keep_redirects(view.lines, line),
            warn=view.notes.append,
            releases=releases,
            pages=pages,
            planned=seen,
        )
    finally:
        pool.drop()
    return view


def _keep_redirects(lines: list[str], line: str) -> None:
    """Of the dry run's report, the lines of redirects (its plan lines are in PlanView)."""
    if "→" in line:
        lines.append(line.strip())


def start(
    job: Job,
    project: Project,
    settings: DeploySettings,
    secret: str | None,
    rollback: bool,
    on_login_ok: Callable[[], None] = lambda: None,
) -> bool:
    """Start the publish in a thread of its own; False if one runs already."""
    with job.lock:
        if job.state == "running":
            return False
        job.state, job.rollback, job.started = "running", rollback, time.time()
        job.files_done = job.files_total = job.bytes_done = job.bytes_total = 0
        job.lines, job.problems, job.summary, job.planned_sizes = [], [], "", {}
        job.cancel.clear()
    worker = threading.Thread(
        target=_run,
        args=(job, project, settings, secret, rollback, on_login_ok),
        name="sitegen-publish",
        daemon=True,
    )
    worker.start()
    return True


def _run(
    job: Job,
    project: Project,
    settings: DeploySettings,
    secret: str | None,
    rollback: bool,
    on_login_ok: Callable[[], None],
) -> None:
    try:
        with locks.local_lock(project.root / ".deploy", "edit"):
            summary = _publish_locked(job, project, settings, secret, rollback, on_login_ok)
        _finish(job, "done", editor_text(_done_key(rollback), **summary))
    except locks.LockHeldError as held:
        _finish(job, "failed", "", [Problem.of(held.code, **held.values)])
    except RefusedError as refused:
        _finish(job, "failed", "", refused.problems)
    except RemoteError as error:
        if error.detail == CANCELLED:
            problem = Problem.of("E744", done=job.files_done, total=job.files_total)
            _finish(job, "cancelled", "", [problem])
        else:
            _finish(job, "failed", "", [deploy.remote_failure(error, settings).problem])
    except deploy.DeployError as error:
        _finish(job, "failed", "", [error.problem])
    except Exception as error:  # the editor stays up; E901 says it is ours to fix
        detail = f"{type(error).__name__}: {error}"
        _finish(job, "failed", "", [Problem.of("E901", detail=detail)])


def _done_key(rollback: bool) -> str:
    return "publish_rolled_back" if rollback else "publish_done"


def _finish(job: Job, state: str, summary: str, problems: list[Problem] | None = None) -> None:
    with job.lock:
        job.state, job.summary = state, summary
        job.problems = [*job.problems, *(problems or [])]


def _publish_locked(
    job: Job,
    project: Project,
    settings: DeploySettings,
    secret: str | None,
    rollback: bool,
    on_login_ok: Callable[[], None],
) -> dict[str, object]:
    releases = releases_of(project)
    if rollback:
        _, folder, pages = rollback_source(project)
    else:
        folder, pages = build_site(project)

    def planned(found: Plan) -> None:
        sizes = {path: (folder / path).stat().st_size for path in found.uploads}
        with job.lock:
            job.planned_sizes = sizes
            job.files_total, job.bytes_total = len(sizes), sum(sizes.values())

    pool = make_pool(settings, secret, job)
    try:
        with locks.server_lock(pool, "edit"):
            on_login_ok()
            summary = deploy.publish(
                folder,
                pool,
                delete=True,
                dry_run=False,
                report=lambda line: None,
                warn=job.problems.append,
                releases=releases,
                pages=pages,
                planned=planned,
            )
    finally:
        pool.drop()
    if rollback:
        releases.pop()
    else:
        deploy.store_release(releases, folder, settings.keep_releases)
    deploy.record_release(releases, pages, summary)
    return {
        "uploaded": summary.uploaded,
        "unchanged": summary.unchanged,
        "deleted": summary.deleted,
        "sent": size_text(summary.bytes_sent),
        "seconds": time.time() - job.started,
    }


def build_site(project: Project) -> tuple[Path, SitePages]:
    """dist/ built afresh, as `deploy` builds it; RefusedError with the problems if it fails."""
    from sitegen.pipeline import build
    from sitegen.source.sync_copies import conflict_copies

    copies = conflict_copies(project.content, project.assets)
    if copies:  # two versions of a text exist: one may hold a colleague's change (E008)
        raise RefusedError(
            [Problem.of("E008", c.copy, name=c.copy.name, original=c.original.name) for c in copies]
        )
    folder = project.root / "dist"
    try:
        result = build(project, folder, True, remove_old=False)
    except ContentError as error:
        raise RefusedError(error.errors or error.problems) from None
    return folder, site_pages(result.site)
