"""Windows and macOS, proven here: no fork, locked files, a cp932 console, CRLF, no POSIX-only calls."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.core import files

from conftest import ROOT, Run, tree_digest, write_pages

# Started in every child Python (a sitecustomize on its path): take os.fork away, or record its
# calls, or make os.replace fail the way Windows does when another program holds the file.
SITECUSTOMIZE = """
import os, sys

mode = os.environ.get("TEST_PLATFORM", "")
if mode == "no-fork":
    del os.fork
elif mode == "count-forks":
    _fork, _log = os.fork, os.environ["TEST_FORK_LOG"]

    def fork():
        with open(_log, "a") as stream:
            stream.write("fork\\n")
        return _fork()

    os.fork = fork
elif mode == "locked":
    _replace, _failures = os.replace, [int(os.environ["TEST_LOCKED_TIMES"])]

    def replace(source, target, **kwargs):
        if _failures[0] > 0 and os.path.basename(os.fspath(source)) == "dist":
            _failures[0] -= 1
            raise PermissionError(13, "The process cannot access the file", os.fspath(source))
        return _replace(source, target, **kwargs)

    os.replace = replace
    import sitegen.output.swap as _swap  # Windows cannot exchange two names in one step

    _swap.exchange = lambda first, second: False
"""


def _run(root: Path, tmp_path: Path, *args: str, **env: str) -> Run:
    """`python build.py ARGS` in root, with the sitecustomize above first on the path."""
    hooks = tmp_path / "hooks"
    hooks.mkdir(exist_ok=True)
    (hooks / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    shared = {**os.environ, "PYTHONPATH": os.pathsep.join([str(hooks), str(ROOT)])}
    shutil.copy(ROOT / "build.py", root / "build.py")
    done = subprocess.run(
        [sys.executable, str(root / "build.py"), *args],
        cwd=root,
        capture_output=True,
        env={**shared, **env},
        timeout=300,
    )
    encoding = env.get("PYTHONIOENCODING", "utf-8")
    return Run(done.returncode, done.stdout.decode(encoding), done.stderr.decode(encoding))


def _build(root: Path, out: Path, tmp_path: Path, **env: str) -> Run:
    return _run(root, tmp_path, "--out", str(out), **env)


def test_without_fork_the_build_is_byte_identical_to_the_forked_build(
    project: Path, tmp_path: Path
) -> None:
    write_pages(project / "content", 60)
    log = tmp_path / "forks.log"
    forked = _build(
        project,
        tmp_path / "forked",
        tmp_path,
        SITEGEN_JOBS="2",
        TEST_PLATFORM="count-forks",
        TEST_FORK_LOG=str(log),
    )
    assert forked.code == 0, forked.err
    assert log.read_text().count("fork") >= 2  # the workers really were forked
    unforked = _build(
        project, tmp_path / "no-fork", tmp_path, SITEGEN_JOBS="2", TEST_PLATFORM="no-fork"
    )
    assert unforked.code == 0, unforked.err
    assert "Traceback" not in unforked.err
    digest = tree_digest(tmp_path / "forked")
    assert len(digest) > 60
    assert tree_digest(tmp_path / "no-fork") == digest


def test_a_briefly_locked_output_folder_is_retried(project: Path, tmp_path: Path) -> None:
    out = project / "dist"
    assert _build(project, out, tmp_path).code == 0
    result = _build(project, out, tmp_path, TEST_PLATFORM="locked", TEST_LOCKED_TIMES="2")
    assert result.code == 0, result.err
    assert "E004" not in result.err


def test_a_locked_output_folder_is_named_and_left_as_it_was(project: Path, tmp_path: Path) -> None:
    out = project / "dist"
    assert _build(project, out, tmp_path).code == 0
    before = tree_digest(out)
    (project / "content" / "index.md").write_text(
        (project / "content" / "index.md").read_text(encoding="utf-8") + "\n追加の段落。\n",
        encoding="utf-8",
    )
    result = _build(project, out, tmp_path, TEST_PLATFORM="locked", TEST_LOCKED_TIMES="1000")
    assert result.code == 1
    assert "dist: E004 エラー: 「" in result.err
    assert "ほかのプログラムが開いているため" in result.err
    assert "Traceback" not in result.err
    assert tree_digest(out) == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".dist")) == []


def test_replace_waits_for_a_lock_then_raises_a_typed_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    slept: list[float] = []
    monkeypatch.setattr(files.time, "sleep", slept.append)
    source, target = tmp_path / "new", tmp_path / "old"
    source.write_text("new")
    target.write_text("old")
    real, failures = os.replace, [2]

    def flaky(a: Path, b: Path) -> None:
        if failures[0]:
            failures[0] -= 1
            raise PermissionError(13, "locked")
        real(a, b)

    monkeypatch.setattr(files.os, "replace", flaky)
    files.replace(source, target)
    assert target.read_text() == "new" and len(slept) == 2
    source.write_text("newer")
    failures[0] = 1000
    with pytest.raises(files.FileLockedError) as caught:
        files.replace(source, target)
    assert caught.value.path == target
    assert len(slept) == 2 + len(files.RETRY_DELAYS)
    assert sum(files.RETRY_DELAYS) < 2  # brief: an editor is waiting
    assert target.read_text() == "new"


def test_a_cp932_console_never_crashes_on_a_character_it_lacks(
    project: Path, tmp_path: Path
) -> None:
    contacts = project / "content" / "sections" / "contacts" / "1-association.md"
    text = contacts.read_text(encoding="utf-8")
    contacts.write_text(text.replace('"03-6380-4771"', '"03-6380-4771🙂"', 1), encoding="utf-8")
    for command in ([], ["check"]):
        result = _run(project, tmp_path, *command, PYTHONIOENCODING="cp932")
        assert result.code == 1, result.err
        shown = result.out + result.err  # check lists on stdout, build on stderr
        assert "UnicodeEncodeError" not in shown and "Traceback" not in shown
        line = text[: text.index('"03-6380-4771"')].count("\n") + 1
        assert f"1-association.md:{line}:1: E202" in shown and "\\U0001f642" in shown


def test_a_built_site_says_so_on_a_cp932_console_with_any_folder_name(
    project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "公開🙂"
    result = _run(project, tmp_path, "--out", str(out), PYTHONIOENCODING="cp932")
    assert result.code == 0, result.err
    assert (out / "index.html").is_file()
    assert "\\U0001f642" in result.out


def test_crlf_content_builds_the_same_bytes(project: Path, tmp_path: Path) -> None:
    """Windows' Notepad saves CRLF; the built site must not change."""
    assert _build(project, tmp_path / "lf", tmp_path).code == 0
    for path in (project / "content").rglob("*"):
        if path.suffix in (".md", ".yml"):
            data = path.read_bytes()
            assert b"\r\n" not in data
            path.write_bytes(data.replace(b"\n", b"\r\n"))
    assert _build(project, tmp_path / "crlf", tmp_path).code == 0
    assert tree_digest(tmp_path / "crlf") == tree_digest(tmp_path / "lf")


