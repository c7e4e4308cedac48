"""The deploy settings file (deploy.yml, committed without secrets) and the secret itself."""

from __future__ import annotations

import netrc
import os
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitegen.core.problems import ContentError, Problem
from sitegen.source.textfile import read_text
from sitegen.source.yaml_loader import load_yaml
from sitegen.validate.fields import Spec, mapping, text, validate

PROTOCOLS = {"ftps": 21, "sftp": 22, "ftp": 21}
PASSWORD_VARIABLE = "SITEGEN_DEPLOY_PASSWORD"

SCHEMA = mapping(
    {
        "protocol": text(),
        "host": text(),
        "port": Spec("int", required=False),
        "user": text(),
        "remote_path": text(),
        "password_env": text(required=False),
        "key_file": text(required=False),
        "known_hosts": text(required=False),
        "ca_file": text(required=False),
        "verify": Spec("bool", required=False),
        "keep_releases": Spec("int", required=False),
        "retries": Spec("int", required=False),
        "timeout": Spec("int", required=False),
        "connections": Spec("int", required=False),
    }
)
# Files the settings name, checked before connecting so a mistake is shown at its line.
FILE_KEYS = ("ca_file", "key_file", "known_hosts")
MAX_CONNECTIONS = 16


@dataclass(frozen=True)
class DeploySettings:
    """Where and how to publish; never the password."""

    source: Path
    protocol: str
    host: str
    port: int
    user: str
    remote_path: str
    password_env: str = PASSWORD_VARIABLE
    key_file: Path | None = None
    known_hosts: Path | None = None
    ca_file: Path | None = None
    verify: bool = True
    keep_releases: int = 5
    retries: int = 4
    timeout: int = 30
    connections: int = 4


def load_settings(path: Path) -> DeploySettings:
    """Read and check deploy.yml; raise ContentError naming the line of any mistake."""
    if not path.is_file():
        raise ContentError.of("E701", path, name=path.name)
    data = load_yaml(read_text(path), path)
    problems = validate(data, SCHEMA, path)
    if problems:
        raise ContentError(problems)
    protocol = str(data["protocol"]).lower()
    if protocol not in PROTOCOLS:
        line, column = data.mark_of("protocol")
        raise ContentError.of("E704", path, line, column, value=data["protocol"])
    base = path.parent
    problems = [p for key in FILE_KEYS if (p := _file_problem(path, data, key)) is not None]
    if problems:
        raise ContentError(problems)
    return DeploySettings(
        source=path,
        protocol=protocol,
        host=str(data["host"]),
        port=int(data.get("port") or PROTOCOLS[protocol]),
        user=str(data["user"]),
        remote_path="/" + str(data["remote_path"]).strip("/"),
        password_env=str(data.get("password_env") or PASSWORD_VARIABLE),
        key_file=_path(base, data.get("key_file")),
        known_hosts=_path(base, data.get("known_hosts")),
        ca_file=_path(base, data.get("ca_file")),
        verify=bool(data.get("verify", True)),
        keep_releases=max(1, int(data.get("keep_releases", 5))),
        retries=max(0, int(data.get("retries", 4))),
        timeout=max(1, int(data.get("timeout", 30))),
        connections=min(MAX_CONNECTIONS, max(1, int(data.get("connections", 4)))),
    )


def _file_problem(path: Path, data: Any, key: str) -> Problem | None:
    """A file named under key that is missing, unreadable or (ca_file) not a certificate."""
    file = _path(path.parent, data.get(key))
    if file is None:
        return None
    line, column = data.mark_of(key)
    if not file.exists():
        return Problem.of("E705", path, line, column, key=key, file=file)
    try:
        with file.open("rb") as stream:
            stream.read(1)
    except OSError as error:
        detail = error.strerror or type(error).__name__
        return Problem.of("E706", path, line, column, key=key, file=file, detail=detail)
    if key == "ca_file":
        try:
            ssl.create_default_context().load_verify_locations(cafile=str(file))
        except (ssl.SSLError, ValueError) as error:
            reason = getattr(error, "reason", None) or str(error)
            return Problem.of("E707", path, line, column, file=file, detail=reason)
    return None


def _path(base: Path, value: object) -> Path | None:
    """A path from the settings: `~` is the user's home, relative is from deploy.yml."""
    if not value:
        return None
    return base / Path(str(value)).expanduser()


def password(settings: DeploySettings) -> str | None:
    """The password from the environment variable the settings name, else from the
    operating system's credential store (credentials.py), else from ~/.netrc."""
    from_environment = os.environ.get(settings.password_env)
    if from_environment:
        return from_environment
    from sitegen.deploy.credentials import stored_password

    from_store = stored_password(settings)
    if from_store:
        return from_store
    try:
        entry = netrc.netrc().authenticators(settings.host)
    except (OSError, netrc.NetrcParseError):
        return None
    if entry and (not entry[0] or entry[0] == settings.user):
        return entry[2] or None
    return None
