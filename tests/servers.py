"""Real FTP/FTPS (pyftpdlib) and SFTP (OpenSSH's sshd) servers on 127.0.0.1 for the deploy tests."""

from __future__ import annotations

import datetime
import getpass
import ipaddress
import os
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

import leftovers

USER = "editor"
PASSWORD = "correct-horse-battery"
SSHD = Path("/usr/sbin/sshd")
SSH_KEYGEN = Path("/usr/bin/ssh-keygen")
UNSHARE = Path("/usr/bin/unshare")
MOUNT = Path("/usr/bin/mount")


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost, and its key."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=7))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "server.pem", folder / "server.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@dataclass
class FtpServer:
    port: int
    root: Path
    cert: Path | None
    behaviour: dict[str, object]


@contextmanager
def ftp_server(
    folder: Path, tls: bool = True, permissions: str = "elradfmwMT", max_per_ip: int = 0
) -> Iterator[FtpServer]:
    """A pyftpdlib server; behaviour switches: 'down_after' (STORs before the line drops and
    the server refuses everyone), 'disk_full' (every STOR is refused with 552) and
    'store_reply' (every STOR is answered so, nothing stored: a full disk as Pure-FTPd,
    ProFTPD or vsftpd tells it), 'stat_options' (`STAT -a PATH` lists PATH, as ProFTPD's
    does), 'max_logins' (more logins are refused with ProFTPD's 530), 'no_mlst' (FEAT leaves
    out MLST and MLSD, as vsftpd's does), 'drop_on' (a command, e.g. "MDTM": the line drops
    when it comes and the server refuses everyone); 'mlsd_count' counts the MLSD commands.
    max_per_ip: connections from one address it takes (more get "421 Too many connections")."""
    from pyftpdlib.authorizers import DummyAuthorizer
    from pyftpdlib.handlers import FTPHandler, TLS_FTPHandler
    from pyftpdlib.servers import FTPServer

    root = folder / "remote"
    root.mkdir(parents=True, exist_ok=True)
    cert = key = None
    if tls:
        cert, key = make_certificate(folder)
    behaviour: dict[str, object] = {
        "down_after": None,
        "down": False,
        "disk_full": False,
        "store_reply": None,
        "stat_options": False,
        "mlsd_count": 0,
        "max_logins": 0,
        "no_mlst": False,
        "drop_on": None,
    }
    logged_in: set[object] = set()
    authorizer = DummyAuthorizer()
    authorizer.add_user(USER, PASSWORD, str(root), perm=permissions)
    base = TLS_FTPHandler if tls else FTPHandler

    class Handler(base):  # type: ignore[misc, valid-type]
        def on_login(self, username: str) -> None:
            logged_in.add(self)

        def on_disconnect(self) -> None:
            logged_in.discard(self)

        def pre_process_command(self, line: str, cmd: str, arg: str) -> None:
            # As ProFTPD and Pure-FTPd: `STAT -a PATH` lists PATH over the control connection.
            if cmd == "STAT" and behaviour["stat_options"] and arg.startswith("-a "):
                arg = arg[3:]
            if cmd == behaviour["drop_on"]:
                behaviour["down"] = True
                self.close()
                return
            if cmd == "FEAT" and behaviour["no_mlst"]:
                self.push("211-Features:\r\n MDTM\r\n SIZE\r\n211 End\r\n")
                return
            super().pre_process_command(line, cmd, arg)

        def ftp_MLSD(self, path: str) -> object:  # noqa: N802
            behaviour["mlsd_count"] = int(behaviour["mlsd_count"]) + 1  # type: ignore[call-overload]
            return super().ftp_MLSD(path)

        def ftp_USER(self, line: str) -> None:  # noqa: N802 (pyftpdlib's names)
            most = int(behaviour["max_logins"])  # type: ignore[call-overload]
            if most and len(logged_in) >= most:  # as ProFTPD's MaxClientsPerUser answers
                self.respond(
                    f"530 Sorry, the maximum number of clients ({most}) for this user "
                    "are already connected."
                )
                return
            if behaviour["down"]:
                self.respond("421 Service not available, closing control connection.")
                self.close_when_done()
                return
            super().ftp_USER(line)

        def ftp_STOR(self, file: str, mode: str = "w") -> None:  # noqa: N802
            if behaviour["disk_full"]:
                self.respond("552 Requested file action aborted. Exceeded storage allocation.")
                return
            if behaviour["store_reply"]:
                self.respond(str(behaviour["store_reply"]))
                return
            left = behaviour["down_after"]
            if isinstance(left, int):
                if left <= 0:
                    behaviour["down"] = True
                    self.close()
                    return
                behaviour["down_after"] = left - 1
            super().ftp_STOR(file, mode)

    Handler.authorizer = authorizer
    Handler.passive_ports = None
    Handler.log_prefix = ""
    if tls:
        Handler.certfile, Handler.keyfile = str(cert), str(key)
        Handler.tls_control_required = True
        Handler.tls_data_required = True
    server = FTPServer(("127.0.0.1", 0), Handler)
    server.max_cons_per_ip = max_per_ip
    port = server.socket.getsockname()[1]
    # The loop itself, not serve_forever: that one first logs the server's address, and a
    # test done before the thread got there had closed the socket (OSError in the thread).
    thread = threading.Thread(target=server.ioloop.loop, args=(0.1, True), daemon=True)
    thread.start()
    try:
        yield FtpServer(port, root, cert, behaviour)
    finally:
        server.close_all()
        thread.join(5)


