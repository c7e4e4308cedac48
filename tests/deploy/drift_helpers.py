"""Shared by the deploy tests of issue 16: servers to publish to, settings, what a visitor sees."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from vsftpd_server import PASSWORD as VSFTPD_PASSWORD
from vsftpd_server import USER as VSFTPD_USER
from vsftpd_server import Vsftpd, vsftpd_server

from sitegen.deploy.order import local_links
from sitegen.deploy.plan import MANIFEST

from conftest import tree_digest
from servers import PASSWORD, USER, FtpServer, ftp_server, ssh_server


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No ~/.netrc, ~/.ssh or agent of the person running the tests takes part."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    monkeypatch.delenv("NETRC", raising=False)
    monkeypatch.setenv("SITEGEN_DEPLOY_PASSWORD", PASSWORD)


def write_settings(project: Path, **values: object) -> None:
    lines = [f"{key}: {value}" for key, value in values.items() if value is not None]
    (project / "deploy.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


@dataclass
class Target:
    """A server to publish to: where its files land, and how deploy.yml names it."""

    kind: str
    root: Path
    settings: dict[str, object]
    server: object

    def configure(self, project: Path, **extra: object) -> None:
        write_settings(project, **{**self.settings, **extra})


@contextmanager
def target(kind: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Target]:
    """vsftpd (FTPS, session reuse required, LIST only), OpenSSH (SFTP) or pyftpdlib (MLSD)."""
    if kind == "vsftpd":
        with vsftpd_server(folder) as server:
            monkeypatch.setenv("SITEGEN_DEPLOY_PASSWORD", VSFTPD_PASSWORD)
            yield Target(kind, server.root, vsftpd_settings(server), server)
    elif kind == "sftp":
        pytest.importorskip("paramiko")
        with ssh_server(folder) as ssh:
            settings = {
                "protocol": "sftp",
                "host": "127.0.0.1",
                "port": ssh.port,
                "user": ssh.user,
                "remote_path": str(ssh.root),
                "key_file": str(ssh.user_key),
                "known_hosts": str(ssh.known_hosts),
                "retries": 0,
            }
            yield Target(kind, ssh.root, settings, ssh)
    else:
        pytest.importorskip("pyftpdlib")
        with ftp_server(folder) as ftp:
            yield Target(kind, ftp.root, ftps_settings(ftp), ftp)


def ftps_settings(server: FtpServer) -> dict[str, object]:
    """deploy.yml's values for a pyftpdlib server."""
    return {
        "protocol": "ftps",
        "host": "127.0.0.1",
        "port": server.port,
        "user": USER,
        "remote_path": "/",
        "ca_file": str(server.cert),
        "retries": 0,
    }


def vsftpd_settings(server: Vsftpd) -> dict[str, object]:
    return {
        "protocol": "ftps",
        "host": "127.0.0.1",
        "port": server.port,
        "user": VSFTPD_USER,
        "remote_path": str(server.root),
        "ca_file": str(server.cert),
        "retries": 0,
    }


def published(root: Path) -> dict[str, str]:
    """The files on the server, except our manifest and leftovers of uploads."""
    return {
        k: v
        for k, v in tree_digest(root).items()
        if not k.endswith(MANIFEST) and not k.endswith(".sitegen-upload")
    }


def uploads_in(output: str) -> int:
    found = re.search(r"アップロード (\d+) 件", output)
    assert found, output
    return int(found[1])


def drifted_in(output: str) -> list[str]:
    """The files the summary names as changed on the server."""
    return re.findall(r"サーバー上で変更されていました  (\S+)", output)


def broken_reachable_links(root: Path, site_url: str) -> list[str]:
    """Links to missing files from pages a visitor can reach from the home page or sitemap."""
    listed = []
    sitemap = root / "sitemap.xml"
    if sitemap.is_file():
        for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap.read_text("utf-8")):
            listed.append(_path_of(loc, site_url))
    # The home page is where visitors start; until it is uploaded nothing links to it.
    start = ["index.html", *listed]
    broken = [f"sitemap.xml -> {page}" for page in listed if not (root / page).is_file()]
    seen: set[str] = set()
    queue = [page for page in start if (root / page).is_file()]
    while queue:
        page = queue.pop()
        if page in seen:
            continue
        seen.add(page)
        for link in local_links(root, page):
            if not (root / link).is_file():
                broken.append(f"{page} -> {link}")
            elif link.endswith(".html"):
                queue.append(link)
    return broken


def _path_of(url: str, site_url: str) -> str:
    path = urlsplit(url).path[len(urlsplit(site_url).path) :]
    return (path + "index.html" if path.endswith("/") or not path else path).lstrip("/")


def site_url(project: Path) -> str:
    found = re.search(r"^url:\s*(\S+)", (project / "content" / "site.yml").read_text("utf-8"), re.M)
    assert found
    return found[1]


def edit_on_server(path: Path, change: Callable[[bytes], bytes]) -> None:
    """Change a published file as someone with the host's file manager would."""
    path.write_bytes(change(path.read_bytes()))
