"""Files that editors' tools and desktops leave beside the real ones, never content."""

from __future__ import annotations

_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini", "4913"})  # 4913: vim's write test
_PREFIXES = (".", "#", "~$")  # hidden and lock files, Emacs autosaves, Office owner files
_SUFFIXES = ("~", ".swp", ".swo", ".swx", ".tmp", ".bak", ".crswap", ".part")


def is_editor_junk(name: str) -> bool:
    """Whether a file name is a temporary, backup or system file rather than a source."""
    return name in _NAMES or name.startswith(_PREFIXES) or name.endswith(_SUFFIXES)
