"""FTP with explicit TLS (FTPS), or plain FTP when the user insists, with ftplib."""

from __future__ import annotations

import contextlib
import ftplib
import io
import posixpath
import re
import socket
import ssl

from sitegen.deploy.listing import parse_list_line, parse_mlsd_time
from sitegen.deploy.settings import DeploySettings
from sitegen.deploy.transport import (
    CERTIFICATE,
    DISK_FULL,
    LOGIN,
    NO_TLS,
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


def tls_context(settings: DeploySettings) -> ssl.SSLContext:
    """Certificates and host names checked, unless the settings turn it off (with a warning)."""
    context = ssl.create_default_context(cafile=str(settings.ca_file) if settings.ca_file else None)
    if not settings.verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


class _SessionReusingFTP_TLS(ftplib.FTP_TLS):  # noqa: N801 (named after ftplib's class)
    """FTP_TLS whose data connections resume the control connection's TLS session.

    ProFTPD and vsftpd, common on shared hosting, refuse a data connection that does not
    ("522 session reuse required"); ftplib alone never offers it.
    """

    def ntransfercmd(
        self, cmd: str, rest: int | str | None = None
    ) -> tuple[socket.socket, int | None]:
        connection, size = ftplib.FTP.ntransfercmd(self, cmd, rest)
        if self._prot_p:  # type: ignore[attr-defined]
            session = getattr(self.sock, "session", None)
            connection = self.context.wrap_socket(  # type: ignore[attr-defined]
                connection, server_hostname=self.host, session=session
            )
        return connection, size


class FtpTransport:
    """The remote folder over FTPS (secure=True) or plain FTP."""

    def __init__(self, settings: DeploySettings, password: str, secure: bool):
        self.folder = RemoteFolder(settings.remote_path, self._make_folder)
        try:
            if secure:
                self.ftp: ftplib.FTP = _SessionReusingFTP_TLS(
                    context=tls_context(settings), timeout=settings.timeout
                )
            else:
                self.ftp = ftplib.FTP(timeout=settings.timeout)
            self.ftp.connect(settings.host, settings.port)
            if isinstance(self.ftp, ftplib.FTP_TLS):
                self._secure()
            self.ftp.login(settings.user, password)
            if isinstance(self.ftp, ftplib.FTP_TLS):
                self.ftp.prot_p()  # the files travel encrypted too, not only the password
            # RFC 3659 announces MLST; a server that has it has MLSD too.
            self.has_mlsd = bool({"MLST", "MLSD"} & self._features())
            # Listing over the control connection: tried at once without MLSD, else once
            # it is shown to agree with MLSD (list_folder).
            self.stat_lists: bool | None = None if self.has_mlsd else True
        except RemoteError:
            self._drop()
            raise
        except Exception as error:
            self._drop()
            failure = _classify(error, "", connecting=True)
            # The server answered and said no (421 too many connections, 530 at login).
            failure.refusal = isinstance(error, ftplib.error_temp | ftplib.error_perm)
            raise failure from None

    def _features(self) -> set[str]:
        """The commands the server announces (FEAT); none if it does not answer FEAT."""
        try:
            reply = self.ftp.sendcmd("FEAT")
        except ftplib.error_perm:
            return set()
        lines = reply.splitlines()[1:-1]
        return {line.split()[0].upper() for line in lines if line.strip()}

    def _secure(self) -> None:
        assert isinstance(self.ftp, ftplib.FTP_TLS)
        try:
            self.ftp.auth()
        except ftplib.error_perm as error:
            raise RemoteError(NO_TLS, str(error)) from None

    def read(self, path: str) -> bytes | None:
        buffer = io.BytesIO()
        try:
            self.ftp.retrbinary(f"RETR {self.folder.full(path)}", buffer.write)
        except ftplib.error_perm as error:
            if str(error).startswith("550"):
                return None
            raise _classify(error, path) from None
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
            self.ftp.storbinary(f"STOR {temporary}", io.BytesIO(data))
        except Exception as error:
            raise self._failed_store(error, path, temporary, len(data)) from None
        try:
            self._rename(temporary, self.folder.full(path))
        except Exception as error:
            self._discard(temporary)
            raise _classify(error, path) from None
        return self._sent_stat(path, len(data))

    def _sent_stat(self, path: str, size: int) -> RemoteStat | None:
        """The file just sent, as the server reports it: MLST (size and time, one round trip
        on this connection), else MDTM (vsftpd: seconds, where its listing gives minutes)."""
        full = self.folder.full(path)
        try:
            if self.has_mlsd:
                reply = self.ftp.sendcmd(f"MLST {full}")
                # 250-…, then " type=file;size=5;modify=20261127031600; /path", then 250.
                line = reply.splitlines()[1].strip().split(" ", 1)[0]
                pairs = (fact.split("=", 1) for fact in line.split(";") if "=" in fact)
                facts = {name.lower(): value for name, value in pairs}
                mtime = parse_mlsd_time(facts.get("modify", ""))
                return RemoteStat(int(facts.get("size", size)), mtime)
            return RemoteStat(size, self.exact_time(path))
        except (ftplib.Error, ValueError, IndexError):
            return None  # the server cannot say: the next listing records the file
        except Exception as error:
            raise _classify(error, path) from None

    def exact_time(self, path: str) -> int | None:
        try:
            reply = self.ftp.sendcmd(f"MDTM {self.folder.full(path)}")
        except ftplib.error_perm:
            return None
        except Exception as error:
            raise _classify(error, path) from None
        return parse_mlsd_time(reply[4:].strip()) if reply.startswith("213") else None

    def _failed_store(self, error: Exception, path: str, temporary: str, size: int) -> RemoteError:
        """What a failed STOR means, told by the reply and by what is on the server; the
        part that arrived is removed (it would hold space and never be used).

        A server that answers (451 from vsftpd, Pure-FTPd and ProFTPD on a full disk, 452,
        552) but holds less than was sent could not store it: a full disk or a quota.
        """
        failure = _classify(error, path)
        if not isinstance(error, ftplib.Error):
            return failure  # no answer: the connection is gone (the next deploy sweeps)
        if str(error)[:3] == "451" and self._stored_size(temporary) < size:
            failure = RemoteError(DISK_FULL, failure.detail, path)
        self._discard(temporary)
        return failure

    def _stored_size(self, full: str) -> int:
        """The size of a file on the server, 0 if it is not there, huge if unknown."""
        try:
            return self.ftp.size(full) or 0
        except ftplib.error_perm:
            return 0
        except Exception:  # the connection is gone, or the server has no SIZE
            return 1 << 62

    def _discard(self, full: str) -> None:
        with contextlib.suppress(Exception):
            self.ftp.delete(full)

    def _rename(self, source: str, target: str) -> None:
        try:
            self.ftp.rename(source, target)
        except ftplib.error_perm:
            # Some servers refuse to rename onto an existing file: remove it first.
            self.ftp.delete(target)
            self.ftp.rename(source, target)

    def delete(self, path: str) -> None:
        try:
            self.ftp.delete(self.folder.full(path))
        except ftplib.error_perm as error:
            if not str(error).startswith("550"):
                raise _classify(error, path) from None
        except Exception as error:
            raise _classify(error, path) from None

    def list_folder(self, path: str) -> tuple[dict[str, RemoteStat], list[str]]:
        """MLSD where the server has it (exact sizes and times), else `LIST -a` (vsftpd).

        Either costs a new TLS data connection per folder (4–7 s for 400 folders on
        Pure-FTPd): where `STAT -a` lists a folder over the control connection and agrees
        with MLSD, it is used instead, about ten times faster. Its times are to the minute;
        a file sent since is then checked to the second with MDTM (publish.py).
        """
        full = self.folder.full(path)
        try:
            if not self.has_mlsd:
                return _entries(self._list_lines(full))
            if self.stat_lists:
                lines = self._stat_lines(full)
                if lines is not None:
                    return _entries(lines)
            exact = self._mlsd(full)
            if self.stat_lists is None:
                self.stat_lists = self._stat_agrees(full, exact)
            return exact
        except ftplib.error_perm as error:
            # No such folder (yet); pyftpdlib says 501. At worst, files are sent again.
            if str(error)[:3] in ("550", "450", "501"):
                return {}, []
            raise _classify(error, path) from None
        except ftplib.error_temp as error:
            if str(error)[:3] == "450":  # ProFTPD: "450 No such file or directory"
                return {}, []
            raise _classify(error, path) from None
        except Exception as error:
            raise _classify(error, path) from None

    def _mlsd(self, full: str) -> tuple[dict[str, RemoteStat], list[str]]:
        files: dict[str, RemoteStat] = {}
        folders: list[str] = []
        for name, facts in self.ftp.mlsd(full, ["type", "size", "modify"]):
            kind = facts.get("type", "").lower()
            if kind == "dir":
                folders.append(name)
            elif kind == "file":
                mtime = parse_mlsd_time(facts.get("modify", ""))
                files[name] = RemoteStat(int(facts.get("size", -1)), mtime)
        return files, folders

    def _stat_lines(self, full: str) -> list[str] | None:
        """`ls -l` lines of a folder over the control connection; None if not given so."""
        try:
            reply = self.ftp.sendcmd(f"STAT -a {full}")
        except (ftplib.error_perm, ftplib.error_temp):
            return None
        return reply.splitlines()[1:-1] if reply[:3] in ("211", "212", "213") else None

    def _stat_agrees(
        self, full: str, exact: tuple[dict[str, RemoteStat], list[str]]
    ) -> bool | None:
        """Whether STAT lists this folder as MLSD did: the same names (hidden ones too),
        sizes and times (in the same time zone); None while the folder holds no file."""
        if not exact[0]:
            return None
        lines = self._stat_lines(full)
        if lines is None:
            return False
        files, folders = _entries(lines)
        if files.keys() != exact[0].keys() or set(folders) != set(exact[1]):
            return False
        return all(
            stat.size == exact[0][name].size
            and stat.mtime is not None
            and exact[0][name].mtime is not None
            and stat.mtime // stat.resolution == exact[0][name].mtime // stat.resolution  # type: ignore[operator]
            for name, stat in files.items()
        )

    def _list_lines(self, full: str) -> list[str]:
        """`ls -l` lines for a folder: over the control connection (STAT) where the server
        allows it, a round trip instead of a new TLS data connection per folder; else LIST."""
        if self.stat_lists:
            try:
                reply = self.ftp.sendcmd(f"STAT -a {full}")
            except ftplib.error_perm:
                self.stat_lists = False
            else:
                if reply.startswith("213") or reply.startswith("211"):
                    return reply.splitlines()[1:-1]
                self.stat_lists = False
        lines: list[str] = []
        self.ftp.retrlines(f"LIST -a {full}", lines.append)
        return lines

    def remove_folder(self, path: str) -> None:
        try:
            self.ftp.rmd(self.folder.full(path))
        except Exception as error:
            raise _classify(error, path) from None

    def close(self) -> None:
        try:
            self.ftp.quit()
        except Exception:  # the connection may be gone already; nothing is left to do
            self._drop()

    def _drop(self) -> None:
        if getattr(self, "ftp", None) is not None:
            self.ftp.close()

    def _make_folder(self, full: str) -> None:
        if full == "/":
            return
        try:
            self.ftp.mkd(full)
        except ftplib.error_perm as error:
            if not self._exists(full):
                raise _classify(error, full) from None

    def _exists(self, folder: str) -> bool:
        try:
            self.ftp.cwd(folder)
        except ftplib.error_perm:
            return False
        self.ftp.cwd("/")
        return True


# What servers write when a disk or quota is full (ProFTPD passes on strerror(ENOSPC)).
_NO_SPACE = re.compile(r"no space|quota|disk full|storage allocation", re.IGNORECASE)


def _entries(lines: list[str]) -> tuple[dict[str, RemoteStat], list[str]]:
    """The files and subfolders `ls -l` lines show."""
    files: dict[str, RemoteStat] = {}
    folders: list[str] = []
    for line in lines:
        entry = parse_list_line(line)
        if entry is None or entry[0] in (".", ".."):
            continue
        name, stat = entry
        if stat is None:
            folders.append(name)
        else:
            files[name] = stat
    return files, folders


def _classify(error: Exception, path: str, connecting: bool = False) -> RemoteError:
    """The kind of an ftplib, ssl or socket failure."""
    if isinstance(error, RemoteError):
        return error  # already told apart where it was raised (a helper that classifies)
    detail = error_detail(error)
    code = str(error).strip()[:3]  # of a server's reply
    if isinstance(error, ssl.SSLCertVerificationError):
        return RemoteError(CERTIFICATE, error.verify_message or detail, path)
    if isinstance(error, ftplib.error_perm):
        if code == "530":
            return RemoteError(LOGIN, detail, path)
        if code in ("552", "452"):
            return RemoteError(DISK_FULL, detail, path)
        if code in ("550", "553", "450"):
            return RemoteError(PERMISSION, detail, path)
        return RemoteError(OTHER, detail, path)
    if isinstance(error, ftplib.error_temp):
        if code == "452" or _NO_SPACE.search(detail):
            return RemoteError(DISK_FULL, detail, path)
        return RemoteError(TRANSIENT, detail, path)
    if (connecting and isinstance(error, OSError)) or isinstance(error, socket.gaierror):
        return RemoteError(UNREACHABLE, detail, path)
    if isinstance(error, OSError | EOFError | ftplib.Error):
        # Timeouts, resets, a closed connection, a reply cut off: worth another try.
        return RemoteError(TRANSIENT, detail, path)
    return RemoteError(OTHER, detail, path)
