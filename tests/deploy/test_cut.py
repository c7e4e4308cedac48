"""A deploy cut after any one file never leaves a reachable page pointing at a missing file.

Issue 16, requirement 2: a deploy that adds pages, changes pages and changes the stylesheet
is cut after each file in turn (pyftpdlib counts the uploads and then drops every
connection); after every cut, every page a visitor can reach from the home page or the
sitemap links only to files on the server and has its inline style allowed; running again
finishes the deploy. The deploy runs in this process, with four connections, over plain FTP
to keep the many runs quick: the order of the uploads is the same over FTPS and FTP, and
TLS (about 60 % of these tests' CPU time, in its handshakes) is tested by the other deploy
tests, against vsftpd and pyftpdlib.
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
from redirect_helpers import lands_on

from sitegen.core.project import Project
from sitegen.deploy.connections import Pool
from sitegen.deploy.pages import SitePages, site_pages
from sitegen.deploy.publish import opener, publish
from sitegen.deploy.settings import DeploySettings
from sitegen.deploy.transport import RemoteError
from sitegen.sitefiles.security import style_hash
from sitegen.source.site import read_site

from conftest import ROOT, run_inline, tree_digest
from servers import USER, FtpServer, ftp_server

sys.path.insert(0, str(ROOT / "bench"))
from synthetic import write_pages

pytest.importorskip("pyftpdlib")


def deploy(
    folder: Path,
    server: FtpServer,
    connections: int = 4,
    delete: bool = False,
    pages: SitePages | None = None,
) -> None:
    settings = DeploySettings(
        source=Path("deploy.yml"),
        protocol="ftp",
        host="127.0.0.1",
        port=server.port,
        user=USER,
        remote_path="/",
        ca_file=None,
        retries=0,
        connections=connections,
    )
    pool = Pool(opener(settings, insecure=True), settings.retries, settings.connections)
    try:
        publish(folder, pool, delete, dry_run=False, report=lambda line: None, pages=pages)
    finally:
        pool.drop()


def refused_styles(root: Path, pages: list[Path] | None = None) -> list[str]:
    """Pages on the server (or these) whose inline style the server's header file would refuse."""
    header = (root / ".htaccess").read_text("utf-8")
    refused = []
    for page in root.rglob("*.html") if pages is None else pages:
        for css in re.findall(r"<style>(.*?)</style>", page.read_text("utf-8"), re.DOTALL):
            if style_hash(css) not in header:
                refused.append(page.relative_to(root).as_posix())
    return refused


def test_a_cut_after_any_file_leaves_every_reachable_page_whole(
    project: Path, tmp_path: Path
) -> None:
    write_pages(project / "content", 8)
    old, new = tmp_path / "old", tmp_path / "new"
    assert run_inline(project, "--out", str(old)).code == 0
    # Six new pages, the eight old ones changed (their links move), a new stylesheet.
    write_pages(project / "content", 14)
    css = project / "assets" / "css" / "site.css"
    css.write_text(css.read_text("utf-8") + "\n.note { color: #12355b; }\n", encoding="utf-8")
    assert run_inline(project, "--out", str(new)).code == 0
    url = site_url(project)
    with ftp_server(tmp_path / "ftp", tls=False) as server:
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


def built(project: Path, out: Path) -> SitePages:
    """Build project into out; return its pages as the deploy command knows them."""
    assert run_inline(project, "--out", str(out)).code == 0
    return site_pages(read_site(Project(project))[0])


def test_a_cut_deploy_never_leaves_an_old_address_leading_nowhere(
    project: Path, tmp_path: Path
) -> None:
    """Renamed pages, an alias to a new page and a new stylesheet, with --delete: after a cut
    anywhere, every address that was a page still leads to a page whose style is allowed."""
    content = project / "content"
    write_pages(content, 4)
    for name in ("news", "about"):
        (content / f"{name}.md").write_text(
            f"---\ntitle: {name}\n---\n\n# {name}\n\n{name} のページです。\n", encoding="utf-8"
        )
    old, new = tmp_path / "old", tmp_path / "new"
    old_pages = built(project, old)
    (content / "info").mkdir()
    (content / "news.md").rename(content / "info" / "news.md")
    (content / "about.md").rename(content / "kyokai.md")
    (content / "guide.md").write_text(
        "---\ntitle: ご案内\naliases:\n  - /annai/\n---\n\n# ご案内\n\n新しいページです。\n",
        encoding="utf-8",
    )
    css = project / "assets" / "css" / "site.css"
    css.write_text(css.read_text("utf-8") + "\n.note { color: #12355b; }\n", encoding="utf-8")
    new_pages = built(project, new)
    addresses = sorted(old_pages.urls | new_pages.urls | {"/annai/"})
    with ftp_server(tmp_path / "ftp", tls=False) as server:
        deploy(old, server, pages=old_pages)
        live = tmp_path / "live"
        shutil.copytree(server.root, live)
        server.behaviour["down_after"] = 10_000
        deploy(new, server, delete=True, pages=new_pages)
        uploads = 10_000 - int(server.behaviour["down_after"])  # type: ignore[call-overload]
        assert lands_on(server.root, "/", "/news/") == "info/news/index.html"
        assert lands_on(server.root, "/", "/about/") == "kyokai/index.html"
        assert lands_on(server.root, "/", "/annai/") == "guide/index.html"
        for cut in range(uploads):
            shutil.rmtree(server.root)
            shutil.copytree(live, server.root)
            server.behaviour.update(down_after=cut, down=False)
            with pytest.raises(RemoteError):
                deploy(new, server, delete=True, pages=new_pages)
            reached = {address: lands_on(server.root, "/", address) for address in addresses}
            nowhere = [a for a, file in reached.items() if file is None and a in old_pages.urls]
            assert nowhere == [], f"cut after {cut} files"  # new pages may not be there yet
            # A page a redirect hides (to be deleted) is never served: its style does not count.
            shown = [server.root / file for file in reached.values() if file is not None]
            assert refused_styles(server.root, shown) == [], f"cut after {cut} files"
            server.behaviour.update(down_after=None, down=False)
            deploy(new, server, delete=True, pages=new_pages)
            assert not (server.root / "news").exists()
            assert lands_on(server.root, "/", "/news/") == "info/news/index.html"
            assert lands_on(server.root, "/", "/annai/") == "guide/index.html"
