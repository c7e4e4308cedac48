"""The security headers every host should send, and the policy pages carry themselves."""

from __future__ import annotations

import base64
import hashlib


def style_hash(css: str) -> str:
    """The CSP source that allows exactly this inline style element's text."""
    digest = hashlib.sha256(css.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def content_security_policy(style_sources: list[str], for_meta: bool = False) -> str:
    """No scripts, nothing from other origins; inline styles only by their hashes."""
    directives = [
        "default-src 'none'",
        "script-src 'none'",
        f"style-src 'self' {' '.join(style_sources)}".strip(),
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
    if not for_meta:
        # Browsers ignore these in a meta element.
        directives += ["frame-ancestors 'none'", "upgrade-insecure-requests"]
    return "; ".join(directives)


def headers(style_sources: list[str], hsts: bool) -> dict[str, str]:
    """Every response header the site asks its host for, by name."""
    values = {
        "Content-Security-Policy": content_security_policy(style_sources),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": (
            "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
        ),
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if hsts:
        values["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return values
