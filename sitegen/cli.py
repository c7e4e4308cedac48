"""The command line: `python build.py [build|check|serve|deploy] ...`."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path

from sitegen.build.pipeline import build
from sitegen.core.messages import message, text
from sitegen.core.problems import ContentError
from sitegen.core.project import Project

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


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
        command.add_argument("--debug", action="store_true", help="show internal tracebacks")
    return top


def main(root: Path, argv: list[str] | None = None) -> int:
    """Run the command line for the project at root; return the exit code."""
    args = parser().parse_args(argv)
    project = Project(root)
    try:
        # Each command imports what it alone needs, so that a build starts sooner.
        if args.command == "check":
            return _check(project, args.external)
        if args.command == "serve":
            from sitegen.commands.serve import serve

            return serve(project, args.host, args.port, args.open)
        if args.command == "deploy":
            from sitegen.commands.deploy import Options, deploy_command

            options = Options(args.dry_run, args.delete, args.rollback, args.insecure)
            return deploy_command(project, options, lambda folder: _build(project, folder))
        return _build(project, args.out or root / "dist")
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # an editor must never see a traceback
        detail = f"{type(exc).__name__}: {exc}"
        body, hint = message("E901", detail=detail)
        print(f"E901 {body}\n  {hint}", file=sys.stderr)
        if args.debug:
            traceback.print_exc()
        return EXIT_CONTENT


def exit_now(code: int) -> None:
    """End the process with code once output is flushed, skipping the interpreter's teardown.

    Freeing every object of a large build one by one takes a tenth of a second at 1,000
    pages, and nothing is left to do: files are written and closed, workers have exited.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _build(project: Project, out: Path) -> int:
    try:
        result = build(project, out)
    except ContentError as error:
        for problem in error.problems:
            print(problem.format(project.root), file=sys.stderr)
        count = len(error.errors)
        print(text("failed", count=count, out=_shown(out, project)), file=sys.stderr)
        return EXIT_CONTENT
    for warning in result.warnings:
        print(warning.format(project.root), file=sys.stderr)
    if result.warnings:
        print(text("warnings", count=len(result.warnings)), file=sys.stderr)
    shown = _shown(out, project)
    print(text("built", pages=result.pages, files=result.files, out=shown, ms=result.milliseconds))
    return EXIT_OK


def _check(project: Project, external: bool) -> int:
    from sitegen.commands.check import check_project

    problems = check_project(project, external)
    errors = [p for p in problems if not p.is_warning]
    for problem in problems:
        print(problem.format(project.root))
    warnings = len(problems) - len(errors)
    print(text("checked", errors=len(errors), warnings=warnings))
    return EXIT_CONTENT if errors else EXIT_OK


def _shown(out: Path, project: Project) -> str:
    try:
        return out.resolve().relative_to(project.root.resolve()).as_posix() + "/"
    except ValueError:
        return str(out)
