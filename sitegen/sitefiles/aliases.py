"""Old addresses of moved pages (`aliases:` in a page's front matter) as permanent redirects."""

from __future__ import annotations

from urllib.parse import quote, unquote, urlsplit

from sitegen.core.problems import Problem
from sitegen.sitefiles.hosting import Redirects
from sitegen.source.site import Site
from sitegen.source.yaml_loader import Sequence


def alias_redirects(site: Site) -> tuple[Redirects, list[Problem]]:
    """(old address, page address) for every alias of a built page, and the problems."""
    redirects: Redirects = []
    problems: list[Problem] = []
    taken = {page.url: page for page in site.pages}
    seen: dict[str, str] = {}
    for page in site.pages:
        aliases = page.meta.get("aliases")
        if not isinstance(aliases, Sequence):
            continue
        for index, alias in enumerate(aliases):
            mark = aliases.mark_of(index)
            old = _address(str(alias), site.base_path)
            if old is None:
                problems.append(Problem.of("E608", page.source, *mark, alias=alias))
            elif old in taken or old in seen:
                other = taken[old].url if old in taken else seen[old]
                problems.append(Problem.of("E609", page.source, *mark, alias=alias, url=other))
            else:
                seen[old] = page.url
                redirects.append((old, page.url))
    return redirects, problems


def _address(alias: str, base_path: str) -> str | None:
    """The old address under the base path, percent-encoded; None if not a site address."""
    parts = urlsplit(alias)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or " " in alias:
        return None
    path = quote(unquote(parts.path))
    return path if path.startswith(base_path) else base_path + path.lstrip("/")
