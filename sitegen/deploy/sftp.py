"""SFTP with paramiko (the optional `sftp` extra), host keys checked against known_hosts."""

from __future__ import annotations

import contextlib
import errno
import io
import logging
import posixpath
import socket
import stat as file_mode
from pathlib import Path
from typing import Any

from sitegen.deploy.settings import DeploySettings
from sitegen.deploy.transport import (
    DISK_FULL,
    HOST_KEY_MISMATCH,
    HOST_KEY_UNKNOWN,
    LOGIN,
    OTHER,
    PERMISSION,
    TRANSIENT,
    UNREACHABLE,
    RemoteError,
    RemoteFolder,
    RemoteStat,
    error_detail,
    temporary_name,
)

DEFAULT_KNOWN_HOSTS = Path("~/.ssh/known_hosts").expanduser()


def available() -> bool:
    try:
        import paramiko  # noqa: F401
    except ImportError:
        return False
    _silence_paramiko()
    return True


def _silence_paramiko() -> None:
    """Keep paramiko's log lines (and the tracebacks its thread logs) off the terminal.

    Every failure reaches the user as one Japanese message; without a handler of its own,
    paramiko's errors would go to Python's last-resort handler, that is, to stderr.
    """
    logger = logging.getLogger("paramiko")
    logger.setLevel(logging.CRITICAL + 1)
    logger.propagate = False
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())


class SftpTransport:
    """The remote folder over SFTP."""

    def __init__(self, settings: DeploySettings, password: str | None):
        import paramiko

        _silence_paramiko()
        self.folder = RemoteFolder(settings.remote_path, self._make_folder)
        self.client = paramiko.SSHClient()
        if settings.verify:
            known = settings.known_hosts or DEFAULT_KNOWN_HOSTS
            if known.is_file():
                self.client.load_system_host_keys(str(known))
            self.client.set_missing_host_key_policy(paramiko.RejectPolicy())
        else:
            self.client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
        try:
            self.client.connect(
                settings.host,
                settings.port,
                username=settings.user,
                password=password,
                key_filename=str(settings.key_file) if settings.key_file else None,
                timeout=settings.timeout,
                banner_timeout=settings.timeout,
                auth_timeout=settings.timeout,
            )
            self.sftp = self.client.open_sftp()
            self.sftp.get_channel().settimeout(settings.timeout)
        except Exception as error:
            self.client.close()
            failure = _classify(error, "", connecting=True)
            # sshd's MaxStartups closes before its banner; a host's cap on logins refuses one.
            failure.refusal = failure.kind == LOGIN or (
                isinstance(error, paramiko.SSHException) and "banner" in failure.detail
            )
            raise failure from None

    def read(self, path: str) -> bytes | None:
        buffer = io.BytesIO()
        try:
            self.sftp.getfo(self.folder.full(path), buffer)
        except FileNotFoundError:
            return None
        except Exception as error:
            raise _classify(error, path) from None
        return buffer.getvalue()

    def write(self, path: str, data: bytes) -> RemoteStat | None:
        try:
            self.folder.make_folders(posixpath.dirname(path))
        except Exception as error:
            raise _classify(error, path) from None
        temporary = self.folder.full(temporary_name(path))
        try:
            sent = self.sftp.putfo(io.BytesIO(data), temporary, file_size=len(data), confirm=True)
            self.sftp.chmod(temporary, 0o644)
        except Exception as error:
            raise self._failed_put(error, path, temporary, len(data)) from None
        try:
            # posix-rename replaces the old file in one step, as rename(2) does.
            self.sftp.posix_rename(temporary, self.folder.full(path))
        except Exception as error:
            self._discard(temporary)
            raise _classify(error, path) from None
        # A rename keeps the time: this is the file as the next listing shows it.
        mtime = int(sent.st_mtime) if sent.st_mtime is not None else None
        return RemoteStat(sent.st_size if sent.st_size is not None else len(data), mtime)

    def exact_time(self, path: str) -> int | None:
        try:
            found = self.sftp.stat(self.folder.full(path)).st_mtime
        except FileNotFoundError:
            return None
        except Exception as error:
            raise _classify(error, path) from None
        return int(found) if found is not None else None

    def _failed_put(self, error: Exception, path: str, temporary: str, size: int) -> RemoteError:
        """What a failed upload means, told by what is on the server; the part that arrived
        is removed. OpenSSH answers a full disk with a bare "Failure", or paramiko finds
        "size mismatch in put!": a server that still answers but holds less than was sent
        could not store it (a full disk or a quota), which is not a cut."""
        failure = _classify(error, path)
        if failure.kind in (PERMISSION, DISK_FULL):
            self._discard(temporary)
            return failure
        try:
            stored = self.sftp.stat(temporary).st_size or 0
        except FileNotFoundError:
            stored = 0
        except Exception:  # no answer: the connection is gone (the next deploy sweeps)
            return failure
        self._discard(temporary)
        return RemoteError(DISK_FULL, failure.detail, path) if stored < size else failure

    def _discard(self, full: str) -> None:
        with contextlib.suppress(Exception):
            self.sftp.remove(full)

    def delete(self, path: str) -> None:
        try:
            self.sftp.remove(self.folder.full(path))
        except FileNotFoundError:
            pass
        except Exception as error:
            raise _classify(error, path) from None

    def list_folder(self, path: str) -> tuple[dict[str, RemoteStat], list[str]]:
        files: dict[str, RemoteStat] = {}
        folders: list[str] = []
        try:
            entries = self.sftp.listdir_attr(self.folder.full(path))
        except FileNotFoundError:
            return {}, []
        except Exception as error:
            raise _classify(error, path) from None
        for entry in entries:
            mode = entry.st_mode or 0
            if file_mode.S_ISDIR(mode):
                folders.append(entry.filename)
            elif file_mode.S_ISREG(mode):
                mtime = int(entry.st_mtime) if entry.st_mtime is not None else None
                files[entry.filename] = RemoteStat(entry.st_size or 0, mtime)
        return files, folders

    def remove_folder(self, path: str) -> None:
        try:
            self.sftp.rmdir(self.folder.full(path))
        except Exception as error:
            raise _classify(error, path) from None

    def close(self) -> None:
        self.client.close()

    def _make_folder(self, full: str) -> None:
        try:
            self.sftp.stat(full)
        except FileNotFoundError:
            try:
                self.sftp.mkdir(full, 0o755)
            except OSError as error:
                if self._exists(full):
                    return  # another of the deploy's connections made it just now
                # Its parent is missing, or not ours to write in: remote_path is wrong.
                if isinstance(error, PermissionError | FileNotFoundError) or (
                    str(error).strip() == "Failure"
                ):
                    raise RemoteError(PERMISSION, str(error).strip(), full) from None
                raise

    def _exists(self, full: str) -> bool:
        try:
            self.sftp.stat(full)
        except OSError:
            return False
        return True


