"""A real vsftpd (Debian's package) on 127.0.0.1 for the deploy tests: FTPS, TLS session reuse
required, no MLSD (so the deploy lists with `LIST -a`).

The login is a virtual user of vsftpd's (`guest_enable`): a name and a password made for this
run, kept in a Berkeley DB file of the test's own that a PAM service of the test's own reads
with pam_userdb. No account is added to the system; the session runs as vsftpd's unprivileged
`ftp` user (the default `guest_username`, made by Debian's package). vsftpd needs root to start
(PAM, then dropping to that user). The PAM service, the database and every vsftpd process
belong to a claim (tests/leftovers.py): removed when the test ends, at exit, or by the next
session's sweep. Each session is a forked child that makes itself a session leader, so stop()
finds them by their parents.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import random
import secrets
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

import leftovers
from servers import make_certificate

VSFTPD = Path("/usr/sbin/vsftpd")
# Berkeley DB's loader (Debian: db-util), the tool pam_userdb(8) points to.
DB_LOADERS = (Path("/usr/bin/db_load"), Path("/usr/bin/db5.3_load"))
PAM_USERDB = "pam_userdb.so"  # in libpam-modules; PAM's module folder depends on the architecture
PAM_MODULES = ("/usr/lib/*/security/", "/lib/*/security/", "/usr/lib/security/", "/lib/security/")
GUEST = "ftp"  # vsftpd's default guest_username; Debian's package makes it (home /srv/ftp)
USER = "sitegen-deploy"
PASSWORD = secrets.token_urlsafe(18)  # a new one every run: it is written nowhere else


@dataclass
class Vsftpd:
    port: int
    root: Path  # the remote_path, absolute: vsftpd runs without chroot here
    cert: Path
    config: Path
    user: str = USER
    password: str = PASSWORD
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [str(VSFTPD), str(self.config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        _wait_for_port(self.port, self.process)

    def stop(self) -> None:
        """Cut every connection at once, as a dropped line does."""
        if self.process is not None and self.process.poll() is None:
            # Each session makes itself a session leader: find them by their parents.
            for pid in [self.process.pid, *descendants(self.process.pid)]:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            self.process.wait(10)
        if self.process is not None and self.process.stderr is not None:
            self.process.stderr.close()
        self.process = None


def descendants(pid: int) -> list[int]:
    """The processes started by pid, and theirs, read from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, queue = [], [pid]
    while queue:
        for child in children.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


def missing() -> str | None:
    """What this machine lacks to run the vsftpd tests, or None."""
    if not VSFTPD.is_file():
        return "vsftpd is not installed (Debian: vsftpd)"
    if _db_loader() is None:
        return "Berkeley DB's db_load is not installed (Debian: db-util)"
    if not any(glob.glob(folder + PAM_USERDB) for folder in PAM_MODULES):
        return "PAM's pam_userdb module is missing (Debian: libpam-modules)"
    try:
        home = Path(pwd.getpwnam(GUEST).pw_dir)
    except KeyError:
        return f"vsftpd's user `{GUEST}` is missing (Debian: reinstall vsftpd)"
    if not home.is_dir():
        return f"the home folder of vsftpd's user `{GUEST}` ({home}) is missing"
    return None


def require_vsftpd() -> None:
    lacking = missing()
    if lacking is not None:
        if os.environ.get("CI"):
            pytest.fail(f"{lacking}: .ci/run installs it")
        pytest.skip(lacking)
    if os.geteuid() != 0:
        pytest.skip("vsftpd starts as root only (PAM, then it drops to its own user)")


def _db_loader() -> Path | None:
    return next((path for path in DB_LOADERS if path.is_file()), None)


