"""The bridging .htaccess that lets pages with the old and the new stylesheet both load."""

from __future__ import annotations

from sitegen.deploy.csp_bridge import bridge


def test_bridge_allows_old_and_new_style_hashes() -> None:
    old = b"Header always set Content-Security-Policy \"style-src 'self' 'sha256-OLD='\"\n"
    new = b"Header always set Content-Security-Policy \"style-src 'self' 'sha256-NEW='\"\n"
    bridged = bridge(old, new)
    assert bridged is not None
    assert b"'sha256-NEW=' 'sha256-OLD='" in bridged
    assert bridge(new, new) is None
