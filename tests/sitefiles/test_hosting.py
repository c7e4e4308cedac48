"""What hosts get: the Content-Security-Policy and the .htaccess and _headers files."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import run_build


def _csp(home: BeautifulSoup) -> str:
    return home.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]


def test_policy_allows_the_inline_style_by_its_hash_and_no_script(home: BeautifulSoup) -> None:
    policy = _csp(home)
    css = home.find("style").string
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode()
    assert f"'sha256-{digest}'" in policy
    assert "script-src 'none'" in policy and "unsafe-inline" not in policy
    assert "default-src 'none'" in policy


REQUIRED_HEADERS = [
    "Content-Security-Policy",
    "X-Content-Type-Options: nosniff",
    "Referrer-Policy",
    "Permissions-Policy",
]


def test_htaccess_for_apache_and_litespeed(shipped: Path, home: BeautifulSoup) -> None:
    text = (shipped / ".htaccess").read_text(encoding="utf-8")
    assert "ErrorDocument 404 /404.html" in text
    assert "mod_deflate" in text and "DEFLATE text/html" in text
    assert 'Header set Cache-Control "public, max-age=31536000, immutable"' in text
    assert "max-age=300" in text
    for name in (
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Permissions-Policy",
    ):
        assert f"Header always set {name}" in text
    assert "Strict-Transport-Security" not in text
    assert "unsafe-inline" not in text
    assert "frame-ancestors 'none'" in text
    style_hash = re.search(r"'sha256-[^']+'", _csp(home))[0]
    assert style_hash in text


def test_headers_file_for_netlify_and_cloudflare(shipped: Path) -> None:
    text = (shipped / "_headers").read_text(encoding="utf-8")
    blocks = dict(re.findall(r"^(/\S*)\n((?:  .+\n)+)", text, flags=re.M))
    assert set(blocks) == {"/*", "/assets/*", "/files/*"}
    for header in REQUIRED_HEADERS:
        assert header in blocks["/*"]
    assert "Cache-Control: public, max-age=31536000, immutable" in blocks["/assets/*"]
    # Downloads keep their names: cached for a day, then asked again.
    assert "Cache-Control: public, max-age=86400, must-revalidate" in blocks["/files/*"]


def test_hsts_only_when_the_setting_turns_it_on(project: Path) -> None:

    settings = project / "content" / "site.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("hsts: false", "hsts: true"))
    assert run_build(project).code == 0
    for name in (".htaccess", "_headers"):
        assert "Strict-Transport-Security" in (project / "dist" / name).read_text(encoding="utf-8")
