"""`python build.py deploy`: publish dist/ to the web host, sending only what changed."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import posixpath
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote

from sitegen.core.messages import text
from sitegen.core.problems import Problem
from sitegen.deploy import compare, csp_bridge, live_redirects
from sitegen.deploy.connections import Pool
from sitegen.deploy.listing import Listing, list_tree
from sitegen.deploy.order import links_first
from sitegen.deploy.pages import SitePages, read_release_record, release_record
from sitegen.deploy.plan import (
    ANNOUNCE,
    MANIFEST,
    NEW_PAGES,
    Manifest,
    Plan,
    local_files,
    make_plan,
)
from sitegen.deploy.releases import Releases
from sitegen.deploy.renames import redirect_gone
from sitegen.deploy.settings import DeploySettings, password
from sitegen.deploy.transport import (
    OTHER,
    PERMISSION,
    TEMPORARY_SUFFIX,
    TRANSIENT,
    UNREACHABLE,
    RemoteError,
    RemoteStat,
    Transport,
)

SAVE_AFTER_BYTES = 256 * 1024  # sent between two saves of the manifest, at least
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
SSH_DEFAULT_KEYS = ("id_rsa", "id_ecdsa", "id_ecdsa_sk", "id_ed25519", "id_ed25519_sk", "id_dsa")


class DeployError(Exception):
    """A deploy that cannot go on, with the code of its Japanese message."""

    def __init__(self, code: str, **values: object):
        super().__init__(code)
        self.code, self.values = code, values

    @property
    def problem(self) -> Problem:
        return Problem.of(self.code, **self.values)


def remote_failure(error: RemoteError, settings: DeploySettings) -> DeployError:
    """The message for a failure; a path on the server is named in full, as the host's file
    manager shows it (a transport names a file relative to remote_path, a folder in full)."""
    return DeployError(
        REMOTE_CODES[error.kind],
        host=settings.host,
        port=settings.port,
        user=settings.user,
        path=posixpath.join(settings.remote_path, error.path),
        detail=error.detail,
        known_hosts=settings.known_hosts or "~/.ssh/known_hosts",
    )


@dataclass
class Summary:
    uploaded: int = 0
    unchanged: int = 0
    deleted: int = 0
    bytes_sent: int = 0
    drifted: list[str] = field(default_factory=list)
    delete_refused: bool = False  # --delete skipped: the manifest was damaged, no release here
    redirects: dict[str, str] = field(default_factory=dict)  # of renamed pages, now published


def opener(
    settings: DeploySettings, insecure: bool, given: str | None = None
) -> Callable[[], Transport]:
    """A function that opens a new connection to the server the settings name (with the
    password given, as typed in the editor, else the one password() finds)."""
    secret = given or password(settings)
    if settings.protocol == "ftp" and not insecure:
        raise DeployError("E703")
    if settings.protocol == "sftp":
        from sitegen.deploy import sftp as transport_sftp

        if not transport_sftp.available():
            raise DeployError("E732")
        if secret is None and not _ssh_key_available(settings):
            raise DeployError("E708", host=settings.host, variable=settings.password_env)
        return lambda: transport_sftp.SftpTransport(settings, secret)
    if secret is None:
        raise DeployError("E702", variable=settings.password_env, host=settings.host)
    from sitegen.deploy.ftp import FtpTransport

    return lambda: FtpTransport(settings, secret, secure=settings.protocol == "ftps")


def _ssh_key_available(settings: DeploySettings) -> bool:
    """A key file, an agent, or one of ssh's default keys: something to log in with."""
    if settings.key_file is not None or os.environ.get("SSH_AUTH_SOCK"):
        return True
    ssh = Path("~/.ssh").expanduser()
    return any((ssh / name).is_file() for name in SSH_DEFAULT_KEYS)


Warn = Callable[[Problem], None]
R = TypeVar("R")


