"""Configuration files for the hosts the association may publish to."""

from __future__ import annotations

import re
from urllib.parse import unquote

from sitegen.sitefiles.security import headers

HASHED_ASSET = r"\.[0-9a-f]{10}\.[A-Za-z0-9]+$"
LONG_CACHE = "public, max-age=31536000, immutable"
SHORT_CACHE = "public, max-age=300, must-revalidate"
# Downloads (files/) keep their names when they change: a day, then asked again (ETag).
DOWNLOADS = "files/"
DOWNLOAD_CACHE = "public, max-age=86400, must-revalidate"
DOWNLOAD_FILE = r"\.(pdf|docx?|xlsx?|pptx?|zip|csv)$"


Redirects = list[tuple[str, str]]  # (old address, new address), both with the base path


def htaccess(
    base_path: str, style_sources: list[str], hsts: bool, redirects: Redirects = ()
) -> bytes:
    """.htaccess for Apache and LiteSpeed: 404 page, caching, compression, headers."""
    lines = [
        "# Written by the site's build: edit content/site.yml, not this file.",
        f"ErrorDocument 404 {base_path}404.html",
        "Options -Indexes",
        "AddDefaultCharset utf-8",
        "AddType image/svg+xml .svg",
        # The mime.types of older Apache versions lack these: without them the pictures
        # would be sent with no type or as application/octet-stream.
        "AddType image/webp .webp",
        "AddType image/avif .avif",
        "",
        "<IfModule mod_deflate.c>",
        "  AddOutputFilterByType DEFLATE text/html text/css text/plain text/xml "
        "application/xml image/svg+xml application/ld+json",
        "</IfModule>",
        "",
        "<IfModule mod_headers.c>",
    ]
    for name, value in headers(style_sources, hsts).items():
        lines.append(f'  Header always set {name} "{value}"')
    lines += [
        f'  Header set Cache-Control "{SHORT_CACHE}"',
        # Downloads keep their names (files/): a day, then asked again; hashed names win below.
        f'  <FilesMatch "{DOWNLOAD_FILE}">',
        f'    Header set Cache-Control "{DOWNLOAD_CACHE}"',
        "  </FilesMatch>",
        f'  <FilesMatch "{HASHED_ASSET}">',
        f'    Header set Cache-Control "{LONG_CACHE}"',
        "  </FilesMatch>",
        "</IfModule>",
        "",
    ]
    if redirects:
        # Old addresses of moved pages (`aliases:`), permanently: search engines move on.
        lines += _redirect_block(redirects)
    return "\n".join(lines).encode("utf-8")


def _redirect_block(redirects: Redirects) -> list[str]:
    """An Apache block that sends each old address to its page (301), and a blank line."""
    lines = ["<IfModule mod_alias.c>"]
    # Apache matches the decoded path; the target is sent as it is, encoded.
    lines += [redirect_rule(old, new) for old, new in redirects]
    return [*lines, "</IfModule>", ""]


def redirect_rule(old: str, new: str) -> str:
    """The .htaccess line that sends the old address to the new one, permanently."""
    return f'  RedirectMatch 301 "{old_address_pattern(unquote(old))}" "{new}"'


def old_address_pattern(old: str) -> str:
    """An anchored pattern for an old address: a folder's also without its slash, or as
    index.html."""
    if old.endswith("/"):
        return f"^{re.escape(old.rstrip('/'))}(/|/index\\.html)?$"
    return f"^{re.escape(old)}$"


REDIRECTS_FILE = "_redirects"  # where netlify_redirects go, at the top of the output


def netlify_redirects(redirects: Redirects) -> bytes:
    """_redirects for Netlify and Cloudflare Pages: each old address, 301 to its page."""
    lines = ["# Written by the site's build from the pages' aliases: do not edit."]
    lines += [f"{old} {new} 301" for old, new in redirects]
    return ("\n".join(lines) + "\n").encode("utf-8")


# The deploy's own redirects (pages renamed since an earlier deploy) follow this line, at the
# end of .htaccess and of _redirects; what is above it is the build's.
MOVED_MARK = "# Pages renamed since an earlier deploy (kept in the server's deploy manifest):"


def with_moved_pages(data: bytes, redirects: Redirects, netlify: bool) -> bytes:
    """.htaccess (or, netlify, _redirects) with its deploy's redirects replaced by these."""
    mark = MOVED_MARK.encode("utf-8")
    start = data.find(mark)
    kept = data if start < 0 else data[:start]
    if not redirects:
        return kept
    if netlify:
        lines = [f"{old} {new} 301" for old, new in redirects]
    else:
        lines = _redirect_block(redirects)
    text = "\n".join([MOVED_MARK, *lines])
    separator = b"" if not kept or kept.endswith(b"\n") else b"\n"
    return kept + separator + text.encode("utf-8") + (b"\n" if netlify else b"")


def netlify_headers(base_path: str, style_sources: list[str], hsts: bool) -> bytes:
    """_headers for Netlify and Cloudflare Pages: the same headers and caching rules."""
    lines = [f"{base_path}*"]
    lines += [f"  {name}: {value}" for name, value in headers(style_sources, hsts).items()]
    # Pages keep these hosts' own short caching; a second Cache-Control on "/*" would be
    # joined to the assets' one, so only hashed assets get theirs.
    lines += ["", f"{base_path}assets/*", f"  Cache-Control: {LONG_CACHE}"]
    lines += ["", f"{base_path}{DOWNLOADS}*", f"  Cache-Control: {DOWNLOAD_CACHE}", ""]
    return "\n".join(lines).encode("utf-8")
