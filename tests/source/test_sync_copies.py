"""Conflict copies by each sync tool's and file manager's own names (issue 30)."""

from __future__ import annotations

import pytest

from sitegen.source.sync_copies import original_name

CERTAIN = {
    "about (山田 の競合コピー 2026-12-01).md": ("about.md", "Dropbox"),
    "about (Yamada's conflicted copy 2026-12-01).md": ("about.md", "Dropbox"),
    "about (Yamada's conflicted copy 2026-12-01 (1)).md": ("about.md", "Dropbox"),
    "about (Case Conflict).md": ("about.md", "Dropbox"),
    "chart (conflicted copy 2026-12-01 123456).yml": ("chart.yml", "Dropbox"),
    "about.sync-conflict-20261201-123456-ABCDEFG.md": ("about.md", "Syncthing"),
    "about - コピー.md": ("about.md", "Windows"),
    "about - コピー (2).md": ("about.md", "Windows"),
    "about - Copy.md": ("about.md", "Windows"),
    "office のコピー.jpg": ("office.jpg", "macOS"),
    "about copy 2.md": ("about.md", "macOS"),
}
AMBIGUOUS = {
    "about (1).md": ("about.md", "Google Drive"),
    "photo (2).jpg": ("photo.jpg", "Google Drive"),
    "index-DESKTOP-7K2P9QX.md": ("index.md", "OneDrive"),
    "chart-PC01.yml": ("chart.yml", "OneDrive"),
    "about 2.md": ("about.md", "iCloud"),
}
# Names an editor chooses, beside a file they could be taken for a copy of.
NOT_COPIES = {
    "about-us.md": "about.md",
    "news-2026.md": "news.md",
    "2026-annual.md": "2026.md",
    "資料のコピー.md": "資料.md",
    "guide.md": "guide.md",
}


@pytest.mark.parametrize("name", sorted(CERTAIN))
def test_each_tools_copy_is_known_with_or_without_its_original(name: str) -> None:
    assert original_name(name, set()) == CERTAIN[name]
    assert original_name(name, {CERTAIN[name][0]}) == CERTAIN[name]


@pytest.mark.parametrize("name", sorted(AMBIGUOUS))
def test_an_ambiguous_name_is_a_copy_only_beside_its_original(name: str) -> None:
    assert original_name(name, {name}) is None
    assert original_name(name, {name, AMBIGUOUS[name][0]}) == AMBIGUOUS[name]


@pytest.mark.parametrize("name", sorted(NOT_COPIES))
def test_names_editors_choose_are_not_copies(name: str) -> None:
    assert original_name(name, {name, NOT_COPIES[name]}) is None