def publish(
    folder: Path,
    pool: Pool,
    delete: bool,
    dry_run: bool,
    report: Callable[[str], None],
    warn: Warn = lambda problem: None,
    check_content: bool = False,
    releases: Releases | None = None,
    pages: SitePages | None = None,
    planned: Callable[[Plan], None] = lambda plan: None,
) -> Summary:
    """Make the server hold folder; return what was done (or, dry, what would be).

    Every deploy lists the server: a file of ours that is missing there or whose size or
    time differs from what the last listing showed is sent again. check_content also
    downloads every other file and compares its bytes.

    pages (the folder's pages, as built) lets the deploy redirect the old address of a page
    renamed since the last deploy: the redirects are written into folder's .htaccess and
    _redirects, so that folder (and the release kept of it) holds what the server holds.
    Without pages, the redirects the manifest keeps are left as they are.
    planned(plan) is told the plan before anything is sent (the editor's plan and progress).
    """
    remote = _read_manifest(pool)
    recorded = remote.to_bytes()  # as on the server (empty if missing or damaged)
    listing = list_tree(pool.run, pool.size)
    summary = Summary()
    unsure = remote.damaged or not remote.files  # made again, or missing: redirects too
    if remote.damaged:
        remote = _rebuild(remote, listing, releases, warn)
        if delete and remote.damaged:
            delete, summary.delete_refused = False, True
    if unsure:
        _read_back_redirects(pool, remote, listing, report)
    if pages is not None:
        _redirect_gone_pages(folder, remote, pages, delete, dry_run, report, warn)
    summary.redirects = dict(remote.redirects)
    local = local_files(folder)
    drifted = compare.drifted_files(pool, folder, local, remote, listing)
    drifted -= compare.already_there(pool, folder, local, remote, listing, drifted)
    if check_content:
        drifted |= compare.differing_content(pool, local, remote, drifted)
    plan = make_plan(local, remote.files, delete, set(listing.files), drifted)
    plan.phases[NEW_PAGES][:] = links_first(folder, plan.phases[NEW_PAGES])
    if pages is not None:
        for path in plan.unchanged:  # those sent are recorded as they go (_send)
            remote.record_page(path, pages)
    summary.unchanged, summary.drifted = len(plan.unchanged), plan.drifted
    planned(plan)
    for path in plan.drifted:
        report(text("drift_path", path=path))
    if plan.drifted:
        warn(Problem.of("W706", count=len(plan.drifted)))
    if dry_run:
        _report_plan(plan, folder, report)
        summary.bytes_sent = sum((folder / p).stat().st_size for p in plan.uploads)
        summary.uploaded, summary.deleted = len(plan.uploads), len(plan.delete)
        return summary
    _sweep_leftovers(pool, listing, report)
    try:
        saver = _Saver(pool, remote, recorded)
        _send(folder, pool, plan, local, remote, summary, listing, saver, pages)
        saver.save(only_if_changed=True)  # what the listing showed, for the next comparison
    except RemoteError as error:
        if error.kind not in (TRANSIENT, UNREACHABLE):  # the connection still works
            _save_if_possible(pool, remote)  # so that running again resumes here
        raise
    return summary


def _sweep_leftovers(pool: Pool, listing: Listing, report: Callable[[str], None]) -> None:
    """Remove what failed uploads left on the server (`.NAME.sitegen-upload`, hidden from
    the listing's comparison): they hold space, on a full disk the space needed now."""
    leftovers = [
        path
        for path in sorted(listing.hidden)
        if path.endswith(TEMPORARY_SUFFIX) and posixpath.basename(path).startswith(".")
    ]
    for path in leftovers:
        with contextlib.suppress(RemoteError):  # gone already, or not ours to remove
            pool.run(lambda t, p=path: t.delete(p))  # type: ignore[misc]
    if leftovers:
        report(text("leftovers_removed", count=len(leftovers)))


def _read_manifest(pool: Pool) -> Manifest:
    """The manifest on the server; marked damaged if it is there but cannot be read."""
    try:
        raw = pool.run(lambda t: t.read(MANIFEST))
    except RemoteError as error:
        if error.kind not in (PERMISSION, OTHER):
            raise
        return Manifest(damage=error.detail)
    return Manifest.from_bytes(raw)


