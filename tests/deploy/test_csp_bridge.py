"""The bridging .htaccess that lets pages with the old and the new stylesheet both load."""

from __future__ import annotations

from sitegen.deploy.csp_bridge import bridge, interim, redirect_rules


def test_bridge_allows_old_and_new_style_hashes() -> None:
    old = b"Header always set Content-Security-Policy \"style-src 'self' 'sha256-OLD='\"\n"
    new = b"Header always set Content-Security-Policy \"style-src 'self' 'sha256-NEW='\"\n"
    bridged = bridge(old, new)
    assert bridged is not None
    assert b"'sha256-NEW=' 'sha256-OLD='" in bridged
    assert bridge(new, new) is None


def test_the_interim_file_keeps_the_old_redirects_until_the_pages_are_there() -> None:
    csp = b"Header always set Content-Security-Policy \"style-src 'self' 'sha256-%s='\"\n"
    kept = b'<IfModule mod_alias.c>\n  RedirectMatch 301 "^/a$" "/b/"\n</IfModule>\n'
    added = b'<IfModule mod_alias.c>\n  RedirectMatch 301 "^/news$" "/info/news/"\n</IfModule>\n'
    old = csp % b"OLD" + kept
    new = csp % b"NEW" + kept + added
    first = interim(old, new)
    assert b"'sha256-NEW=' 'sha256-OLD='" in first
    assert redirect_rules(first) == redirect_rules(old) == [b'RedirectMatch 301 "^/a$" "/b/"']
    # Nothing to bridge and the same redirects: the final file can go first.
    same = csp % b"NEW" + kept
    assert interim(same, same) is same
    # A redirect dropped (its address is a page again) stays until the page is there.
    before = csp % b"NEW" + kept + added
    assert redirect_rules(interim(before, same)) == redirect_rules(before)
