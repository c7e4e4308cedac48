"""The test suite on someone's own machine (issue 30): README's second command runs as root with
Debian's minimal PATH, and no test leaves an account, a PAM service, a process or a folder behind;
what an interrupted run left is removed by the next one."""

from __future__ import annotations

import fcntl
import os
import pwd
import re
import secrets
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from vsftpd_server import missing as vsftpd_missing

import leftovers
from conftest import ROOT
from servers import SSH_KEYGEN, SSHD

MINIMAL_PATH = "/usr/bin:/bin"  # Debian's PATH for root outside a login shell: no /usr/sbin
# Both servers of the deploy tests, each started and stopped once.
DEPLOY_TESTS = "tests/deploy/test_failures.py::test_a_remote_path_whose_parent_is_missing"
ACCOUNTS = ("/etc/passwd", "/etc/group")


@pytest.fixture(autouse=True)
def one_at_a_time() -> Iterator[None]:
    """These tests sweep, add and compare accounts: never two at once (pytest-xdist's workers)."""
    with open(__file__, "rb") as this:
        fcntl.flock(this, fcntl.LOCK_EX)
        yield


def accounts() -> set[str]:
    """The names of the system's users and groups."""
    return {
        f"{name}:{line.split(':')[0]}"
        for name in ACCOUNTS
        if os.access(name, os.R_OK)
        for line in Path(name).read_text().splitlines()
    }


