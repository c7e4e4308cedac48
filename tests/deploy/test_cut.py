"""A deploy cut after any one file never leaves a reachable page pointing at a missing file.

Issue 16, requirement 2: a deploy that adds pages, changes pages and changes the stylesheet
is cut after each file in turn (pyftpdlib counts the uploads and then drops every
connection); after every cut, every page a visitor can reach from the home page or the
sitemap links only to files on the server and has its inline style allowed; running again
finishes the deploy. The deploy runs in this process, with four connections, to keep the
many runs quick.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from drift_helpers import (
    broken_reachable_links,
    private_home,  # noqa: F401 (an autouse fixture)
    published,
    site_url,
)

from sitegen.build.security import style_hash
from sitegen.deploy.connections import Pool
from sitegen.deploy.publish import opener, publish
from sitegen.deploy.settings import DeploySettings
from sitegen.deploy.transport import RemoteError

from conftest import ROOT, run_build, tree_digest
from servers import USER, FtpServer, ftp_server

sys.path.insert(0, str(ROOT / "bench"))
from synthetic import write_pages

pytest.importorskip("pyftpdlib")


def deploy(folder: Path, server: FtpServer, connections: int = 4) -> None:
    settings = DeploySettings(
        source=Path("deploy.yml"),
        protocol="ftps",
        host="127.0.0.1",
        port=server.port,
        user=USER,
        remote_path="/",
        ca_file=server.cert,
        retries=0,
        connections=connections,
    )
    pool = Pool(opener(settings, insecure=False), settings.retries, settings.connections)
    try:
        publish(folder, pool, delete=False, dry_run=False, report=lambda line: None)
    finally:
        pool.drop()


def refused_styles(root: Path) -> list[str]:
    """Pages on the server whose inline style the server's header file would refuse."""
    header = (root / ".htaccess").read_text("utf-8")
    refused = []
    for page in root.rglob("*.html"):
        for css in re.findall(r"<style>(.*?)</style>", page.read_text("utf-8"), re.DOTALL):
            if style_hash(css) not in header:
                refused.append(page.relative_to(root).as_posix())
    return refused


def test_a_cut_after_any_file_leaves_every_reachable_page_whole(
    project: Path, tmp_path: Path
) -> None:
    write_pages(project / "content", 8)
    old, new = tmp_path / "old", tmp_path / "new"
    assert run_build(project, "--out", str(old)).code == 0
    # Six new pages, the eight old ones changed (their links move), a new stylesheet.
    write_pages(project / "content", 14)
    css = project / "assets" / "css" / "site.css"
    css.write_text(css.read_text("utf-8") + "\n.note { color: #12355b; }\n", encoding="utf-8")
    assert run_build(project, "--out", str(new)).code == 0
    url = site_url(project)
    with ftp_server(tmp_path / "ftp") as server:
        deploy(old, server)
        live = tmp_path / "live"
        shutil.copytree(server.root, live)
        # How many uploads a whole deploy makes (files, the bridging header, manifests).
        server.behaviour["down_after"] = 10_000
        deploy(new, server)
        uploads = 10_000 - int(server.behaviour["down_after"])  # type: ignore[call-overload]
        assert uploads > len(tree_digest(new)) // 2
        for cut in range(uploads):
            shutil.rmtree(server.root)
            shutil.copytree(live, server.root)
            server.behaviour.update(down_after=cut, down=False)
            with pytest.raises(RemoteError):
                deploy(new, server)
            assert broken_reachable_links(server.root, url) == [], f"cut after {cut} files"
            assert refused_styles(server.root) == [], f"cut after {cut} files"
            server.behaviour.update(down_after=None, down=False)
            deploy(new, server)
            assert tree_digest(new).items() <= published(server.root).items()
            assert refused_styles(server.root) == []
