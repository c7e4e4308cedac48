"""What a deploy sends and removes, and in what order: the plan and the server's manifest."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from sitegen.deploy.plan import Manifest, local_files, make_plan

LOCAL = {
    "index.html": "h1",
    "about/index.html": "h2",
    "assets/css/site.0123456789.css": "c1",
    "assets/share.0123456789.png": "p1",
    ".htaccess": "x1",
    "sitemap.xml": "s1",
    "robots.txt": "r1",
}


def test_first_deploy_sends_everything_in_its_phases() -> None:
    plan = make_plan(LOCAL, {}, delete=False)
    referred, pages, changed_pages, announcing = plan.phases
    assert changed_pages == []  # on a first deploy every page is new to the server
    assert referred == [
        ".htaccess",
        "assets/css/site.0123456789.css",
        "assets/share.0123456789.png",
    ]
    assert pages == ["about/index.html", "index.html"]
    assert announcing == ["robots.txt", "sitemap.xml"]
    assert plan.uploads == referred + pages + announcing
    assert plan.delete == [] and plan.unchanged == []


def test_only_files_whose_hash_differs_travel() -> None:
    remote = {**LOCAL, "index.html": "old", "robots.txt": "old"}
    plan = make_plan(LOCAL, remote, delete=False)
    assert plan.uploads == ["index.html", "robots.txt"]
    assert plan.unchanged == sorted(set(LOCAL) - {"index.html", "robots.txt"})


def test_stale_files_are_removed_only_on_request_and_only_ours() -> None:
    remote = {**LOCAL, "news/index.html": "n1", "assets/css/site.9999999999.css": "c0"}
    assert make_plan(LOCAL, remote, delete=False).delete == []
    plan = make_plan(LOCAL, remote, delete=True)
    # The manifest lists what we put there; the host's own files are not in it, so never here.
    assert plan.delete == ["assets/css/site.9999999999.css", "news/index.html"]
    assert plan.uploads == []


def test_manifest_round_trip_is_sorted_utf8_json() -> None:
    manifest = Manifest({"z.html": "2" * 64, "お知らせ/index.html": "1" * 64})
    raw = manifest.to_bytes()
    assert raw.decode("utf-8").index("z.html") < raw.decode("utf-8").index("お知らせ")
    assert "お知らせ" in raw.decode("utf-8")  # readable on the server, not \\u-escaped
    assert Manifest.from_bytes(raw) == manifest


def test_an_unreadable_manifest_counts_as_empty() -> None:
    for raw in (None, b"", b"not json", b"[1, 2]", b'{"files": [1]}', b"\xff\xfe"):
        assert Manifest.from_bytes(raw).files == {}, raw


def test_local_files_are_relative_with_slashes_and_hashed(tmp_path: Path) -> None:
    (tmp_path / "assets" / "css").mkdir(parents=True)
    (tmp_path / "assets" / "css" / "site.css").write_bytes(b"p{}")
    (tmp_path / "index.html").write_bytes(b"<p>")
    assert local_files(tmp_path) == {
        "assets/css/site.css": hashlib.sha256(b"p{}").hexdigest(),
        "index.html": hashlib.sha256(b"<p>").hexdigest(),
    }


def good_manifest() -> dict:
    return {
        "generator": "sitegen",
        "version": 2,
        "files": {"index.html": "a" * 64, "news/index.html": ""},
        "seen": {"index.html": [10, 1_795_000_000, 60], "news/index.html": [5, None, 1]},
        "pages": {"index.html": {"url": "/", "source": "index.md", "text": "b" * 64}},
        "redirects": {"/old/": "/news/"},
    }


WRONG_VALUES = {
    "a time written as a string": lambda m: m["seen"]["index.html"].__setitem__(1, "12:00"),
    "a resolution of zero": lambda m: m["seen"]["index.html"].__setitem__(2, 0),
    "a size that is true": lambda m: m["seen"]["index.html"].__setitem__(0, True),
    "a short seen entry": lambda m: m["seen"].__setitem__("index.html", [10, 0]),
    "a hash that is a number": lambda m: m["files"].__setitem__("index.html", 12),
    "a path climbing out": lambda m: m["files"].__setitem__("../outside.html", "0" * 64),
    "an absolute path": lambda m: m["files"].__setitem__("/etc/passwd", "0" * 64),
    "a page record that is a list": lambda m: m["pages"].__setitem__("index.html", ["/"]),
    "a page address that is a number": lambda m: m["pages"]["index.html"].__setitem__("url", 1),
    "a redirect breaking its line": lambda m: m["redirects"].__setitem__("/a/", '/b/" x'),
    "redirects as a list": lambda m: m.__setitem__("redirects", ["/a/"]),
    "files as a list": lambda m: m.__setitem__("files", []),
    "a field of another tool": lambda m: m.__setitem__("extra", 1),
    "a version to come": lambda m: m.__setitem__("version", 3),
}


def test_a_good_manifest_is_read_whole() -> None:
    manifest = Manifest.from_bytes(json.dumps(good_manifest()).encode())
    assert not manifest.damaged
    assert manifest.to_bytes() == Manifest.from_bytes(manifest.to_bytes()).to_bytes()
    assert manifest.redirects == {"/old/": "/news/"}


@pytest.mark.parametrize("change", WRONG_VALUES.values(), ids=WRONG_VALUES.keys())
def test_every_field_of_the_manifest_is_checked(change: object) -> None:
    data = good_manifest()
    change(data)  # type: ignore[operator]
    manifest = Manifest.from_bytes(json.dumps(data).encode())
    assert manifest.damaged and manifest.files == {}
    assert "項目" in manifest.damage


def test_a_listing_coarser_than_the_time_recorded_on_sending_cannot_tell() -> None:
    from sitegen.deploy.transport import RemoteStat

    sent = 1_795_000_010  # to the second, as the server said after sending
    minute = sent - sent % 60
    recorded = RemoteStat(10, sent, 1)
    assert recorded.same_time(RemoteStat(10, minute, 60)) is None  # vsftpd: ask MDTM
    assert recorded.same_time(RemoteStat(10, minute + 9 * 3600, 60)) is None  # a time zone?
    assert recorded.same_time(RemoteStat(10, sent, 1)) is True  # MLSD, SFTP
    assert recorded.same_time(RemoteStat(10, sent + 1, 1)) is False
    settled = RemoteStat(10, minute, 60)  # recorded from a listing once the minute was past
    assert settled.same_time(RemoteStat(10, minute, 60)) is True
    assert settled.same_time(RemoteStat(10, minute - minute % 86400, 86400)) is True
    assert RemoteStat(10).same_time(RemoteStat(10)) is True  # no times at all: sizes only
    assert RemoteStat(10).same_time(RemoteStat(10, sent, 1)) is None