@dataclass
class SshServer:
    port: int
    root: Path
    user: str
    user_key: Path
    known_hosts: Path
    host_public_key: str
    process: subprocess.Popen[bytes] | None = None  # its group holds every session

    @property
    def files(self) -> Path:
        """root as sshd sees it (a tmpfs of its own, with disk=)."""
        assert self.process is not None
        return Path(f"/proc/{self.process.pid}/root") / self.root.relative_to("/")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _keygen(path: Path) -> str:
    subprocess.run([str(SSH_KEYGEN), "-q", "-t", "ed25519", "-N", "", "-f", str(path)], check=True)
    return path.with_suffix(".pub").read_text().strip()


def require_sshd() -> None:
    if not SSHD.is_file() or not SSH_KEYGEN.is_file():
        if os.environ.get("CI"):
            pytest.fail("OpenSSH's sshd is missing: .ci/run installs openssh-server")
        pytest.skip("OpenSSH's sshd is not installed (Debian: openssh-server)")


@contextmanager
def ssh_server(
    folder: Path, read_only: bool = False, disk: str | None = None
) -> Iterator[SshServer]:
    """OpenSSH's sshd for the current user, key login only, SFTP in-process.

    disk ("64k"): the remote folder is a tmpfs of that size, a full disk, mounted in a mount
    namespace of sshd's own (root only): it goes with sshd, and only sshd sees it; others
    read it through /proc/PID/root (SshServer.files).

    Its configuration is in a claim (tests/leftovers.py): the listener and every session
    (sshd runs itself again for each, with the same arguments) name it on their command line,
    and releasing the claim kills them all.
    """
    require_sshd()
    folder.mkdir(parents=True, exist_ok=True)
    root = folder / "remote"
    root.mkdir(exist_ok=True)
    host_public = _keygen(folder / "host_key")
    user_public = _keygen(folder / "user_key")
    (folder / "authorized_keys").write_text(user_public + "\n")
    port = _free_port()
    (folder / "known_hosts").write_text(f"[127.0.0.1]:{port} {host_public}\n")
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege separation
    claim = leftovers.claim()
    process = None
    try:
        config = _sshd_config(claim, folder, port, read_only)
        command = [str(SSHD), "-D", "-e", "-f", str(config)]
        if disk is not None:
            command = [*_in_own_tmpfs(root, disk), *command]
        process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        _wait_for_port(port, process)
        yield SshServer(
            port,
            root,
            getpass.getuser(),
            folder / "user_key",
            folder / "known_hosts",
            host_public,
            process,
        )
    finally:
        leftovers.release(claim)  # the listener and its sessions
        if process is not None:
            process.wait(10)
            if process.stderr is not None:
                process.stderr.close()


def _in_own_tmpfs(root: Path, size: str) -> list[str]:
    """A command prefix: run the command in a new mount namespace with a tmpfs on root."""
    if os.geteuid() != 0 or not UNSHARE.is_file():
        if os.environ.get("CI"):
            pytest.fail("a full disk needs root and unshare (util-linux)")
        pytest.skip("a full disk needs root and unshare (util-linux)")
    mount = f"{MOUNT} -t tmpfs -o size={size},mode=0755 sitegen-test-disk {root}"
    return [
        str(UNSHARE),
        "--mount",
        "--propagation",
        "private",
        "/bin/sh",
        "-c",
        f'{mount} && exec "$0" "$@"',
    ]


def _sshd_config(claim: Path, folder: Path, port: int, read_only: bool) -> Path:
    config = claim / "sshd_config"
    config.write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {folder / 'host_key'}\n"
        f"PidFile {claim / 'sshd.pid'}\nAuthorizedKeysFile {folder / 'authorized_keys'}\n"
        "StrictModes no\nUsePAM no\nPasswordAuthentication no\n"
        "KbdInteractiveAuthentication no\nPubkeyAuthentication yes\n"
        "PermitRootLogin prohibit-password\n"
        f"Subsystem sftp internal-sftp{' -R' if read_only else ''}\n"
    )
    return config


def _wait_for_port(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            error = process.stderr.read().decode() if process.stderr else ""
            raise RuntimeError(f"sshd did not start: {error}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("sshd did not start listening")
