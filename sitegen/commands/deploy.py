"""`python build.py deploy`: the command's steps and what it prints."""

from __future__ import annotations

import contextlib
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from sitegen.commands import build as build_command
from sitegen.core.messages import text
from sitegen.core.problems import ContentError, Problem
from sitegen.core.project import Project
from sitegen.core.reporting import EXIT_OK, EXIT_PROBLEMS, print_problems
from sitegen.deploy import locks
from sitegen.deploy import publish as deploy
from sitegen.deploy.connections import Pool
from sitegen.deploy.pages import SitePages, read_release_record, site_pages
from sitegen.deploy.releases import Releases
from sitegen.deploy.settings import DeploySettings, load_settings
from sitegen.deploy.transport import RemoteError
from sitegen.source.sync_copies import conflict_copies


@dataclass(frozen=True)
class Options:
    dry_run: bool = False
    delete: bool = False
    rollback: bool = False
    insecure: bool = False
    check_content: bool = False  # --verify: download every file and compare its bytes


def run(project: Project, options: Options) -> int:
    """Build and check, then publish; or, with rollback, publish the previous release.

    Returns the exit code."""
    try:
        settings = load_settings(project.root / "deploy.yml")
    except ContentError as error:
        print_problems(error.problems, project.root)
        print(text("deploy_unconfigured"), file=sys.stderr)
        return EXIT_PROBLEMS
    if settings.protocol == "ftp" and options.insecure:
        _say("W701")
    if not settings.verify:
        _say("W702")
    try:  # one publish at a time: the editor's 「公開」 takes the same lock (locks.py)
        with locks.local_lock(project.root / ".deploy", "deploy"):
            return _run_locked(project, options, settings)
    except locks.LockHeldError as held:
        print_problems([Problem.of(held.code, **held.values)])
        return EXIT_PROBLEMS


def _run_locked(project: Project, options: Options, settings: DeploySettings) -> int:
    releases = Releases(project.root / ".deploy" / "releases")
    to_publish = _folder_to_publish(project, options, releases)
    if to_publish is None:
        return EXIT_PROBLEMS
    folder, pages = to_publish
    started = time.perf_counter()
    summary = _publish(settings, folder, options, releases, pages)
    if summary is None:
        return EXIT_PROBLEMS
    if not options.dry_run:
        if options.rollback:
            releases.pop()
        else:
            deploy.store_release(releases, folder, settings.keep_releases)
        deploy.record_release(releases, pages, summary)
    counts = dict(uploaded=summary.uploaded, unchanged=summary.unchanged, deleted=summary.deleted)
    key = "deploy_dry" if options.dry_run else "deploy_done"
    print(text(key, sent=summary.bytes_sent, seconds=time.perf_counter() - started, **counts))
    if summary.delete_refused:
        _say("E725", name=deploy.MANIFEST)
        return EXIT_PROBLEMS
    return EXIT_OK


def _folder_to_publish(
    project: Project, options: Options, releases: Releases
) -> tuple[Path, SitePages | None] | None:
    """The previous release for a rollback, else dist/ freshly built, with its pages as
    recorded with the release or as built; None if there is none."""
    if options.rollback:
        name = releases.previous()
        if name is None:
            _say("E731")
            return None
        print(text("deploy_rollback", name=name))
        return releases.path(name), read_release_record(releases.record(name))[0]
    folder = project.root / "dist"
    result = build_command.built(project, folder)
    if result is None or result.site is None:
        print(text("deploy_refused"), file=sys.stderr)
        return None
    copies = conflict_copies(project.content, project.assets)
    if copies:  # two versions of a text exist: one may hold a colleague's change
        refusals = [
            Problem.of("E008", c.copy, name=c.copy.name, original=c.original.name) for c in copies
        ]
        print_problems(refusals, project.root)
        print(text("deploy_refused"), file=sys.stderr)
        return None
    return folder, site_pages(result.site)


def _publish(
    settings: DeploySettings,
    folder: Path,
    options: Options,
    releases: Releases,
    pages: SitePages | None,
) -> deploy.Summary | None:
    """Send folder; None (with the reason printed) if that failed."""
    try:
        pool = Pool(
            deploy.opener(settings, options.insecure),
            settings.retries,
            settings.connections,
            on_fewer=lambda count, detail: _say("W705", count=count, detail=detail),
        )
        try:
            held = (
                contextlib.nullcontext() if options.dry_run else locks.server_lock(pool, "deploy")
            )
            with held:
                return deploy.publish(
                    folder,
                    pool,
                    delete=options.delete or options.rollback,
                    dry_run=options.dry_run,
                    report=print,
                    warn=lambda problem: print_problems([problem]),
                    check_content=options.check_content,
                    releases=releases,  # the live release: what a damaged manifest had listed
                    pages=pages,
                )
        finally:
            pool.drop()
    except RemoteError as error:
        print_problems([deploy.remote_failure(error, settings).problem])
    except deploy.DeployError as error:
        print_problems([error.problem])
    except locks.LockHeldError as held:
        print_problems([Problem.of(held.code, **held.values)])
    return None


def _say(code: str, **values: object) -> None:
    """A message of the deploy's own (a warning, or an error that stops it)."""
    sys.stdout.flush()  # so that it follows what was printed before it
    print_problems([deploy.DeployError(code, **values).problem])
