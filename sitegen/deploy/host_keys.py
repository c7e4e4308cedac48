"""An SFTP server's host key, shown as ssh shows it (SHA256:…) and recorded in known_hosts.

What `ssh user@host` asks on a first connection, for an editor who has no terminal: the key
is fetched without logging in, its fingerprint is compared by the editor with the one the
hosting company publishes, and only then written to the known_hosts file deploy reads.
"""

from __future__ import annotations

import base64
import hashlib
import socket
from dataclasses import dataclass
from pathlib import Path

from sitegen.deploy.settings import DeploySettings
from sitegen.deploy.sftp import DEFAULT_KNOWN_HOSTS
from sitegen.deploy.transport import UNREACHABLE, RemoteError, error_detail


@dataclass(frozen=True)
class HostKey:
    host: str
    port: int
    kind: str  # ssh-ed25519, ecdsa-sha2-nistp256, ...
    data: str  # the key, base64, as in known_hosts

    @property
    def fingerprint(self) -> str:
        """As `ssh` and `ssh-keygen -lf` show it: SHA256: and unpadded base64."""
        digest = hashlib.sha256(base64.b64decode(self.data)).digest()
        return "SHA256:" + base64.b64encode(digest).decode("ascii").rstrip("=")

    @property
    def known_hosts_line(self) -> str:
        name = self.host if self.port == 22 else f"[{self.host}]:{self.port}"
        return f"{name} {self.kind} {self.data}\n"


def known_hosts_file(settings: DeploySettings) -> Path:
    return settings.known_hosts or DEFAULT_KNOWN_HOSTS


def fetch(settings: DeploySettings) -> HostKey:
    """The key the server presents now (no login); RemoteError if it cannot be reached."""
    import paramiko

    try:
        sock = socket.create_connection((settings.host, settings.port), settings.timeout)
    except OSError as error:
        raise RemoteError(UNREACHABLE, error_detail(error)) from None
    transport = paramiko.Transport(sock)
    try:
        transport.start_client(timeout=settings.timeout)
        key = transport.get_remote_server_key()
    except (paramiko.SSHException, OSError, EOFError) as error:
        raise RemoteError(UNREACHABLE, error_detail(error)) from None
    finally:
        transport.close()
    return HostKey(settings.host, settings.port, key.get_name(), key.get_base64())


def accept(settings: DeploySettings, key: HostKey) -> Path:
    """Add the key to the known_hosts file deploy reads; return that file."""
    path = known_hosts_file(settings)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    before = path.read_text(encoding="utf-8") if path.is_file() else ""
    if key.known_hosts_line in before.splitlines(keepends=True):
        return path
    joiner = "" if not before or before.endswith("\n") else "\n"
    with path.open("a", encoding="utf-8") as stream:
        stream.write(joiner + key.known_hosts_line)
    return path