def _virtual_user(claim: Path) -> str:
    """The login's database and the PAM service that reads it; returns the service's name."""
    database = claim / "users"
    loader = _db_loader()
    assert loader is not None
    # db_load -T reads keys and values on alternate lines; the password never goes on argv.
    subprocess.run(
        [str(loader), "-T", "-t", "hash", f"{database}.db"],
        input=f"{USER}\n{PASSWORD}\n".encode(),
        check=True,
        capture_output=True,
    )
    (claim / "users.db").chmod(0o600)
    module = f"{PAM_USERDB} db={database} crypt=none"
    leftovers.pam_service(claim).write_text(f"auth required {module}\naccount required {module}\n")
    return claim.name


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _free_port_range(count: int) -> tuple[int, int]:
    """count consecutive ports free now, for passive data connections.

    Taken below the system's ephemeral range: there every test's client connections come
    and go (and linger in TIME_WAIT), so a range found free there is often taken a moment
    later. A port in TIME_WAIT can be listened on again (SO_REUSEADDR, as vsftpd does).
    """
    first_ephemeral = _first_ephemeral_port()
    for _ in range(200):
        start = random.randrange(10000, max(10001, first_ephemeral - count))
        taken = []
        try:
            for port in range(start, start + count):
                probe = socket.socket()
                taken.append(probe)
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                probe.bind(("127.0.0.1", port))
            return start, start + count - 1
        except OSError:
            continue
        finally:
            for probe in taken:
                probe.close()
    raise RuntimeError("no free range of ports for vsftpd's passive connections")


def _first_ephemeral_port() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def _config(claim: Path, root: Path, cert: Path, key: Path, max_per_ip: int) -> tuple[Path, int]:
    port = _free_port()
    low, high = _free_port_range(40)
    settings = {
        "listen": "YES",
        "listen_ipv6": "NO",
        "listen_address": "127.0.0.1",
        "listen_port": port,
        "background": "NO",
        "anonymous_enable": "NO",
        "local_enable": "YES",
        # The virtual user: checked by our PAM service, run as GUEST with a local user's rights.
        "guest_enable": "YES",
        "guest_username": GUEST,
        "virtual_use_local_privs": "YES",
        "pam_service_name": _virtual_user(claim),
        "write_enable": "YES",
        "local_umask": "022",
        "local_root": root,
        "ssl_enable": "YES",
        "require_ssl_reuse": "YES",
        "force_local_logins_ssl": "YES",
        "force_local_data_ssl": "YES",
        "rsa_cert_file": cert,
        "rsa_private_key_file": key,
        "pasv_enable": "YES",
        "pasv_min_port": low,
        "pasv_max_port": high,
        "max_per_ip": max_per_ip,
        # Containers lack what these sandboxes need; the test runs without them.
        "seccomp_sandbox": "NO",
        "isolate": "NO",
        "isolate_network": "NO",
        "secure_chroot_dir": claim / "empty",
        "userlist_enable": "NO",
        "xferlog_enable": "NO",
    }
    config = claim / "vsftpd.conf"
    config.write_text("".join(f"{name}={value}\n" for name, value in settings.items()))
    return config, port


@contextmanager
def vsftpd_server(folder: Path, max_per_ip: int = 0) -> Iterator[Vsftpd]:
    """vsftpd with FTPS required and TLS session reuse required, on a free port."""
    require_vsftpd()
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = make_certificate(folder)
    # Outside pytest's 0700 temporary folder, so that vsftpd's user can reach the site.
    claim = leftovers.claim()
    try:
        claim.chmod(0o755)
        root = claim / "site"
        root.mkdir()
        (claim / "empty").mkdir()
        shutil.chown(root, GUEST, GUEST)
        config, port = _config(claim, root, cert, key, max_per_ip)
        server = Vsftpd(port, root, cert, config)
        server.start()
        try:
            yield server
        finally:
            server.stop()
    finally:
        leftovers.release(claim)


def _wait_for_port(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            error = process.stderr.read().decode() if process.stderr else ""
            raise RuntimeError(f"vsftpd did not start: {error}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("vsftpd did not start listening")
