"""`python build.py deploy`: publish dist/ to the web host, sending only what changed."""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sitegen.core.messages import text
from sitegen.core.problems import Problem
from sitegen.deploy import csp_bridge
from sitegen.deploy.plan import MANIFEST, Manifest, Plan, local_files, make_plan
from sitegen.deploy.releases import Releases
from sitegen.deploy.settings import DeploySettings, password
from sitegen.deploy.transport import TRANSIENT, UNREACHABLE, RemoteError, Transport

T = TypeVar("T")
BACKOFF_SECONDS = 0.5  # doubled after each failed attempt
SAVE_AFTER_BYTES = 256 * 1024  # sent between two saves of the manifest, at least
MANIFEST_LINE_BYTES = 100  # about what one file adds to the manifest
REMOTE_CODES = {
    "unreachable": "E711",
    "login": "E712",
    "certificate": "E713",
    "no_tls": "E714",
    "host_key_mismatch": "E715",
    "host_key_unknown": "E716",
    "permission": "E721",
    "disk_full": "E722",
    "transient": "E723",
    "other": "E724",
}


class DeployError(Exception):
    """A deploy that cannot go on, with the code of its Japanese message."""

    def __init__(self, code: str, **values: object):
        super().__init__(code)
        self.code, self.values = code, values

    @property
    def problem(self) -> Problem:
        return Problem.of(self.code, **self.values)


def remote_failure(error: RemoteError, settings: DeploySettings) -> DeployError:
    return DeployError(
        REMOTE_CODES[error.kind],
        host=settings.host,
        port=settings.port,
        path=error.path or settings.remote_path,
        detail=error.detail,
        known_hosts=settings.known_hosts or "~/.ssh/known_hosts",
    )


@dataclass
class Summary:
    uploaded: int = 0
    unchanged: int = 0
    deleted: int = 0
    bytes_sent: int = 0


def opener(settings: DeploySettings, insecure: bool) -> Callable[[], Transport]:
    """A function that opens a new connection to the server the settings name."""
    secret = password(settings)
    if settings.protocol == "ftp" and not insecure:
        raise DeployError("E703")
    if settings.protocol == "sftp":
        from sitegen.deploy import sftp as transport_sftp

        if not transport_sftp.available():
            raise DeployError("E732")
        return lambda: transport_sftp.SftpTransport(settings, secret)
    if secret is None:
        raise DeployError("E702", variable=settings.password_env, host=settings.host)
    from sitegen.deploy.ftp import FtpTransport

    return lambda: FtpTransport(settings, secret, secure=settings.protocol == "ftps")


class Session:
    """One connection at a time; a transient failure reconnects and tries again, with backoff."""

    def __init__(self, open_connection: Callable[[], Transport], retries: int):
        self.open_connection = open_connection
        self.retries = retries
        self.transport: Transport | None = None

    def run(self, action: Callable[[Transport], T]) -> T:
        for attempt in range(self.retries + 1):
            try:
                if self.transport is None:
                    self.transport = self.open_connection()
                return action(self.transport)
            except RemoteError as error:
                if error.kind not in (TRANSIENT, UNREACHABLE) or attempt == self.retries:
                    raise
                self.drop()
                time.sleep(BACKOFF_SECONDS * 2**attempt)
        raise AssertionError("unreachable")

    def drop(self) -> None:
        if self.transport is not None:
            transport, self.transport = self.transport, None
            with contextlib.suppress(RemoteError):
                transport.close()


def publish(
    folder: Path, session: Session, delete: bool, dry_run: bool, report: Callable[[str], None]
) -> Summary:
    """Make the server hold folder; return what was done (or, dry, what would be)."""
    remote = Manifest.from_bytes(session.run(lambda t: t.read(MANIFEST)))
    local = local_files(folder)
    plan = make_plan(local, remote.files, delete)
    summary = Summary(unchanged=len(plan.unchanged))
    if dry_run:
        _report_plan(plan, folder, report)
        summary.bytes_sent = sum((folder / p).stat().st_size for p in plan.uploads)
        summary.uploaded, summary.deleted = len(plan.uploads), len(plan.delete)
        return summary
    try:
        _send(folder, session, plan, local, remote, summary)
    except RemoteError as error:
        if error.kind not in (TRANSIENT, UNREACHABLE):  # the connection still works
            _save_if_possible(session, remote)  # so that running again resumes here
        raise
    return summary


def _send(
    folder: Path,
    session: Session,
    plan: Plan,
    local: dict[str, str],
    remote: Manifest,
    summary: Summary,
) -> None:
    """Upload in phases, then delete; the manifest on the server follows what is there."""
    phases = _bridge_styles(folder, session, plan, remote, summary)
    unsaved = 0
    for phase in phases:
        for path in phase:
            data = (folder / path).read_bytes()
            session.run(lambda t, p=path, d=data: t.write(p, d))  # type: ignore[misc]
            remote.files[path] = local[path]
            summary.uploaded += 1
            summary.bytes_sent += len(data)
            unsaved += len(data)
            # Saved now and then, costing at most about a tenth of what is sent.
            if unsaved > max(SAVE_AFTER_BYTES, 10 * len(remote.files) * MANIFEST_LINE_BYTES):
                _save(session, remote)
                unsaved = 0
        if phase:
            _save(session, remote)
            unsaved = 0
    for path in plan.delete:
        session.run(lambda t, p=path: t.delete(p))  # type: ignore[misc]
        remote.files.pop(path, None)
        summary.deleted += 1
    if plan.delete:
        _save(session, remote)


def _bridge_styles(
    folder: Path, session: Session, plan: Plan, remote: Manifest, summary: Summary
) -> list[list[str]]:
    """The upload phases, after sending a header file that allows old and new styles.

    When one is needed, the final header file moves to just after the pages.
    """
    name = csp_bridge.HEADER_FILE
    if name not in plan.phases[0] or name not in remote.files:
        return plan.phases
    old = session.run(lambda t: t.read(name)) or b""
    bridging = csp_bridge.bridge(old, (folder / name).read_bytes())
    if bridging is None:
        return plan.phases
    session.run(lambda t: t.write(name, bridging))
    remote.files[name] = hashlib.sha256(bridging).hexdigest()
    summary.bytes_sent += len(bridging)
    first, pages, last = plan.phases
    return [[p for p in first if p != name], [*pages, name], last]


def _save_if_possible(session: Session, manifest: Manifest) -> None:
    """One attempt to record what reached the server, after a failure."""
    if session.transport is not None:
        with contextlib.suppress(RemoteError):
            session.transport.write(MANIFEST, manifest.to_bytes())


def _save(session: Session, manifest: Manifest) -> None:
    data = manifest.to_bytes()
    session.run(lambda t: t.write(MANIFEST, data))


def _report_plan(plan: Plan, folder: Path, report: Callable[[str], None]) -> None:
    for path in plan.uploads:
        report(text("plan_upload", path=path, size=(folder / path).stat().st_size))
    for path in plan.delete:
        report(text("plan_delete", path=path))


def store_release(releases: Releases, folder: Path, keep: int) -> None:
    """Keep a copy of what was published, unless the live release holds the same files."""
    current = releases.current()
    if current and local_files(releases.path(current)) == local_files(folder):
        return
    releases.push(folder, keep)
