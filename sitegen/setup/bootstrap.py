"""Before anything else: a Python new enough, with the dependencies, or a `.venv` that has them.

`build.py` calls `prepare()` first. When the dependencies already import (a developer's
environment, the test suite, the `.venv` itself), it only looks them up and returns.
Otherwise it makes `.venv` in the project folder with the running Python, installs the
pinned versions of `constraints.txt` into it, and runs the same command again with the
`.venv`'s Python. Nothing is installed outside the project folder.

This module runs before the version check can refuse an old Python, so it uses only the
standard library and syntax that Python 3.6 still reads (no `from __future__ import
annotations`, no walrus, no `match`): an old Python must reach the message, not a
SyntaxError. Its messages are here, not in `sitegen.core.messages`, for the same reason.
"""

import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations are quoted, so that an old Python reads this module
    from collections.abc import Sequence

# Keep in step with `requires-python` in pyproject.toml (a test checks that).
MINIMUM = (3, 11)
# What each kind of command needs to import, by top-level module name: the runtime
# dependencies; `deploy` also the `sftp` extra; `test` the `test` extra too. A set-up always
# installs the `sftp` extra, so that an editor's `deploy` over SFTP needs no second step.
RUN_MODULES = (
    "jinja2",
    "markdown",
    "yaml",
    "html5lib",
    "budoux",
    "pymdownx",
    "watchfiles",
    "werkzeug",  # the preview's server (serve, edit)
    "PIL",
    "pillow_heif",
    # Windows has no time zone database of its own: zoneinfo reads this package's copy.
    *(("tzdata",) if sys.platform == "win32" else ()),
)
MODULES = {
    "run": RUN_MODULES,
    "deploy": (*RUN_MODULES, "paramiko"),
    # The browser editor: Flask and round-trip YAML (the `edit` extra), on first `edit`.
    "edit": (*RUN_MODULES, "paramiko", "flask", "ruamel", "keyring"),
    "test": (
        *RUN_MODULES,
        "paramiko",
        "flask",
        "ruamel",
        "keyring",
        "pytest",
        "hypothesis",
        "bs4",
        "playwright",
        "pyftpdlib",
        "OpenSSL",
        "cryptography",
        "ruff",
        "pytest_cov",
        "coverage",
        "cmarkgfm",
        "xdist",
    ),
}
EXTRAS = {
    "run": ("sftp",),
    "deploy": ("sftp",),
    "edit": ("sftp", "edit"),
    "test": ("sftp", "edit", "test"),
}
CONSTRAINTS = "constraints.txt"
VENV = ".venv"
STAMP = "sitegen-setup.json"
EXIT_PROBLEMS = 1
EXIT_INTERRUPTED = 130

MESSAGES = {
    "old_python": (
        "この Python ({found}) は古すぎます。サイトを作るには Python {needed} 以降が必要です。\n"
        "  {install}\n"
        "  入れたあと、新しい画面を開いてもう一度 `{command}` を実行してください。"
    ),
    "install_darwin": (
        "python.org の macOS 用インストーラー(https://www.python.org/downloads/macos/)で "
        "最新の Python 3 を入れてください(macOS に最初から入っている Python 3.9 は使えません)。"
    ),
    "install_win32": (
        "python.org の Windows 用インストーラー(https://www.python.org/downloads/windows/)か "
        "Microsoft Store で最新の Python 3 を入れてください。"
    ),
    "install_other": (
        "Debian/Ubuntu では `sudo apt install python3`、そのほかは python.org"
        "(https://www.python.org/downloads/)から最新の Python 3 を入れてください。"
    ),
    "no_venv": (
        "この Python には、部品を入れる場所(.venv)を作る機能 venv/ensurepip がありません。\n"
        "  Debian/Ubuntu では `sudo apt install {package}` を実行してから、"
        "もう一度 `{command}` を実行してください。"
    ),
    "setting_up": (
        "初めての準備: 必要な部品をこのフォルダの .venv に入れています"
        "(インターネット接続が必要です。数分かかることがあります)…"
    ),
    "updating": "部品の一覧(constraints.txt)が変わったので、.venv の部品を入れ直しています…",
    "adding": "このコマンドに必要な部品を .venv に追加しています(インターネット接続が必要です)…",
    "install_failed": (
        "必要な部品を .venv に入れられませんでした(上の英語のメッセージが理由です)。\n"
        "  インターネットにつながっているか確かめて、もう一度 `{command}` を実行してください。\n"
        "  続けて失敗するときは .venv フォルダを削除してから実行してください。"
    ),
    "missing": (
        "必要な部品 {modules} が読み込めません。\n"
        "  .venv フォルダを削除してから、もう一度 `{command}` を実行してください"
        "(部品を入れ直します)。"
    ),
    "cannot_set_up": (
        "部品を入れる場所 .venv を用意できませんでした({detail})。\n"
        "  このフォルダに書き込めるか、ディスクに空きがあるかを確かめてから、"
        "もう一度 `{command}` を実行してください。"
    ),
    "no_project_file": "{name} が見つかりません。プロジェクトのフォルダ全体をコピーしてください。",
}


