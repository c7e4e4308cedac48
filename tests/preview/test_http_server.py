"""The preview server's own pieces: paths it refuses, the reload script it injects, a bug."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

from werkzeug.test import Client

from sitegen.preview.reload import inject_reload
from sitegen.preview.site_app import PreviewSite, safe_path


def test_safe_path_refuses_links_that_leave_the_folder(tmp_path: Path) -> None:
    root = tmp_path / "preview"
    root.mkdir()
    (root / "page.html").write_text("ok")
    (tmp_path / "secret.txt").write_text("secret")
    os.symlink(tmp_path / "secret.txt", root / "link.txt")
    os.symlink(tmp_path, root / "up")
    assert safe_path(root, "page.html") == (root / "page.html").resolve()
    assert safe_path(root, "link.txt") is None
    assert safe_path(root, "up/secret.txt") is None
    assert safe_path(root, "/etc/passwd") == root.resolve() / "etc" / "passwd"
    assert safe_path(root, "%2e%2e/secret.txt") is None


def test_reload_script_goes_before_any_closing_body_tag() -> None:
    assert inject_reload(b"<p>x</p></BODY></HTML>", "s", 1).index(b"<script ") == 8
    assert inject_reload(b"<p>x</p>", "s", 1).startswith(b"<p>x</p><script ")


def test_the_preview_widens_the_pages_script_policy_to_its_own_script() -> None:
    page = b'<meta http-equiv="Content-Security-Policy" content="script-src &#39;none&#39;"></body>'
    served = inject_reload(page, "s", 1)
    assert b"script-src 'self'" in served and b"'none'" not in served


def test_a_bug_while_answering_shows_its_message_not_a_traceback(tmp_path: Path) -> None:
    class Broken(SimpleNamespace):
        @property
        def base_path(self) -> str:
            raise RuntimeError("壊れた")

    site = PreviewSite(Broken(project=SimpleNamespace(root=tmp_path), problems=[]))  # type: ignore[arg-type]
    answer = Client(site).get("/", headers={"Host": "127.0.0.1:8000"})
    assert answer.status_code == 500
    assert "E901" in answer.text and "RuntimeError: 壊れた" in answer.text
    assert "Traceback" not in answer.text
