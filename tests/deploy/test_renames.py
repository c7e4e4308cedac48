"""A page renamed since the last deploy keeps its old address (issue 14, requirement 7).

Against vsftpd (FTPS) and OpenSSH (SFTP): the deploy finds the page a gone address became
and publishes a permanent redirect in the server's .htaccess and _redirects, kept in later
deploys; a page gone with no successor is a warning with --delete. What a visitor gets at
an address is worked out from the files on the server as Apache would serve them
(redirect_helpers.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from drift_helpers import (
    Target,
    private_home,  # noqa: F401 (an autouse fixture)
    published,
    target,
)
from redirect_helpers import lands_on, netlify_redirects, visit

from sitegen.deploy.plan import MANIFEST

from conftest import TESTS, copy_project, run_inline, tree_digest

NEWS_TEXT = "# お知らせ\n\n協会の事務局は、12月29日から1月3日まで休みます。\n"


@pytest.fixture(params=["vsftpd"])
def server(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Target]:
    with target(request.param, tmp_path / "server", monkeypatch) as found:
        yield found


def write_page(
    project: Path, relative: str, title: str = "お知らせ", text: str = NEWS_TEXT
) -> Path:
    page = project / "content" / relative
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(f"---\ntitle: {title}\n---\n\n{text}", encoding="utf-8")
    return page


def move(project: Path, old: str, new: str) -> None:
    source, destination = project / "content" / old, project / "content" / new
    destination.parent.mkdir(parents=True, exist_ok=True)
    source.rename(destination)


def deploy(project: Path, *args: str) -> tuple[str, str]:
    result = run_inline(project, "deploy", *args)
    assert result.code == 0, result.out + result.err
    assert "Traceback" not in result.err
    return result.out, result.err


def manifest(root: Path) -> dict:
    return json.loads((root / MANIFEST).read_text("utf-8"))


@pytest.mark.parametrize("server", ["vsftpd", "sftp"], indirect=True)
def test_a_page_moved_into_a_folder_redirects_from_its_old_address(
    project: Path, server: Target
) -> None:
    server.configure(project)
    write_page(project, "news.md")
    deploy(project)
    assert visit(server.root, "/", "/news/") == (200, "news/index.html")
    move(project, "news.md", "info/news.md")

    out, err = deploy(project, "--delete", "--dry-run")
    assert "転送予定  /news/ → /info/news/" in out
    assert "W707" not in err
    assert visit(server.root, "/", "/news/") == (200, "news/index.html")  # nothing changed

    out, err = deploy(project, "--delete")
    assert "転送を追加しました  /news/ → /info/news/" in out and "W707" not in err
    assert not (server.root / "news").exists()  # the old page and its emptied folder
    assert (server.root / "info" / "news" / "index.html").is_file()
    for old in ("/news/", "/news", "/news/index.html"):
        assert visit(server.root, "/", old) == (301, "/info/news/"), old
    assert lands_on(server.root, "/", "/news/") == "info/news/index.html"
    assert netlify_redirects(server.root) == {"/news/": "/info/news/"}
    recorded = manifest(server.root)
    assert recorded["redirects"] == {"/news/": "/info/news/"}
    assert recorded["pages"]["info/news/index.html"]["source"] == "info/news.md"
    assert published(server.root) == tree_digest(project / "dist")

    # A later deploy keeps the redirect, and does not announce it again.
    page = project / "content" / "404.md"
    page.write_text(page.read_text("utf-8") + "\n追記しました。\n", encoding="utf-8")
    out, _ = deploy(project, "--delete")
    assert "転送" not in out
    assert visit(server.root, "/", "/news/") == (301, "/info/news/")
    assert netlify_redirects(server.root) == {"/news/": "/info/news/"}
    assert "追記しました。" in (server.root / "404.html").read_text("utf-8")


def test_a_renamed_page_in_a_subfolder_site_with_aliases(tmp_path: Path, server: Target) -> None:
    """Under the base path /cyber/, to a Japanese file name, beside the editor's aliases."""
    project = copy_project(TESTS / "sites" / "growing", tmp_path / "site")
    server.configure(project)
    deploy(project)
    move(project, "news/2026-11-01-seminar.md", "news/2026-11-01-セミナー.md")
    out, _ = deploy(project, "--delete")
    assert "/cyber/news/2026-11-01-seminar/ → /cyber/news/2026-11-01-セミナー/" in out
    status, where = visit(server.root, "/cyber/", "/cyber/news/2026-11-01-seminar/")
    assert status == 301 and where == "/cyber/news/2026-11-01-%E3%82%BB%E3%83%9F%E3%83%8A%E3%83%BC/"
    assert lands_on(server.root, "/cyber/", where) == "news/2026-11-01-セミナー/index.html"
    assert not (server.root / "news" / "2026-11-01-seminar").exists()
    assert netlify_redirects(server.root)["/cyber/news/2026-11-01-seminar/"] == where
    # The editor's aliases (about.md: /kyokai/) still lead to their page.
    assert visit(server.root, "/cyber/", "/cyber/kyokai/") == (301, "/cyber/about/")
    assert netlify_redirects(server.root)["/cyber/kyokai/"] == "/cyber/about/"


