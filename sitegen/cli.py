"""The command line: `python build.py [build|check|serve|edit|deploy] ...`."""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

from sitegen.core.files import FileLockedError
from sitegen.core.help_format import ColumnsHelpFormatter
from sitegen.core.messages import ARGPARSE, CLI_HELP
from sitegen.core.problems import Problem
from sitegen.core.project import Project
from sitegen.core.reporting import EXIT_INTERRUPTED, EXIT_PROBLEMS, EXIT_USAGE, print_problems


class Parser(argparse.ArgumentParser):
    """argparse with Japanese errors that say how to see the help."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(
            EXIT_USAGE, CLI_HELP["usage_error"].format(prog=self.prog, message=message) + "\n"
        )


@contextlib.contextmanager
def japanese_argparse() -> Iterator[None]:
    """argparse's own words (usage, headings, errors) from our catalogue while inside."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]

    def gettext(message: str) -> str:
        return ARGPARSE.get(message, message)

    def ngettext(singular: str, plural: str, count: int) -> str:
        return gettext(singular if count == 1 else plural)

    argparse._, argparse.ngettext = gettext, ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def port_number(value: str) -> int:
    """A TCP port, 1 to 65535."""
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise argparse.ArgumentTypeError(CLI_HELP["bad_port"].format(value=value))
    return int(value)


def _described(key: str, metavar: str) -> dict[str, str]:
    return {"help": CLI_HELP[key], "metavar": CLI_HELP[metavar]}


def parser() -> argparse.ArgumentParser:
    """The command line; build it inside `japanese_argparse()`."""
    top = Parser(
        prog="build.py",
        description=CLI_HELP["description"],
        epilog=CLI_HELP["epilog"],
        formatter_class=ColumnsHelpFormatter,
    )
    commands = top.add_subparsers(
        dest="command",
        title=CLI_HELP["commands"],
        metavar=CLI_HELP["commands"],
        help=CLI_HELP["commands_help"],
    )

    def command(name: str) -> argparse.ArgumentParser:
        return commands.add_parser(
            name,
            help=CLI_HELP[name],
            description=CLI_HELP[name],
            formatter_class=ColumnsHelpFormatter,
        )

    def flag(where: argparse.ArgumentParser, option: str, key: str) -> None:
        where.add_argument(option, action="store_true", help=CLI_HELP[key])

    build_cmd = command("build")
    check_cmd = command("check")
    flag(check_cmd, "--external", "external")
    serve_cmd = command("serve")
    serve_cmd.add_argument("--port", type=port_number, default=8000, **_described("port", "number"))
    serve_cmd.add_argument("--host", default="127.0.0.1", **_described("host", "address"))
    flag(serve_cmd, "--open", "open")
    edit_cmd = command("edit")  # no --host: the editor listens on loopback only
    edit_cmd.add_argument("--port", type=port_number, **_described("edit_port", "number"))
    flag(edit_cmd, "--no-open", "no_open")
    deploy_cmd = command("deploy")
    for option in ("dry-run", "delete", "rollback", "insecure", "verify"):
        flag(deploy_cmd, f"--{option}", option.replace("-", "_"))
    command("test")  # listed in the help; run before parsing (its arguments belong to pytest)
    for where in (top, build_cmd):
        where.add_argument("--out", type=Path, metavar=CLI_HELP["folder"], help=CLI_HELP["out"])
        flag(where, "--no-cache", "no_cache")
        where.add_argument("--explain", **_described("explain", "target"))
    for where in (top, build_cmd, check_cmd, serve_cmd, edit_cmd, deploy_cmd):
        flag(where, "--debug", "debug")
    return top


