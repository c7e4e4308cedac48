"""The releases kept on this computer for --rollback: a stack in the order they went live."""

from __future__ import annotations

import json
from pathlib import Path

from sitegen.deploy.releases import STATE, Releases


def _site(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(text, encoding="utf-8")
    return folder


def test_push_keeps_the_newest_and_knows_the_live_and_the_previous(tmp_path: Path) -> None:
    releases = Releases(tmp_path / "releases")
    assert releases.history() == [] and releases.current() is None and releases.previous() is None
    names = [releases.push(_site(tmp_path / f"site{n}", f"版{n}"), keep=3) for n in range(4)]
    assert len(set(names)) == 4
    assert releases.history() == names[1:]
    assert releases.current() == names[3] and releases.previous() == names[2]
    assert (releases.path(names[3]) / "index.html").read_text(encoding="utf-8") == "版3"
    assert not releases.path(names[0]).exists()  # dropped beyond keep
    assert sorted(p.name for p in releases.folder.iterdir()) == sorted([*names[1:], STATE])


def test_pop_forgets_the_live_release(tmp_path: Path) -> None:
    releases = Releases(tmp_path / "releases")
    first = releases.push(_site(tmp_path / "a", "一"), keep=5)
    second = releases.push(_site(tmp_path / "b", "二"), keep=5)
    releases.pop()
    assert releases.history() == [first] and not releases.path(second).exists()
    releases.pop()
    assert releases.history() == [] and releases.current() is None
    releases.pop()  # nothing left: nothing happens
    assert releases.history() == []


def test_a_damaged_state_or_a_missing_copy_is_not_a_release(tmp_path: Path) -> None:
    releases = Releases(tmp_path / "releases")
    kept = releases.push(_site(tmp_path / "a", "一"), keep=5)
    state = releases.folder / STATE
    state.write_text(json.dumps({"history": ["gone", 3, kept]}), encoding="utf-8")
    assert releases.history() == [kept]
    for damaged in ("not json", "[1, 2]", ""):
        state.write_text(damaged, encoding="utf-8")
        assert releases.history() == []
    state.unlink()
    assert releases.history() == []
