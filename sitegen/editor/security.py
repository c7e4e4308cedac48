"""Who may use the editor: the Host check, the entry token, the session and the CSRF token.

- Every request whose Host is not this machine's name is refused (DNS rebinding).
- The terminal prints a link with a random token; opening it sets a session cookie (HttpOnly,
  SameSite=Strict, named for this server alone since cookies ignore ports) and the token
  leaves the address bar. Without the cookie, every page but the entry is refused.
- Every change is a POST whose form carries the session's CSRF token and whose Origin (or
  Sec-Fetch-Site) says it came from the editor's own pages.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field

from sitegen.core.hosts import host_allowed

ENTRY_PATH = "/__edit/enter"
CSRF_FIELD = "csrf"
SAFE_METHODS = frozenset({"GET", "HEAD"})


@dataclass
class Keys:
    """The secrets of one running editor: they die with it."""

    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    secret: str = field(default_factory=lambda: secrets.token_hex(32))
    cookie: str = field(default_factory=lambda: "sitegen_edit_" + secrets.token_hex(6))

    def token_matches(self, offered: str | None) -> bool:
        return offered is not None and hmac.compare_digest(offered.encode(), self.token.encode())


def new_csrf() -> str:
    return secrets.token_urlsafe(32)


def csrf_matches(session_token: str | None, offered: str | None) -> bool:
    if not session_token or not offered:
        return False
    return hmac.compare_digest(session_token.encode(), offered.encode())


def host_refused(host: str | None) -> bool:
    return host is None or not host_allowed(host)


def same_origin(origin: str | None, fetch_site: str | None, host: str) -> bool:
    """Whether a POST came from our own pages: Origin, when sent, must be ours; so must
    Sec-Fetch-Site. A client that sends neither (not a browser) has no cookie to abuse."""
    if fetch_site is not None and fetch_site != "same-origin":
        return False
    if origin is None:
        return True
    return origin in (f"http://{host}", f"https://{host}")
