"""What the tests make outside pytest's temporary folders, made so that none of it outlives them.

The servers of the deploy tests (vsftpd, sshd) and vsftpd's PAM service live in a *claim*: a
folder `sitegen-test-ID` in the system's temporary folder, locked (flock) by the test process
for as long as it uses it, and a PAM file `/etc/pam.d/sitegen-test-ID` of the same ID. Each
process the servers start names a file of the claim on its command line, so the processes of a
claim are found in /proc even after their parent is gone.

Releasing a claim kills its processes, removes its PAM file and its folder. A test releases its
claims when it ends; the session releases what is left when it exits (SIGTERM and SIGHUP
included); `sweep()`, at the start of every session, releases the claims whose owner is gone (a
run killed with SIGKILL, a machine that lost power): the kernel drops a dead process's lock, so
a claim nobody locks is a leftover, and a claim another run on the machine is using is locked.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

PREFIX = "sitegen-test-"
PAM_SERVICES = Path("/etc/pam.d")
LOCK = ".owner.lock"
# Older versions of these tests made this system user, with a password written in the tests,
# and never removed it: an account anyone could log in to where sshd accepts passwords.
LEGACY_USER = "sitegen-ftp"
USERDEL = Path("/usr/sbin/userdel")

_held: dict[Path, int] = {}


def claim() -> Path:
    """A new folder of the test's own, locked while this process lives or until released."""
    # Made and locked under a name the sweep ignores, then renamed: never seen unlocked.
    making = Path(tempfile.mkdtemp(prefix=".sitegen-making-"))
    lock = os.open(making / LOCK, os.O_CREAT | os.O_RDWR | os.O_CLOEXEC, 0o600)
    fcntl.flock(lock, fcntl.LOCK_EX)
    folder = making.with_name(PREFIX + secrets.token_hex(6))
    making.rename(folder)
    _held[folder] = lock
    return folder


def pam_service(folder: Path) -> Path:
    """The PAM service file that belongs to a claim (PAM reads services from /etc/pam.d only)."""
    return PAM_SERVICES / folder.name


def release(folder: Path) -> None:
    """Kill the claim's processes, remove its PAM service and its folder."""
    kill_processes_naming(folder)
    with contextlib.suppress(FileNotFoundError):
        pam_service(folder).unlink()
    shutil.rmtree(folder, ignore_errors=True)
    lock = _held.pop(folder, None)
    if lock is not None:
        os.close(lock)


def processes_naming(folder: Path) -> list[int]:
    """The processes whose command line names a file inside folder."""
    # Anywhere in it: sshd rewrites its own as one string ("sshd: /usr/sbin/sshd -f … [listener]").
    inside = os.fsencode(folder) + b"/"
    found = []
    for entry in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            named = inside in entry.read_bytes()
        except OSError:
            continue  # ended meanwhile
        if named and int(entry.parent.name) != os.getpid():
            found.append(int(entry.parent.name))
    return found


def kill_processes_naming(folder: Path) -> None:
    """SIGKILL them until none is left (a server may fork one more while we look)."""
    deadline = time.monotonic() + 10
    while (pids := processes_naming(folder)) and time.monotonic() < deadline:
        for pid in pids:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.02)


def abandoned(folder: Path) -> bool:
    """Nobody holds the claim's lock (or it has none: a folder half removed)."""
    try:
        lock = os.open(folder / LOCK, os.O_RDWR | os.O_CLOEXEC)
    except FileNotFoundError:
        return True
    except OSError:
        return False  # not ours to judge (another user's temporary folder)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(lock)
    return True


def sweep() -> list[str]:
    """Release what interrupted runs left; return what was removed, for the session's header."""
    removed = []
    temporary = Path(tempfile.gettempdir())
    for folder in sorted(temporary.glob(PREFIX + "*")):
        if folder.is_dir() and abandoned(folder):
            release(folder)
            removed.append(str(folder))
    for service in sorted(PAM_SERVICES.glob(PREFIX + "*")):
        if not (temporary / service.name).exists():
            with contextlib.suppress(OSError):
                service.unlink()
                removed.append(str(service))
    if _remove_legacy_user():
        removed.append(f"user {LEGACY_USER}")
    return removed


def _remove_legacy_user() -> bool:
    try:
        entry = pwd.getpwnam(LEGACY_USER)
    except KeyError:
        return False
    # Only the account those tests made (a system user with home / and shell /bin/sh), and not
    # while a run of those versions may be logging in with it (a vsftpd outside our claims).
    if (entry.pw_dir, entry.pw_shell) != ("/", "/bin/sh") or entry.pw_uid >= 1000:
        return False
    if os.geteuid() != 0 or not USERDEL.is_file() or other_vsftpd_running():
        return False
    done = subprocess.run([str(USERDEL), LEGACY_USER], capture_output=True)
    return done.returncode == 0


def other_vsftpd_running() -> bool:
    """A vsftpd runs that is not a claim's (the system's own, or an older run's)."""
    for entry in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            words = entry.read_bytes().split(b"\0")
        except OSError:
            continue
        if words[0].endswith(b"vsftpd") and not any(PREFIX.encode() in word for word in words):
            return True
    return False


def _release_all() -> None:
    for folder in list(_held):
        release(folder)


def _exit_on_signal(signum: int, frame: object) -> None:
    """SIGTERM and SIGHUP end the run as Ctrl+C does: every test's teardown runs."""
    raise KeyboardInterrupt(f"signal {signum}")


def install_exit_handlers() -> None:
    atexit.register(_release_all)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signum) in (signal.SIG_DFL, None):
            signal.signal(signum, _exit_on_signal)
