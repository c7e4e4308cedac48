"""What a visitor gets at an address of a published folder, as Apache would serve it.

Apache's mod_alias tries each `RedirectMatch` of `.htaccess` in order against the decoded
path and answers the first that matches with its target; otherwise the file is served (a
folder's address by its index.html). The patterns are applied here with Python's `re`,
which reads the escaped patterns the build writes as PCRE does. Netlify's `_redirects`
is read line by line.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

_RULE = re.compile(r'^\s*RedirectMatch 301 "([^"]+)" "([^"]+)"\s*$', re.MULTILINE)


def apache_rules(root: Path) -> list[tuple[str, str]]:
    """The (pattern, target) of every RedirectMatch in root's .htaccess, in order."""
    header = root / ".htaccess"
    return _RULE.findall(header.read_text("utf-8")) if header.is_file() else []


def visit(root: Path, base: str, address: str) -> tuple[int, str]:
    """(301, target), (200, the file served, below root) or (404, "") for address."""
    path = unquote(address)
    for pattern, target in apache_rules(root):
        if re.search(pattern, path):
            return 301, target
    assert path.startswith(base), path
    relative = path[len(base) :]
    if relative == "" or relative.endswith("/"):
        relative += "index.html"
    elif (root / relative).is_dir():
        return 301, address + "/"  # mod_dir adds the slash
    return (200, relative) if (root / relative).is_file() else (404, "")


def lands_on(root: Path, base: str, address: str) -> str | None:
    """The file a visitor ends on, following redirects; None for a 404 or a loop."""
    for _ in range(10):
        status, where = visit(root, base, address)
        if status != 301:
            return where or None
        address = where
    return None


def netlify_redirects(root: Path) -> dict[str, str]:
    """Each old address of root's _redirects, with where it is sent (301 only)."""
    found = {}
    redirects = root / "_redirects"
    lines = redirects.read_text("utf-8").splitlines() if redirects.is_file() else []
    for line in lines:
        parts = line.split()
        if parts and not line.startswith("#"):
            old, new, status = parts
            assert status == "301", line
            found[old] = new
    return found