def _rebuild(
    damaged: Manifest, listing: Listing, releases: Releases | None, warn: Warn
) -> Manifest:
    """A manifest made again from the server's listing and the last release kept here.

    A file both listed and in that release is ours; its hash is the release's if the sizes
    agree, else unknown (so it is sent again, or removed by --delete if no longer built).
    Without a release the result stays damaged: nothing on the server is known to be ours.
    """
    detail = damaged.damage
    name = releases.current() if releases is not None else None
    if name is None:
        warn(Problem.of("W704", name=MANIFEST, detail=detail))
        return Manifest(damage=detail)
    assert releases is not None
    release = releases.path(name)
    rebuilt = Manifest()
    for path, digest in local_files(release).items():
        stat = listing.files.get(path)
        if stat is not None:
            same_size = stat.size == (release / path).stat().st_size
            rebuilt.files[path] = digest if same_size else ""
    pages, rebuilt.redirects = read_release_record(releases.record(name))
    for path in rebuilt.files:
        rebuilt.record_page(path, pages)
    warn(Problem.of("W703", name=MANIFEST, detail=detail, release=name))
    return rebuilt


def _read_back_redirects(
    pool: Pool, remote: Manifest, listing: Listing, report: Callable[[str], None]
) -> None:
    """Add to remote the redirects of renamed pages that the server's live files publish
    (live_redirects.py): a manifest made again does not lose them."""
    name, live = live_redirects.read_back(
        lambda path: pool.run(lambda t: t.read(path)), set(listing.files)
    )
    added = {old: new for old, new in live.items() if old not in remote.redirects}
    remote.redirects.update(added)
    if added:
        report(text("redirects_read_back", count=len(added), name=name))


def _redirect_gone_pages(
    folder: Path,
    remote: Manifest,
    pages: SitePages,
    delete: bool,
    dry_run: bool,
    report: Callable[[str], None],
    warn: Warn,
) -> None:
    """Redirect the pages gone since the last deploy to the pages they became, in folder
    and in the manifest (renames.py); warn of those that a deletion leaves with none.

    Also in a dry run: folder is this deploy's, and the plan then shows what would be sent.
    """
    outcome = redirect_gone(folder, remote, pages, delete)
    # Addresses are shown as an editor writes them in aliases: (which accepts them so).
    for old_url, new_url in outcome.added.items():
        key = "plan_redirect" if dry_run else "redirect_added"
        report(text(key, old=unquote(old_url), new=unquote(new_url)))
    for url in outcome.lost:
        warn(Problem.of("W707", url=unquote(url)))


def _send(
    folder: Path,
    pool: Pool,
    plan: Plan,
    local: dict[str, str],
    remote: Manifest,
    summary: Summary,
    listing: Listing,
    saver: _Saver,
    pages: SitePages | None,
) -> None:
    """Upload in phases, then delete; the manifest on the server follows what is there.

    Each phase is finished before the next begins (order.py says why this keeps every
    reachable page whole); within a phase, files go over all the pool's connections.
    """
    phases = _header_steps(folder, pool, plan, remote, summary)
    for phase in phases:

        def upload(path: str) -> tuple[int, RemoteStat | None]:
            data = (folder / path).read_bytes()
            return len(data), pool.run(lambda t: t.write(path, data))

        def sent(path: str, result: tuple[int, RemoteStat | None]) -> None:
            size, stat = result
            remote.files[path] = local[path]
            # As the server reports it now: an edit there before the next deploy shows.
            if stat is not None:
                remote.seen[path] = stat
            else:
                remote.seen.pop(path, None)
            remote.record_page(path, pages)
            summary.uploaded += 1
            summary.bytes_sent += size
            saver.sent(size)

        _in_parallel(pool.size, phase, upload, sent)
        if phase:
            saver.save()
    if not plan.delete:
        return

    def delete(path: str) -> int:
        pool.run(lambda t: t.delete(path))
        return 0

    def deleted(path: str, _: int) -> None:
        remote.files.pop(path, None)
        remote.seen.pop(path, None)
        remote.pages.pop(path, None)
        summary.deleted += 1

    _in_parallel(pool.size, plan.delete, delete, deleted)
    for empty in _emptied_folders(listing, plan.delete, plan.uploads):
        with contextlib.suppress(RemoteError):  # not empty after all: it stays, harmlessly
            pool.run(lambda t, f=empty: t.remove_folder(f))  # type: ignore[misc]
    saver.save()