def test_git_checks_out_text_files_with_lf_everywhere() -> None:
    """Git for Windows converts to CRLF by default; templates and CSS must reach the build as
    they are in the repository, or every page's bytes (and the style's CSP hash) change."""
    rules = (ROOT / ".gitattributes").read_text(encoding="utf-8").split("\n")
    assert "* text=auto eol=lf" in rules


# What Windows lacks, by module: calls here would fail there without a fallback.
POSIX_ONLY = {
    "os": {
        "fork",
        "forkpty",
        "getuid",
        "geteuid",
        "getgid",
        "getegid",
        "setsid",
        "setpgrp",
        "killpg",
        "getpgid",
        "wait",
        "wait3",
        "wait4",
        "waitpid",
        "WNOHANG",
        "sync",
        "mkfifo",
        "chown",
        "lchown",
        "fchown",
        "getloadavg",
        "nice",
        "pipe2",
        "sched_getaffinity",
        "statvfs",
        "ttyname",
        "openpty",
        "getpwnam",
        "uname",
    },
    "signal": {
        "SIGHUP",
        "SIGQUIT",
        "SIGKILL",
        "SIGUSR1",
        "SIGUSR2",
        "SIGPIPE",
        "SIGALRM",
        "SIGCHLD",
        "SIGCONT",
        "SIGSTOP",
        "SIGTSTP",
        "alarm",
        "pause",
        "setitimer",
        "pthread_kill",
        "pthread_sigmask",
        "sigwait",
        "siginterrupt",
    },
}
POSIX_MODULES = {
    "fcntl",
    "pwd",
    "grp",
    "termios",
    "tty",
    "pty",
    "resource",
    "syslog",
    "posix",
    "crypt",
}


# A POSIX module a file may import where it has a Windows branch of its own beside it.
WINDOWS_BRANCH = {"sitegen/deploy/locks.py": ("fcntl", "msvcrt")}  # flock / locking


def test_no_posix_only_call_in_the_package() -> None:
    found = []
    for path in sorted((ROOT / "sitegen").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(ROOT).as_posix()
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                if node.attr in POSIX_ONLY.get(node.value.id, ()):
                    found.append(f"{where}:{node.lineno}: {node.value.id}.{node.attr}")
            elif isinstance(node, ast.Import | ast.ImportFrom):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
                names += [alias.name for alias in getattr(node, "names", [])]
                for name in names:
                    if name.split(".")[0] in POSIX_MODULES:
                        if _has_windows_branch(where, name, path):
                            continue
                        found.append(f"{where}:{node.lineno}: import {name}")
    assert found == []


def _has_windows_branch(where: str, name: str, path: Path) -> bool:
    """Whether where may import name: it is allowed there, and the Windows module is used too."""
    posix, windows = WINDOWS_BRANCH.get(where, ("", ""))
    return name == posix and f"import {windows}" in path.read_text(encoding="utf-8")
