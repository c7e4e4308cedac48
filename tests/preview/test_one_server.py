"""One preview for `serve` and `edit` (issue 28): the same application answers a page the same
way in both; `serve` has nothing of the editor and changes nothing; both refuse another
site's name in Host. On the growing test site: a subfolder base path, pages in folders,
news and a draft."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitegen.core.messages import editor_text, text

from conftest import TESTS, copy_project
from preview_server import EditServer, ServeProcess

# Added as each page is served: the reload script (its server and epoch differ) and the
# editor's box of links (edit alone).
_RELOAD = re.compile(rb'<script src="/__sitegen/reload\.js"[^>]*></script>\n')
_EDITOR_BOX = re.compile(
    rb'<link rel="stylesheet" href="/__edit/static/preview\.css">.*?</nav>\n', re.DOTALL
)
_FORM = {"Content-Type": "application/x-www-form-urlencoded"}
ADDRESSES = [
    "/",
    "/cyber",
    "/cyber/",
    "/cyber/index.html",
    "/cyber/about/",
    "/cyber/about",
    "/cyber/guide/faq/",
    "/cyber/news/",
    "/cyber/news/2026-12-draft/",
    "/cyber/news/feed.xml",
    "/cyber/sitemap.xml",
    "/cyber/no-such-page/",
    "/elsewhere/",
    "/cyber/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/__sitegen/reload.js",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(TESTS / "sites" / "growing", tmp_path_factory.mktemp("one") / "site")


@pytest.fixture(scope="module")
def serve(site: Path) -> Iterator[ServeProcess]:
    process = ServeProcess(site)
    process.wait_for("http://127.0.0.1:")
    yield process
    assert process.stop() == 0


@pytest.fixture(scope="module")
def edit(site: Path) -> Iterator[EditServer]:
    process = EditServer(site)
    yield process
    assert process.stop() == 0


def _assets(page: bytes) -> list[str]:
    """The stylesheet and images a page links to, by their addresses."""
    return sorted(set(re.findall(r'(?:href|src)="(/cyber/assets/[^"?#]+)"', page.decode())))


def test_serve_and_edit_answer_each_address_the_same_way(
    serve: ServeProcess, edit: EditServer
) -> None:
    home = serve.fetch("/cyber/")[2]
    assets = _assets(home)
    assert {a.rsplit(".", 1)[1] for a in assets} >= {"png", "svg"}  # the icons
    addresses = ADDRESSES + assets
    for address in addresses:
        served, edited = serve.fetch(address), edit.fetch(address)
        assert served[0] == edited[0], address
        for header in ("content-type", "cache-control", "location", "content-length"):
            if header != "content-length" or not served[1]["content-type"].startswith("text/html"):
                assert served[1].get(header) == edited[1].get(header), (address, header)
        assert served[1]["cache-control"] == "no-store"
        assert b"sitegen-edit-this" not in served[2], address
        assert _RELOAD.sub(b"", served[2]) == _EDITOR_BOX.sub(b"", _RELOAD.sub(b"", edited[2]))
    assert serve.fetch("/cyber/about")[1]["location"] == "/cyber/about/"
    assert serve.fetch("/")[1]["location"] == "/cyber/"
    status, _, draft = serve.fetch("/cyber/news/2026-12-draft/")
    assert status == 200 and "年末年始の休業" in draft.decode()
    assert serve.fetch("/cyber/%2e%2e/%2e%2e/%2e%2e/etc/passwd")[0] == 404


def test_the_editor_adds_its_links_to_found_pages_only(edit: EditServer) -> None:
    for address, has_box in [("/cyber/about/", True), ("/cyber/no-such/", False)]:
        page = BeautifulSoup(edit.fetch(address)[2].decode(), "html5lib")
        assert (page.select_one("nav.sitegen-edit-this") is not None) == has_box, address
    page = BeautifulSoup(edit.fetch("/cyber/about/")[2].decode(), "html5lib")
    links = [a.get_text() for a in page.select("nav.sitegen-edit-this a")]
    # A page of its own shows the contacts of the footer: its one section.
    assert links == [editor_text("edit_this_page"), editor_text("edit_section", title="contacts")]


@pytest.mark.parametrize(
    ("method", "address"),
    [
        ("GET", "/__edit/"),
        ("GET", "/__edit/enter?token=x"),
        ("GET", "/__edit/alive"),
        ("GET", "/__edit/static/preview.css"),
        ("GET", "/__edit/file?path=content/about.md"),
        ("POST", "/__edit/file"),
        ("POST", "/cyber/"),
        ("PUT", "/cyber/about/"),
        ("DELETE", "/cyber/about/"),
    ],
)
def test_serve_has_no_editor_and_changes_nothing(
    serve: ServeProcess, site: Path, method: str, address: str
) -> None:
    before = sorted((p, p.read_bytes()) for p in (site / "content").rglob("*") if p.is_file())
    posted = {"headers": _FORM, "body": "path=content/about.md&title=x"} if method != "GET" else {}
    status, headers, page = serve.fetch(address, method, **posted)
    assert "set-cookie" not in headers
    assert b"<form" not in page and b"csrf" not in page
    if method == "GET":
        assert status == 404, address
    else:
        assert status == 405 and headers["allow"] == "GET, HEAD"
        assert text("preview_read_only_title") in page.decode()
    after = sorted((p, p.read_bytes()) for p in (site / "content").rglob("*") if p.is_file())
    assert after == before


@pytest.mark.parametrize("address", ["/cyber/", "/__sitegen/reload?since=-1", "/__edit/"])
def test_both_refuse_another_sites_name(
    serve: ServeProcess, edit: EditServer, address: str
) -> None:
    for process, status, title in [
        (serve, 403, text("preview_host_title")),
        (edit, 421, editor_text("host_title")),
    ]:
        host = f"rebind.example:{process.port}"
        answer, headers, page = process.fetch(address, headers={"Host": host})
        assert answer == status, (process.command, address)
        assert title in page.decode() and "1契約で包括的に補償" not in page.decode()
        assert b"__sitegen" not in page and "set-cookie" not in headers