def say(key: str, **values: object) -> None:
    """One of this module's messages on stderr."""
    print(MESSAGES[key].format(**values), file=sys.stderr, flush=True)


def command(argv: "Sequence[str]" = ()) -> str:
    """The command as the editor typed it, for messages: `python3 build.py` or `py build.py`."""
    python = "py" if sys.platform == "win32" else "python3"
    return " ".join([python, "build.py", *argv])


def safe_output() -> None:
    """Never fail on a character the console cannot show (a cp932 console and an emoji)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def old_python_message(found: "Sequence[int]", platform: str) -> str:
    """What to tell an editor whose Python is older than MINIMUM, for their system."""
    install = MESSAGES.get("install_" + platform, MESSAGES["install_other"])
    return MESSAGES["old_python"].format(
        found=".".join(str(part) for part in found[:3]),
        needed=".".join(str(part) for part in MINIMUM),
        install=install,
        command=command(),
    )


def venv_package() -> str:
    """The Debian/Ubuntu package that brings `ensurepip` for the running Python."""
    return "python{}.{}-venv".format(*sys.version_info[:2])


def profile_of(argv: "Sequence[str]") -> str:
    """Which of MODULES the command needs: `test`, `deploy`, `edit` or `run` (the rest)."""
    return argv[0] if argv[:1] in (["test"], ["deploy"], ["edit"]) else "run"


def missing_modules(profile: str) -> "list[str]":
    """The needed modules that this interpreter cannot find (looked up, not imported)."""
    return [name for name in MODULES[profile] if importlib.util.find_spec(name) is None]


def prepare(root: Path, argv: "Sequence[str]") -> None:
    """Return when this interpreter can run the command; else set up `.venv` and run it there."""
    safe_output()
    if sys.version_info < MINIMUM:
        print(old_python_message(sys.version_info, sys.platform), file=sys.stderr)
        sys.exit(EXIT_PROBLEMS)
    profile = profile_of(argv)
    missing = missing_modules(profile)
    if not missing:
        return
    try:
        code = Setup(root).run_there(profile, missing, argv)
    except KeyboardInterrupt:  # Ctrl+C while installing: the next run starts afresh
        code = EXIT_INTERRUPTED
    except OSError as exc:  # a folder one cannot write to, a full disk, a .venv that is a file
        say("cannot_set_up", detail=exc.strerror or exc, command=command(argv))
        code = EXIT_PROBLEMS
    sys.exit(code)


class Setup:
    """The project's `.venv`: made, filled from the constraints, and run."""

    def __init__(self, root: Path):
        self.root = root
        self.venv = root / VENV
        self.stamp = self.venv / STAMP
        if sys.platform == "win32":
            self.python = self.venv / "Scripts" / "python.exe"
        else:
            self.python = self.venv / "bin" / "python"

    def run_there(self, profile: str, missing: "list[str]", argv: "Sequence[str]") -> int:
        """Install what profile needs unless the stamp says it is there; run build.py there."""
        digest = self.digest(profile)
        if digest is None:
            return EXIT_PROBLEMS
        installed = self.installed()
        if self.running_inside() and installed.get(profile) == digest:
            # The stamp says it is all there and it is not: a damaged .venv. No loop.
            say("missing", modules=", ".join(missing), command=command(argv))
            return EXIT_PROBLEMS
        if installed.get(profile) != digest or not self.python.exists():
            code = self.install(profile, digest, installed)
            if code:
                return code
        return self.rerun(argv)

    def running_inside(self) -> bool:
        try:
            return Path(sys.prefix).resolve() == self.venv.resolve()
        except OSError:
            return False

    def installed(self) -> "dict[str, str]":
        try:
            return dict(json.loads(self.stamp.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return {}

    def digest(self, profile: str) -> "str | None":
        """What an install for profile depends on: the constraints, the requirements, Python."""
        constraints = self.root / CONSTRAINTS
        try:
            data = constraints.read_bytes()
        except OSError:
            say("no_project_file", name=CONSTRAINTS)
            return None
        requirements = self.requirements(profile)
        if requirements is None:
            return None
        text = "\n".join(requirements) + "\n" + ".".join(map(str, sys.version_info[:2]))
        return hashlib.sha256(data + text.encode("utf-8")).hexdigest()

    def requirements(self, profile: str) -> "list[str] | None":
        """The dependencies and the profile's extras, as pyproject.toml states them."""
        import tomllib  # 3.11+, which the version check has made sure of

        try:
            with open(self.root / "pyproject.toml", "rb") as stream:
                project = tomllib.load(stream)["project"]
        except (OSError, KeyError, ValueError):
            say("no_project_file", name="pyproject.toml")
            return None
        wanted = list(project.get("dependencies", []))
        extras = project.get("optional-dependencies", {})
        for extra in EXTRAS[profile]:
            wanted += [item for item in extras.get(extra, []) if item not in wanted]
        return wanted

    def install(self, profile: str, digest: str, installed: "dict[str, str]") -> int:
        """Make the `.venv` if needed and install the pinned requirements of profile into it."""
        # Without a stamp the .venv is new or half made (a failed first set-up): start afresh.
        # A .venv whose Python was removed (an upgrade) has a dangling link: start afresh too.
        if (not installed or not self.python.exists()) and not self.running_inside():
            try:
                import ensurepip  # noqa: F401  (Debian leaves it out without python3-venv)
                import venv
            except ImportError:
                say("no_venv", package=venv_package(), command=command())
                return EXIT_PROBLEMS
            say("setting_up")
            try:
                venv.EnvBuilder(with_pip=True, clear=True).create(str(self.venv))
            except subprocess.CalledProcessError:  # ensurepip failed in the new environment
                shutil.rmtree(self.venv, ignore_errors=True)
                say("no_venv", package=venv_package(), command=command())
                return EXIT_PROBLEMS
            installed = {}
        elif profile in installed:
            say("updating")
        else:
            say("adding")
        requirements = self.requirements(profile) or []
        pip = [str(self.python), "-m", "pip", "install", "--disable-pip-version-check"]
        pip += ["--quiet", "-c", str(self.root / CONSTRAINTS), *requirements]
        if subprocess.run(pip, cwd=str(self.root)).returncode != 0:
            say("install_failed", command=command())
            return EXIT_PROBLEMS
        installed[profile] = digest
        for other, extras in EXTRAS.items():  # what profile installed covers these too
            if other != profile and set(extras) <= set(EXTRAS[profile]):
                installed[other] = self.digest(other) or ""
        self.stamp.write_text(json.dumps(installed, indent=1, sort_keys=True), encoding="utf-8")
        return 0

    def rerun(self, argv: "Sequence[str]") -> int:
        """Run build.py with the `.venv`'s Python; on POSIX in place of this process."""
        line = [str(self.python), str(self.root / "build.py"), *argv]
        sys.stdout.flush()
        sys.stderr.flush()
        if os.name == "posix":
            os.execv(line[0], line)
        child = subprocess.Popen(line)
        while True:  # Windows: Ctrl+C reaches both processes; the child decides when to end
            try:
                return child.wait()
            except KeyboardInterrupt:
                continue
