"""`python build.py deploy`: the command's steps and what it prints."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import deploy
from .deploy_settings import load_settings
from .errors import ContentError
from .messages import text
from .project import Project
from .releases import Releases
from .transport import RemoteError

EXIT_OK, EXIT_CONTENT = 0, 1


@dataclass(frozen=True)
class Options:
    dry_run: bool = False
    delete: bool = False
    rollback: bool = False
    insecure: bool = False


def deploy_command(project: Project, args: Options, build: Callable[[Path], int]) -> int:
    """Build and check (build returns an exit code), then publish; or, with rollback,
    publish the previous release. Returns the exit code."""
    try:
        settings = load_settings(project.root / "deploy.yml")
    except ContentError as error:
        return _refuse(project, error)
    if settings.protocol == "ftp" and args.insecure:
        print(deploy.DeployError("W701").format(), file=sys.stderr)
    if not settings.verify:
        print(deploy.DeployError("W702").format(), file=sys.stderr)
    releases = Releases(project.root / ".deploy" / "releases")
    if args.rollback:
        name = releases.previous()
        if name is None:
            print(deploy.DeployError("E731").format(), file=sys.stderr)
            return EXIT_CONTENT
        print(text("deploy_rollback", name=name))
        folder = releases.path(name)
    else:
        folder = project.root / "dist"
        if build(folder) != EXIT_OK:
            print(text("deploy_refused"), file=sys.stderr)
            return EXIT_CONTENT
    started = time.perf_counter()
    try:
        session = deploy.Session(deploy.opener(settings, args.insecure), settings.retries)
        try:
            summary = deploy.publish(
                folder, session, args.delete or args.rollback, args.dry_run, print
            )
        finally:
            session.drop()
    except RemoteError as error:
        print(deploy.remote_failure(error, settings).format(), file=sys.stderr)
        return EXIT_CONTENT
    except deploy.DeployError as error:
        print(error.format(), file=sys.stderr)
        return EXIT_CONTENT
    if not args.dry_run:
        if args.rollback:
            releases.pop()
        else:
            deploy.store_release(releases, folder, settings.keep_releases)
    seconds = time.perf_counter() - started
    shown = dict(uploaded=summary.uploaded, unchanged=summary.unchanged, deleted=summary.deleted)
    key = "deploy_dry" if args.dry_run else "deploy_done"
    print(text(key, sent=summary.bytes_sent, seconds=seconds, **shown))
    return EXIT_OK


def _refuse(project: Project, error: ContentError) -> int:
    for problem in error.problems:
        print(problem.format(project.root), file=sys.stderr)
    print(text("deploy_refused"), file=sys.stderr)
    return EXIT_CONTENT