def processes_with(marker: str) -> list[str]:
    """The live processes whose environment holds marker (every child inherits it)."""
    found = []
    for entry in Path("/proc").glob("[0-9]*/environ"):
        try:
            if marker.encode() in entry.read_bytes().split(b"\0"):
                found.append((entry.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:
            continue  # ended meanwhile, or not ours to read
    return found


def leftover_claims() -> list[str]:
    """What the next session's sweep would remove (claims in use by other runs are locked)."""
    temporary = Path(os.environ.get("TMPDIR", "/tmp"))
    found = [str(f) for f in temporary.glob(leftovers.PREFIX + "*") if leftovers.abandoned(f)]
    services = leftovers.PAM_SERVICES.glob(leftovers.PREFIX + "*")
    return found + [str(s) for s in services if not (temporary / s.name).exists()]


def test_the_deploy_servers_run_as_root_with_the_minimal_path_and_leave_nothing(
    tmp_path: Path,
) -> None:
    marker = f"SITEGEN_TEST_RUN={secrets.token_hex(8)}"
    home = tmp_path / "home"
    home.mkdir()
    name, value = marker.split("=")
    env = {"PATH": MINIMAL_PATH, "HOME": str(home), "LANG": "C.UTF-8", name: value}
    if "CI" in os.environ:
        env["CI"] = os.environ["CI"]
    before = accounts()
    done = subprocess.run(
        [
            # What `build.py test` runs (sitegen.cli.run_tests); build.py is the live site's.
            *(sys.executable, "-m", "pytest", DEPLOY_TESTS),
            *("-p", "no:cacheprovider", "--no-cov", "-rA", "-q"),
            *("--basetemp", str(tmp_path / "base")),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "FileNotFoundError" not in output, output
    runnable = os.geteuid() == 0 and SSHD.is_file() and SSH_KEYGEN.is_file()
    if runnable and vsftpd_missing() is None:
        assert re.search(r"\b2 passed\b", output), output
    else:  # each skip says what the machine lacks
        for reason in re.findall(r"^SKIPPED \[\d+\] [^:]+:\d+: (.*)$", output, re.M):
            assert re.search(r"not installed|missing|root", reason), output
    assert processes_with(marker) == []
    # Older versions of these tests, running elsewhere on a shared machine, make and change
    # LEGACY_USER meanwhile; no other account may appear.
    added = {entry for entry in accounts() - before if not entry.endswith(leftovers.LEGACY_USER)}
    assert added == set()
    assert leftover_claims() == []


# A test run in miniature: a claim, a "server" that names a file of it, a PAM service (as root).
# It starts as from a terminal: a run started under nohup (as the suite itself may be)
# ignores hang-ups on purpose, and its children inherit that.
RUN = """
import signal, subprocess, sys, time, leftovers
signal.signal(signal.SIGHUP, signal.SIG_DFL)
leftovers.install_exit_handlers()
folder = leftovers.claim()
(folder / "server.conf").write_text("")
if sys.argv[1:] == ["pam"]:
    leftovers.pam_service(folder).write_text("auth required pam_deny.so\\n")
server = [sys.executable, "-c", "import time; time.sleep(600)", str(folder / "server.conf")]
subprocess.Popen(server, start_new_session=True)
while not leftovers.processes_naming(folder):  # Popen returns before exec has set argv
    time.sleep(0.01)
print(folder, flush=True)
time.sleep(600)
"""


StartRun = Callable[[], tuple[subprocess.Popen[str], Path]]


@pytest.fixture
def start_run() -> Iterator[StartRun]:
    """Start runs in miniature; whatever the test leaves of them is removed after it."""
    started: list[tuple[subprocess.Popen[str], Path]] = []
    pam = ["pam"] if os.geteuid() == 0 else []
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tests")}

    def start() -> tuple[subprocess.Popen[str], Path]:
        run = subprocess.Popen(
            [sys.executable, "-c", RUN, *pam], env=env, stdout=subprocess.PIPE, text=True
        )
        assert run.stdout is not None
        started.append((run, Path(run.stdout.readline().strip())))
        return started[-1]

    yield start
    for run, folder in started:
        run.kill()
        run.wait()
        run.stdout.close()  # type: ignore[union-attr]
        leftovers.release(folder)


def test_the_sweep_removes_what_a_killed_run_left_and_only_that(start_run: StartRun) -> None:
    (killed, dead), (_, running) = start_run(), start_run()
    for folder in (dead, running):
        assert leftovers.processes_naming(folder)
        assert leftovers.pam_service(folder).is_file() or os.geteuid() != 0
    killed.kill()
    killed.wait()
    removed = leftovers.sweep()
    assert str(dead) in removed
    assert not dead.exists() and not leftovers.pam_service(dead).exists()
    assert leftovers.processes_naming(dead) == []
    assert str(running) not in removed
    assert running.is_dir() and leftovers.processes_naming(running)
    assert leftovers.pam_service(running).is_file() or os.geteuid() != 0


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_run_ended_by_a_signal_removes_what_it_made(start_run: StartRun, signum: int) -> None:
    run, folder = start_run()
    run.send_signal(signum)
    # Releasing scans /proc and kills what the run started: a minute at most on a loaded
    # machine (seconds when it is quiet); a run that never exits fails here.
    run.wait(60)
    assert not folder.exists() and not leftovers.pam_service(folder).exists()
    assert leftovers.processes_naming(folder) == []


def test_the_sweep_removes_the_account_older_tests_made() -> None:
    """Older versions made `sitegen-ftp` (home /, shell /bin/sh, a password in the code)."""
    useradd, userdel = Path("/usr/sbin/useradd"), Path("/usr/sbin/userdel")
    if os.geteuid() != 0 or not useradd.is_file():
        pytest.skip("making a system account needs root and useradd")
    name = leftovers.LEGACY_USER
    if leftovers.other_vsftpd_running():
        pytest.skip(
            "a vsftpd outside these tests runs: an older run may be logging in as that user"
        )
    made = [str(useradd), "--system", "--no-create-home", "--home-dir", "/", "--shell", "/bin/sh"]
    subprocess.run([*made, name], capture_output=True)  # unless an older run left it already
    try:
        assert f"user {name}" in leftovers.sweep()
        with pytest.raises(KeyError):
            pwd.getpwnam(name)
    finally:
        subprocess.run([str(userdel), name], capture_output=True)


FORK = """
import os, signal, sys, time, leftovers
leftovers.install_exit_handlers()
folder = leftovers.claim()
child = os.fork()
if child == 0:  # as a build's page worker: stopped by SIGTERM from its pool
    time.sleep(600)
    os._exit(0)
time.sleep(0.2)
os.kill(child, signal.SIGTERM)
_, status = os.waitpid(child, 0)
print(os.WTERMSIG(status) if os.WIFSIGNALED(status) else "exited", folder.is_dir(), flush=True)
"""


def test_a_forked_child_ends_on_sigterm_as_always_and_keeps_the_claims() -> None:
    """A build's page workers are forks of the test process: SIGTERM must end them silently,
    never run the test session's teardown in them or release its claims."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tests")}
    done = subprocess.run(
        [sys.executable, "-c", FORK], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.split() == [str(int(signal.SIGTERM)), "True"], done.stdout + done.stderr
    assert "KeyboardInterrupt" not in done.stderr