def _classify(error: Exception, path: str, connecting: bool = False) -> RemoteError:
    """The kind of a paramiko or socket failure."""
    if isinstance(error, RemoteError):
        return error  # already told apart where it was raised (a helper that classifies)
    import paramiko

    detail = error_detail(error)
    if isinstance(error, paramiko.BadHostKeyException):
        return RemoteError(HOST_KEY_MISMATCH, _fingerprint(error.key), path)
    if isinstance(error, paramiko.AuthenticationException) or (
        isinstance(error, paramiko.SSHException) and "authentication methods" in detail
    ):
        return RemoteError(LOGIN, detail, path)
    if isinstance(error, paramiko.SSHException) and "known_hosts" in detail:
        return RemoteError(HOST_KEY_UNKNOWN, detail, path)
    if isinstance(error, PermissionError):
        return RemoteError(PERMISSION, detail, path)
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return RemoteError(DISK_FULL, detail, path)
    if isinstance(error, socket.gaierror) or (connecting and isinstance(error, OSError)):
        return RemoteError(UNREACHABLE, detail, path)
    if isinstance(error, OSError) and detail == "Failure":
        # OpenSSH's answer to many refusals (a full disk: see _failed_put).
        return RemoteError(OTHER, detail, path)
    if isinstance(error, paramiko.SSHException | EOFError | OSError):
        return RemoteError(TRANSIENT, detail, path)
    return RemoteError(OTHER, detail, path)


def _fingerprint(key: Any) -> str:
    return f"{key.get_name()} {key.fingerprint}" if key is not None else ""
