"""The command line: `python build.py [build|check|serve|deploy] ...`."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path

from sitegen.core.problems import Problem
from sitegen.core.project import Project
from sitegen.core.reporting import EXIT_INTERRUPTED, EXIT_PROBLEMS, print_problems


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="build.py", description="Build the site from content/.")
    commands = top.add_subparsers(dest="command")
    build_cmd = commands.add_parser("build", help="build the site into dist/ (the default)")
    check_cmd = commands.add_parser("check", help="list every problem; dist/ is not touched")
    check_cmd.add_argument("--external", action="store_true", help="also open outside links")
    check_cmd.add_argument("--debug", action="store_true", help="show internal tracebacks")
    serve_cmd = commands.add_parser("serve", help="preview the site, rebuilding on every save")
    serve_cmd.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    serve_cmd.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    serve_cmd.add_argument("--open", action="store_true", help="open the preview in a browser")
    serve_cmd.add_argument("--debug", action="store_true", help="show internal tracebacks")
    deploy_cmd = commands.add_parser("deploy", help="build, check and publish to the web host")
    deploy_cmd.add_argument("--dry-run", action="store_true", help="show the plan; send nothing")
    deploy_cmd.add_argument("--delete", action="store_true", help="remove files no longer built")
    deploy_cmd.add_argument("--rollback", action="store_true", help="publish the previous release")
    deploy_cmd.add_argument("--insecure", action="store_true", help="allow plain, unencrypted FTP")
    deploy_cmd.add_argument("--debug", action="store_true", help="show internal tracebacks")
    for command in (top, build_cmd):
        command.add_argument("--out", type=Path, help="output folder (default: dist/)")
        command.add_argument(
            "--no-cache",
            action="store_true",
            help="作業用の控え(.cache/)を使わずに、すべてのページを作り直す",
        )
        command.add_argument("--debug", action="store_true", help="show internal tracebacks")
    return top


def main(root: Path, argv: list[str] | None = None) -> int:
    """Run the command line for the project at root; return the exit code."""
    args = parser().parse_args(argv)
    project = Project(root)
    try:
        return _dispatch(project, args)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as exc:  # an editor must never see a traceback
        print_problems([Problem.of("E901", detail=f"{type(exc).__name__}: {exc}")])
        if args.debug:
            traceback.print_exc()
        return EXIT_PROBLEMS


def _dispatch(project: Project, args: argparse.Namespace) -> int:
    """Run one command; each imports what it alone needs, so that a build starts sooner."""
    if args.command == "check":
        from sitegen.commands import check

        return check.run(project, args.external)
    if args.command == "serve":
        from sitegen.commands import serve

        return serve.run(project, args.host, args.port, args.open)
    if args.command == "deploy":
        from sitegen.commands import deploy

        options = deploy.Options(args.dry_run, args.delete, args.rollback, args.insecure)
        return deploy.run(project, options)
    from sitegen.commands import build

    return build.run(project, args.out or project.root / "dist", use_cache=not args.no_cache)


def exit_now(code: int) -> None:
    """End the process with code once output is flushed, skipping the interpreter's teardown.

    Freeing every object of a large build one by one takes a tenth of a second at 1,000
    pages, and nothing is left to do: files are written and closed, workers have exited.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