class _Saver:
    """Saves the manifest now and then, costing at most about a tenth of what is sent."""

    def __init__(self, pool: Pool, manifest: Manifest, recorded: bytes):
        self.pool, self.manifest, self.unsaved = pool, manifest, 0
        self.recorded = recorded  # the manifest as last saved

    def sent(self, size: int) -> None:
        self.unsaved += size
        # The manifest as last saved tells its size well enough (it grows as files go).
        if self.unsaved > max(SAVE_AFTER_BYTES, 10 * len(self.recorded)):
            self.save()

    def save(self, only_if_changed: bool = False) -> None:
        data = self.manifest.to_bytes()
        if only_if_changed and data == self.recorded:
            return
        self.pool.run(lambda t: t.write(MANIFEST, data))
        self.recorded, self.unsaved = data, 0


def _in_parallel(
    workers: int,
    paths: list[str],
    action: Callable[[str], R],
    done: Callable[[str, R], None],
) -> None:
    """action(path) for each path, workers at a time, started in the given order.

    done(path, result) runs in this thread as each finishes, before the next one starts,
    so a save of the manifest it makes finds a free connection at once. On a failure no
    further action starts; those running are awaited and recorded, then it is raised.
    """
    queue = iter(paths)
    failure: BaseException | None = None
    with ThreadPoolExecutor(max(1, workers), thread_name_prefix="sitegen-send") as pool:
        pending: dict[Future[R], str] = {}
        for path in itertools.islice(queue, max(1, workers)):
            pending[pool.submit(action, path)] = path
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                path = pending.pop(future)
                error = future.exception()
                if error is None:
                    done(path, future.result())
                elif failure is None:
                    failure = error
                if failure is None:
                    following = next(queue, None)
                    if following is not None:
                        pending[pool.submit(action, following)] = following
    if failure is not None:
        raise failure


def _emptied_folders(
    listing: Listing, deleted: Iterable[str], uploaded: Iterable[str]
) -> list[str]:
    """Folders that held deleted files and now hold nothing at all, deepest first."""
    deleted = set(deleted)
    candidates = {folder for path in deleted for folder in _ancestors(path)}
    remaining = (set(listing.files) | listing.hidden | set(uploaded)) - deleted
    occupied = {folder for path in remaining for folder in _ancestors(path)}
    for other in listing.folders - candidates:  # a folder we did not empty keeps its parents
        occupied |= {other, *_ancestors(other)}
    empty = candidates - occupied
    return sorted(empty, key=lambda f: (-f.count("/"), f))


def _ancestors(path: str) -> list[str]:
    """The folders path is in, below the remote root ("a/b/c.html": "a/b", "a")."""
    found = []
    folder = posixpath.dirname(path)
    while folder:
        found.append(folder)
        folder = posixpath.dirname(folder)
    return found


def _header_steps(
    folder: Path, pool: Pool, plan: Plan, remote: Manifest, summary: Summary
) -> list[list[str]]:
    """The upload phases, after sending an interim header file if the final one cannot go
    first (a style hash the old pages need, a redirect to a page not there yet).

    The final header file then gets a phase of its own just after the pages and before any
    deletion: every page a new redirect leads to is there, and a page an old redirect
    covered is still there until then (csp_bridge.py).
    """
    name = csp_bridge.HEADER_FILE
    if name not in plan.phases[0]:
        return plan.phases
    new = (folder / name).read_bytes()
    old = (pool.run(lambda t: t.read(name)) or b"") if name in remote.files else b""
    first = csp_bridge.interim(old, new)
    if first == new:
        return plan.phases
    if first != old:
        pool.run(lambda t: t.write(name, first))
        remote.files[name] = hashlib.sha256(first).hexdigest()
        remote.seen.pop(name, None)
        summary.bytes_sent += len(first)
    rest = [p for p in plan.phases[0] if p != name]
    return [rest, *plan.phases[1:ANNOUNCE], [name], *plan.phases[ANNOUNCE:]]


def _save_if_possible(pool: Pool, manifest: Manifest) -> None:
    """One attempt to record what reached the server, after a failure."""
    transport = pool.transport
    if transport is not None:
        with contextlib.suppress(RemoteError):
            transport.write(MANIFEST, manifest.to_bytes())


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


def record_release(releases: Releases, pages: SitePages | None, summary: Summary) -> None:
    """Keep, beside the live release, its pages and the redirects that went live with it:
    what rebuilds a damaged manifest, and what a rollback to it needs to know."""
    current = releases.current()
    if current is not None:
        releases.keep_record(current, release_record(pages, summary.redirects))
