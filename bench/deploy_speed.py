"""Deploy speed against local servers: prints figures, asserts nothing (issue 16).

    python3 bench/deploy_speed.py [--pages 1000] [--servers vsftpd,proftpd,pyftpdlib]
                                  [--old PATH]

For each server: a first deploy of the synthetic site with 1 and with 4 connections, and an
unchanged re-deploy (which lists the server). With --old PATH (a checkout of the code from
before the listing check), also that code's unchanged re-deploy, which trusts the manifest.
Needs root for vsftpd and ProFTPD (Debian: vsftpd, proftpd-basic, proftpd-mod-crypto); times
are the publishing step alone, after one build.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

from synthetic import write_pages  # noqa: E402
from vsftpd_server import _free_port, _free_port_range, vsftpd_server  # noqa: E402

from sitegen.deploy.connections import Pool  # noqa: E402
from sitegen.deploy.publish import opener, publish  # noqa: E402
from sitegen.deploy.settings import DeploySettings  # noqa: E402

from servers import PASSWORD, USER, ftp_server, make_certificate  # noqa: E402

Server = tuple[int, str, Path, str, str]  # port, remote_path, certificate, user, password


# ProFTPD logs in a system user: one made for this run with a password of its own, removed
# when the run ends (the tests' vsftpd uses a virtual user instead: tests/vsftpd_server.py).
SYSTEM_USER = f"sitegen-bench-{os.getpid()}"
SYSTEM_PASSWORD = secrets.token_urlsafe(18)


@contextmanager
def system_user() -> Iterator[None]:
    """The run's own system user, removed however the run ends."""
    subprocess.run(
        ["/usr/sbin/useradd", "--no-create-home", "--shell", "/bin/sh", SYSTEM_USER], check=True
    )
    try:
        subprocess.run(
            ["/usr/sbin/chpasswd"], input=f"{SYSTEM_USER}:{SYSTEM_PASSWORD}", text=True, check=True
        )
        yield
    finally:
        subprocess.run(["/usr/sbin/userdel", SYSTEM_USER], check=False)


@contextmanager
def proftpd(folder: Path) -> Iterator[Server]:
    """ProFTPD with mod_tls, TLS required (session reuse required, its default)."""
    with system_user(), _proftpd(folder) as server:
        yield server


@contextmanager
def _proftpd(folder: Path) -> Iterator[Server]:
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = make_certificate(folder)
    base = Path(tempfile.mkdtemp(prefix="sitegen-proftpd-"))
    base.chmod(0o755)
    root = base / "site"
    root.mkdir()
    shutil.chown(root, SYSTEM_USER, SYSTEM_USER)
    port = _free_port()
    low, high = _free_port_range(40)
    config = folder / "proftpd.conf"
    config.write_text(
        f"""LoadModule mod_tls.c
ServerType standalone
DefaultServer on
Port {port}
DefaultAddress 127.0.0.1
SocketBindTight on
UseIPv6 off
User nobody
Group nogroup
PidFile {folder}/proftpd.pid
ScoreboardFile {folder}/proftpd.scoreboard
DelayTable none
WtmpLog off
UseReverseDNS off
RequireValidShell off
UseFtpUsers off
AllowOverwrite on
MaxInstances 50
PassivePorts {low} {high}
TransferLog none
SystemLog none
TLSEngine on
TLSRequired on
TLSProtocol TLSv1.2 TLSv1.3
TLSECCertificateFile {cert}
TLSECCertificateKeyFile {key}
TLSOptions AllowClientRenegotiations
TLSLog none
"""
    )
    process = subprocess.Popen(
        ["/usr/sbin/proftpd", "--nodaemon", "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode() if process.stderr else "")
            try:
                import socket

                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield port, str(root), cert, SYSTEM_USER, SYSTEM_PASSWORD
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(base, ignore_errors=True)


@contextmanager
def server_of(kind: str, folder: Path) -> Iterator[Server]:
    if kind == "vsftpd":
        with vsftpd_server(folder) as server:
            yield server.port, str(server.root), server.cert, server.user, server.password
    elif kind == "proftpd":
        with proftpd(folder) as server:
            yield server
    else:
        with ftp_server(folder) as ftp:
            yield ftp.port, "/", ftp.cert, USER, PASSWORD  # type: ignore[misc]


def deploy(site: Path, server: Server, connections: int) -> float:
    port, root, cert, user, password = server
    os.environ["SITEGEN_DEPLOY_PASSWORD"] = password
    settings = DeploySettings(
        Path("deploy.yml"), "ftps", "127.0.0.1", port, user, root, ca_file=cert,
        connections=connections,
    )  # fmt: skip
    pool = Pool(opener(settings, False), settings.retries, settings.connections)
    started = time.perf_counter()
    try:
        publish(site, pool, delete=False, dry_run=False, report=lambda line: None)
    finally:
        pool.drop()
    return time.perf_counter() - started


OLD_DEPLOY = """
import os, sys, time
from pathlib import Path
from sitegen.deploy import publish as deploy
from sitegen.deploy.settings import DeploySettings
port, root, cert, user = int(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), sys.argv[4]
settings = DeploySettings(Path("deploy.yml"), "ftps", "127.0.0.1", port, user, root, ca_file=cert)
session = deploy.Session(deploy.opener(settings, False), settings.retries)
started = time.perf_counter()
deploy.publish(Path(sys.argv[5]), session, False, False, lambda line: None)
session.drop()
print(time.perf_counter() - started)
"""


def old_deploy(old: Path, site: Path, server: Server) -> float:
    port, root, cert, user, password = server
    env = {**os.environ, "PYTHONPATH": str(old), "SITEGEN_DEPLOY_PASSWORD": password}
    done = subprocess.run(
        [sys.executable, "-c", OLD_DEPLOY, str(port), str(root), str(cert), user, str(site)],
        capture_output=True,
        text=True,
        env=env,
        cwd=old,  # `-c` puts the working folder first on the path
        check=True,
    )
    return float(done.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--servers", default="vsftpd,proftpd,pyftpdlib")
    parser.add_argument("--old", type=Path, help="a checkout of the code before issue 16")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        project = Path(work) / "site"
        for name in ("content", "templates", "assets"):
            shutil.copytree(ROOT / name, project / name)
        write_pages(project / "content", args.pages)
        site = Path(work) / "dist"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        shutil.copy(ROOT / "build.py", project / "build.py")  # it builds the folder it is in
        subprocess.run(
            [sys.executable, str(project / "build.py"), "--out", str(site)],
            cwd=project,
            env=env,
            check=True,
            capture_output=True,
        )
        files = sum(1 for p in site.rglob("*") if p.is_file())
        size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        print(f"{args.pages} pages: {files} files, {size / 1e6:.1f} MB")
        for kind in args.servers.split(","):
            figures = []
            for connections in (1, 4):
                with server_of(kind, Path(work) / f"{kind}-{connections}") as server:
                    first = deploy(site, server, connections)
                    figures.append(f"first deploy, {connections} connection(s): {first:.1f} s")
                    if connections == 4:
                        again = deploy(site, server, connections)
                        figures.append(f"unchanged re-deploy, listing checked: {again:.1f} s")
                        if args.old:
                            trusted = old_deploy(args.old, site, server)
                            figures.append(
                                f"unchanged re-deploy, before (manifest only): {trusted:.1f} s"
                            )
            print(f"{kind}: " + "; ".join(figures))


if __name__ == "__main__":
    main()
