"""Which Host headers a server on this machine answers: DNS rebinding arrives with a name.

A page of another site can make the browser resolve its own domain name to 127.0.0.1 and
then read our answers as its own origin; the request still carries that domain in its Host
header. Vite's rule: answer `localhost`, any `*.localhost` name and IP literals, refuse
every other name.
"""

from __future__ import annotations

import ipaddress

_LOCAL_NAME = "localhost"


def host_allowed(host: str) -> bool:
    """Whether a request's Host header (with or without its port) names this machine."""
    name = _without_port(host.strip()).rstrip(".").lower()
    if not name:
        return False
    if name == _LOCAL_NAME or name.endswith("." + _LOCAL_NAME):
        return all(_label_ok(label) for label in name.split("."))
    if name.startswith("[") and name.endswith("]"):
        return _is_ip(name[1:-1], version=6)
    return _is_ip(name, version=4)


def _without_port(host: str) -> str:
    """host without `:port`; "" when what follows the name is not a port."""
    if host.startswith("["):  # [::1] or [::1]:8000
        end = host.find("]")
        rest = host[end + 1 :] if end > 0 else "?"
        return host[: end + 1] if rest == "" or (rest[:1] == ":" and rest[1:].isdigit()) else ""
    name, colon, port = host.rpartition(":")
    if not colon:
        return host
    return name if port.isdigit() and ":" not in name else ""


def _label_ok(label: str) -> bool:
    return bool(label) and all(char.isalnum() or char == "-" for char in label) and label.isascii()


def _is_ip(text: str, version: int) -> bool:
    # ipaddress accepts only dotted-decimal for IPv4 (no `0x7f.1`, no `2130706433`).
    try:
        return ipaddress.ip_address(text).version == version
    except ValueError:
        return False
