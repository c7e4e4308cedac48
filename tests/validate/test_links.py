"""Links and anchors: every internal link must lead somewhere, outside ones when asked."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest

from sitegen.validate.links import scan

from conftest import run_build, soup


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_working_internal_links_and_anchors_pass(project: Path) -> None:
    (project / "content" / "about.md").write_text(
        "---\ntitle: 概要\n---\n\n# 概要\n\n## 沿革\n\n[トップ](../) [沿革](#沿革) [支出](/#incident)\n"
        "[相対](../about/) [画像](/assets/favicon.svg)\n",
        encoding="utf-8",
    )
    result = run_build(project)
    assert result.code == 0, result.err
    page = soup(project / "dist" / "about" / "index.html")
    icon = page.find("a", string="画像")["href"]
    assert icon.startswith("/assets/favicon.") and (project / "dist" / icon.lstrip("/")).is_file()


def test_scan_reads_quoted_and_unquoted_attributes() -> None:
    found = scan("""<a href="/a/?x=1&amp;y=2"><img src='b.png'><p id=top><a HREF=c>""")
    assert found.links == ["/a/?x=1&y=2", "b.png", "c"]
    assert found.ids == {"top"}


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:
        self.send_response(200 if self.path == "/ok" else 404)
        self.end_headers()

    do_GET = do_HEAD  # noqa: N815 (the standard library names its handlers so)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def outside() -> str:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://localhost:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_outside_links_are_opened_only_when_asked(project: Path, outside: str) -> None:
    _append(project / "content" / "index.md", f"\n[良い]({outside}/ok) [悪い]({outside}/gone)\n")
    # The contact's own web address is outside too; this machine cannot reach it.
    contacts = project / "content/sections/contacts/1-association.md"
    contacts.write_text(
        contacts.read_text(encoding="utf-8").replace("https://biyouiryou.jp", f"{outside}/ok")
    )
    assert run_build(project, "check").code == 0
    result = run_build(project, "check", "--external")
    assert result.code == 1
    assert f"{outside}/gone" in result.out and "E604" in result.out and "HTTP 404" in result.out
    # (The address that answers is named only by the note about http://, never as E604.)
    assert f"E604 エラー: 外部へのリンク「{outside}/ok」" not in result.out