def main(root: Path, argv: list[str] | None = None, ending: bool = False) -> int:
    """Run the command line for the project at root; return the exit code.

    ending: the process ends when this returns (build.py, through exit_now).
    """
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["test"] and argv[1:] not in (["-h"], ["--help"]):
        return run_tests(root, argv[1:])
    with japanese_argparse():
        args = parser().parse_args(argv)
    project = Project(root)
    try:
        return _dispatch(project, args, ending)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except FileLockedError as exc:
        print_problems([Problem.of("E004", exc.path, path=exc.path.name)], project.root)
        return EXIT_PROBLEMS
    except Exception as exc:  # an editor must never see a traceback
        print_problems([Problem.of("E901", detail=f"{type(exc).__name__}: {exc}")])
        if args.debug:
            traceback.print_exc()
        return EXIT_PROBLEMS


# Coverage follows every build the tests start in a subprocess, which about doubles the
# suite's time: CI measures it and holds the floor; an editor's or a developer's run does not.
COVERAGE = ("--cov=sitegen", "--cov-report=term-missing:skip-covered", "--cov-fail-under=90")
# Tests run in worker processes (pytest-xdist), two per core: most of them wait on a build
# in a subprocess, a server or a browser (measured: a test keeps 0.45 of a core busy on
# average), so one per core left the cores idle for a third of the run. Tests that share a
# costly fixture are marked `xdist_group` and go to one worker; the others are handed out
# one by one in the order tests/conftest.py gives (the longest first). A module whose tests
# are the steps of one story is one group too.
DISTRIBUTION = ("--dist", "loadgroup")
MOST_WORKERS = 16  # each may hold a Chromium and a server or two


def workers() -> tuple[str, ...]:
    """pytest-xdist's options: two workers a core, at most MOST_WORKERS."""
    count = min(2 * (os.cpu_count() or 1), MOST_WORKERS)
    return ("-n", str(count), *DISTRIBUTION)


def run_tests(root: Path, arguments: list[str]) -> int:
    """`build.py test [pytest arguments]`: the whole suite (or what the arguments pick), one
    worker per core unless the arguments say otherwise, with coverage when `CI` is set."""
    import subprocess

    chosen = any(a in ("-n", "--numprocesses", "no:xdist") or a.startswith("-n") for a in arguments)
    options = [*([] if chosen else workers()), *(COVERAGE if os.environ.get("CI") else ())]
    try:
        return subprocess.call([sys.executable, "-m", "pytest", *options, *arguments], cwd=root)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


def _dispatch(project: Project, args: argparse.Namespace, ending: bool = False) -> int:
    """Run one command; each imports what it alone needs, so that a build starts sooner."""
    if args.command == "check":
        from sitegen.commands import check

        return check.run(project, args.external)
    if args.command == "serve":
        from sitegen.commands import serve

        return serve.run(project, args.host, args.port, args.open)
    if args.command == "edit":
        from sitegen.commands import edit

        return edit.run(project, args.port, not args.no_open)
    if args.command == "deploy":
        from sitegen.commands import deploy

        options = deploy.Options(
            args.dry_run, args.delete, args.rollback, args.insecure, check_content=args.verify
        )
        return deploy.run(project, options)
    if getattr(args, "explain", None):
        from sitegen.commands import explain

        return explain.run(project, args.explain, use_cache=not args.no_cache)
    # A build runs once and ends: the collector's passes over what it imports and reads only
    # cost time (the cycles pages leave are freed after each chunk: workers.map_chunks).
    from sitegen.core.workers import paused

    with paused():
        from sitegen.commands import build

        code = build.run(project, args.out or project.root / "dist", use_cache=not args.no_cache)
        if ending:
            # The collector runs again as the pause ends, over everything the build made
            # (0.05 s at 10,000 pages) in a process about to end: it is spared that pass.
            gc.freeze()
        return code


def exit_now(code: int) -> None:
    """End the process with code once output is flushed, skipping the interpreter's teardown.

    Freeing every object of a large build one by one takes a tenth of a second at 1,000
    pages, and nothing is left to do: files are written and closed, workers have exited.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
