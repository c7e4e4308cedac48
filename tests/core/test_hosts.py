"""The Host rule of every server on this machine (DNS rebinding arrives with a domain name)."""

from __future__ import annotations

import pytest

from sitegen.core.hosts import host_allowed


@pytest.mark.parametrize(
    "host",
    [
        "localhost",
        "localhost:8000",
        "LOCALHOST",
        "localhost.",
        "edit.localhost:8001",
        "127.0.0.1",
        "127.0.0.1:8000",
        "192.168.1.20:8000",
        "[::1]",
        "[::1]:8000",
    ],
)
def test_this_machine_is_answered(host: str) -> None:
    assert host_allowed(host)


@pytest.mark.parametrize(
    "host",
    [
        "",
        "evil.example",
        "evil.example:8000",
        "localhost.evil.example",
        "127.0.0.1.nip.io",
        "0x7f.1",
        "2130706433",
        "::1",
        "[::1]x",
        "localhost:port",
        "bad_name.localhost",
        "127.0.0.1:80:80",
        "ｌｏｃａｌｈｏｓｔ",
    ],
)
def test_names_and_odd_forms_are_refused(host: str) -> None:
    assert not host_allowed(host)
