"""Live reload: the script the preview adds to each page it serves, and where it asks."""

from __future__ import annotations

import re

RELOAD_PATH = "/__sitegen/reload"
SCRIPT_PATH = "/__sitegen/reload.js"
# How long a browser's reload request is held open before it asks again.
LONG_POLL_SECONDS = 25.0

# Polls the server; reloads when a newer build (or a restarted server) is there. Linked from
# pages as they are served, so the built files (and dist/) never contain it.
RELOAD_SCRIPT = """(() => {
  const me = document.currentScript;
  const server = me.dataset.server;
  let epoch = Number(me.dataset.epoch);
  const poll = () => fetch("RELOAD_PATH?since=" + epoch, {cache: "no-store"})
    .then(r => r.json())
    .then(d => { if (d.server !== server || d.epoch !== epoch) location.reload(); else poll(); })
    .catch(() => setTimeout(poll, 1000));
  poll();
})();
""".replace("RELOAD_PATH", RELOAD_PATH)
_SCRIPT_TAG = '<script src="%(src)s" data-server="%(server)s" data-epoch="%(epoch)d"></script>\n'
# The site's pages forbid every script; the preview allows its own one, from its own origin.
_NO_SCRIPTS = ("script-src &#39;none&#39;", "script-src 'none'")
_OWN_SCRIPTS = "script-src 'self'"
_EPOCH = re.compile(r"-?[0-9]{1,18}")


def inject_reload(page: bytes, server: str, epoch: int) -> bytes:
    """page with the reload script before its closing body tag (any case), or at its end.

    A Content-Security-Policy in the page that forbids scripts is widened to the preview's
    own origin, for this response only.
    """
    script = (_SCRIPT_TAG % {"src": SCRIPT_PATH, "server": server, "epoch": epoch}).encode()
    for forbidding in _NO_SCRIPTS:
        page = page.replace(forbidding.encode(), _OWN_SCRIPTS.encode(), 1)
    return before_body_end(page, script)


def before_body_end(page: bytes, addition: bytes) -> bytes:
    """page with addition before its last closing body tag (any case), or at its end."""
    at = page.lower().rfind(b"</body>")
    if at < 0:
        return page + addition
    return page[:at] + addition + page[at:]


def parse_since(value: str | None) -> int:
    """The epoch a reload request says its page shows; -1 (any build is news) if unreadable."""
    return int(value) if value and _EPOCH.fullmatch(value) else -1