def test_a_page_deleted_with_no_successor_is_a_warning_with_delete(
    project: Path, server: Target
) -> None:
    server.configure(project)
    news = write_page(project, "news.md")
    deploy(project)
    news.unlink()
    _, err = deploy(project)
    assert "W707" not in err  # without --delete the page stays on the server
    assert visit(server.root, "/", "/news/") == (200, "news/index.html")

    _, err = deploy(project, "--delete", "--dry-run")
    assert "W707" in err and "ページ /news/ は" in err and "- /news/" in err
    assert (server.root / "news" / "index.html").is_file()

    # A manifest of an earlier version, without page records: known by its file name.
    older = manifest(server.root)
    del older["pages"], older["redirects"]
    (server.root / MANIFEST).write_text(json.dumps({**older, "version": 1}), encoding="utf-8")
    _, err = deploy(project, "--delete")
    assert "W707" in err and "ページ /news/ は" in err
    assert visit(server.root, "/", "/news/") == (404, "")
    assert "/news/" not in json.dumps(manifest(server.root)["redirects"])


def test_a_page_renamed_and_rewritten_at_once_is_not_guessed(project: Path, server: Target) -> None:
    server.configure(project)
    write_page(project, "news.md")
    deploy(project)
    (project / "content" / "news.md").unlink()
    write_page(project, "info.md", text="# ご案内\n\n内容をすっかり書き直しました。\n")
    out, err = deploy(project, "--delete")
    assert "転送" not in out
    assert "W707" in err and "ページ /news/ は" in err
    assert visit(server.root, "/", "/news/") == (404, "")


def test_redirects_follow_their_page_and_give_way_to_aliases_and_pages(
    project: Path, server: Target
) -> None:
    server.configure(project)
    write_page(project, "news.md")
    deploy(project)
    move(project, "news.md", "info/news.md")
    deploy(project, "--delete")
    # Renamed again: both old addresses lead to it in one step.
    move(project, "info/news.md", "notice.md")
    out, err = deploy(project, "--delete")
    assert "転送を追加しました  /news/ → /notice/" in out and "W707" not in err
    assert manifest(server.root)["redirects"] == {"/info/news/": "/notice/", "/news/": "/notice/"}
    assert visit(server.root, "/", "/news/") == (301, "/notice/")
    assert visit(server.root, "/", "/info/news/") == (301, "/notice/")
    assert lands_on(server.root, "/", "/news/") == "notice/index.html"

    # The editor gives /news/ to the home page with aliases: theirs wins.
    home = project / "content" / "index.md"
    original = home.read_text("utf-8")
    home.write_text(original.replace("---\n", "---\naliases:\n  - /news/\n", 1), encoding="utf-8")
    deploy(project, "--delete")
    assert manifest(server.root)["redirects"] == {"/info/news/": "/notice/"}
    assert visit(server.root, "/", "/news/") == (301, "/")
    assert netlify_redirects(server.root) == {"/news/": "/", "/info/news/": "/notice/"}

    # /news/ becomes a page again: no redirect hides it.
    home.write_text(original, encoding="utf-8")
    write_page(
        project, "news.md", title="新しいお知らせ", text="# 新しいお知らせ\n\n新しい内容です。\n"
    )
    deploy(project, "--delete")
    assert visit(server.root, "/", "/news/") == (200, "news/index.html")
    assert "新しい内容です。" in (server.root / "news" / "index.html").read_text("utf-8")
    assert manifest(server.root)["redirects"] == {"/info/news/": "/notice/"}


def test_a_rollback_redirects_the_address_it_removes(project: Path, server: Target) -> None:
    server.configure(project)
    write_page(project, "news.md")
    deploy(project)
    move(project, "news.md", "info/news.md")
    deploy(project, "--delete")
    assert visit(server.root, "/", "/news/") == (301, "/info/news/")
    out, err = deploy(project, "--rollback")
    assert visit(server.root, "/", "/news/") == (200, "news/index.html")
    assert not (server.root / "info" / "news" / "index.html").exists()
    assert "転送を追加しました  /info/news/ → /news/" in out and "W707" not in err
    assert visit(server.root, "/", "/info/news/") == (301, "/news/")
    assert manifest(server.root)["redirects"] == {"/info/news/": "/news/"}


def test_without_delete_the_old_page_stays_but_redirects_and_a_damaged_manifest_keeps_it(
    project: Path, server: Target
) -> None:
    server.configure(project)
    write_page(project, "news.md")
    deploy(project)
    move(project, "news.md", "info/news.md")
    out, _ = deploy(project)
    assert "転送を追加しました  /news/ → /info/news/" in out
    assert (server.root / "news" / "index.html").is_file()  # removed only with --delete
    assert visit(server.root, "/", "/news/") == (301, "/info/news/")
    deploy(project, "--delete")
    assert not (server.root / "news").exists()
    # The manifest is damaged: rebuilt from the release kept here, redirects included.
    (server.root / MANIFEST).write_text("{ not json", encoding="utf-8")
    _, err = deploy(project, "--delete")
    assert "W703" in err and "W707" not in err
    assert manifest(server.root)["redirects"] == {"/news/": "/info/news/"}
    assert visit(server.root, "/", "/news/") == (301, "/info/news/")
