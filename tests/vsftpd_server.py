"""A real vsftpd (Debian's package) on 127.0.0.1 for the deploy tests: FTPS, TLS session reuse
required, no MLSD (so the deploy lists with `LIST -a`), a local user the test creates.

vsftpd refuses root (and PAM lists root in /etc/ftpusers), so the tests log in as a system
user made with useradd; that needs root, which CI and this sandbox have. Each session is a
forked child in the server's process group, so killing the group cuts every connection.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from servers import make_certificate

VSFTPD = Path("/usr/sbin/vsftpd")
USER = "sitegen-ftp"
PASSWORD = "vsftpd-test-password"


@dataclass
class Vsftpd:
    port: int
    root: Path  # the remote_path, absolute: vsftpd runs without chroot here
    cert: Path
    config: Path
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


def require_vsftpd() -> None:
    if not VSFTPD.is_file():
        if os.environ.get("CI"):
            pytest.fail("vsftpd is missing: .ci/run installs it")
        pytest.skip("vsftpd is not installed (Debian: vsftpd)")
    if os.geteuid() != 0:
        pytest.skip("the vsftpd tests create a system user: they need root")


def _ensure_user() -> None:
    """The login the tests use: a system user with a password, its home `/` (vsftpd goes
    there first, then to local_root)."""
    known = subprocess.run(["id", "-u", USER], capture_output=True).returncode == 0
    if not known:
        subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--home-dir",
                "/",
                "--shell",
                "/bin/sh",
                USER,
            ],
            check=True,
        )
    subprocess.run(["usermod", "--home", "/", USER], check=True, capture_output=True)
    subprocess.run(["chpasswd"], input=f"{USER}:{PASSWORD}".encode(), check=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _free_port_range(count: int) -> tuple[int, int]:
    """count consecutive ports free now, for passive data connections."""
    for _ in range(50):
        start = _free_port()
        if start + count > 65535:
            continue
        taken = []
        try:
            for port in range(start, start + count):
                probe = socket.socket()
                taken.append(probe)
                probe.bind(("127.0.0.1", port))
            return start, start + count - 1
        except OSError:
            continue
        finally:
            for probe in taken:
                probe.close()
    raise RuntimeError("no free range of ports for vsftpd's passive connections")


@contextmanager
def vsftpd_server(folder: Path, max_per_ip: int = 0) -> Iterator[Vsftpd]:
    """vsftpd with FTPS required and TLS session reuse required, on a free port."""
    require_vsftpd()
    _ensure_user()
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = make_certificate(folder)
    # Outside pytest's 0700 temporary folder, so the FTP user can reach it.
    base = Path(tempfile.mkdtemp(prefix="sitegen-vsftpd-"))
    base.chmod(0o755)
    root, empty = base / "site", base / "empty"
    root.mkdir()
    empty.mkdir()
    shutil.chown(root, USER, USER)
    port = _free_port()
    low, high = _free_port_range(40)
    config = folder / "vsftpd.conf"
    config.write_text(
        "\n".join(
            [
                "listen=YES",
                "listen_ipv6=NO",
                "listen_address=127.0.0.1",
                f"listen_port={port}",
                "background=NO",
                "anonymous_enable=NO",
                "local_enable=YES",
                "write_enable=YES",
                "local_umask=022",
                f"local_root={root}",
                "ssl_enable=YES",
                "require_ssl_reuse=YES",
                "force_local_logins_ssl=YES",
                "force_local_data_ssl=YES",
                f"rsa_cert_file={cert}",
                f"rsa_private_key_file={key}",
                "pasv_enable=YES",
                f"pasv_min_port={low}",
                f"pasv_max_port={high}",
                f"max_per_ip={max_per_ip}",
                # Containers lack what these sandboxes need; the test runs without them.
                "seccomp_sandbox=NO",
                "isolate=NO",
                "isolate_network=NO",
                f"secure_chroot_dir={empty}",
                "pam_service_name=vsftpd",
                "userlist_enable=NO",
                "check_shell=NO",
                "xferlog_enable=NO",
                "",
            ]
        )
    )
    server = Vsftpd(port, root, cert, config)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)


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
