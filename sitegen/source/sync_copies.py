"""Conflict copies that sync tools and file managers leave beside a file in a shared folder.

When two PCs change one file before they sync, the tool keeps both: the second as a copy
whose name says so. Such a copy may hold a colleague's change, so it is never published as
a page of its own, and the site is not published until someone has merged and removed it.

Names as each tool writes them (English and Japanese editions):
- Dropbox: `about (山田 の競合コピー 2026-12-01).md`, `about (Yamada's conflicted copy
  2026-12-01).md`, `about (Case Conflict).md`; Nextcloud and ownCloud: `about (conflicted
  copy 2026-12-01 123456).md`.
- Syncthing: `about.sync-conflict-20261201-123456-ABCDEFG.md`.
- Windows Explorer: `about - コピー.md`, `about - Copy (2).md`; macOS Finder: `about の
  コピー.md`, `about copy 2.md`.
- Ambiguous, so counted only when the original is beside the copy: Google Drive and
  browsers' `about (1).md`, OneDrive's `about-DESKTOP-7K2P9QX.md` (the PC's name, which
  Windows writes in capitals: `about-us.md` beside `about.md` is no copy) and iCloud's
  `about 2.md`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from sitegen.source.editor_junk import is_editor_junk

# A copy's mark at the end of its stem; the stem before it is the original's.
_OPEN, _CLOSE = r"[((]", r"[))]"
_CERTAIN = (
    # Dropbox, Nextcloud, ownCloud (any language: the words, the user's name and date)
    (
        "Dropbox",
        rf"\s*{_OPEN}[^()()]*(?:conflicted copy|競合コピー|Case Conflict|大文字と小文字の競合"
        rf"|Selective Sync Conflict|選択型同期の競合)[^()()]*(?:{_OPEN}\d+{_CLOSE})?{_CLOSE}",
    ),
    ("Syncthing", r"\.sync-conflict-\d{8}-\d{6}(?:-[A-Z0-9]{7})?"),
    ("Windows", rf" - (?:コピー|Copy)(?: {_OPEN}\d+{_CLOSE})?"),
    ("macOS", r" (?:のコピー|copy)(?: \d+)?"),
)
_AMBIGUOUS = (
    ("Google Drive", rf" ?{_OPEN}\d+{_CLOSE}"),
    ("OneDrive", r"-(?=[A-Z0-9-]*[A-Z])[A-Z0-9][A-Z0-9-]{0,14}"),
    ("iCloud", r" \d+"),
)
_PLAIN = re.compile(r"[a-z0-9_.\-]*\Z")
_CERTAIN_RE = tuple((tool, re.compile(rf"(.+?){mark}\Z")) for tool, mark in _CERTAIN)
_AMBIGUOUS_RE = tuple((tool, re.compile(rf"(.+?){mark}\Z")) for tool, mark in _AMBIGUOUS)


@dataclass(frozen=True)
class ConflictCopy:
    """A copy, the original's name it was made from, and the tool whose pattern it has."""

    copy: Path
    original: Path
    tool: str


def original_name(name: str, siblings: Collection[str]) -> tuple[str, str] | None:
    """(the original's name, the tool) if name is a conflict copy, else None.

    siblings are the names in the copy's folder: an ambiguous pattern counts only when the
    original is among them.
    """
    if _PLAIN.match(name) and ".sync-conflict-" not in name:
        return None  # most names: lower-case letters, digits and -_. (no tool's mark fits)
    stem, dot, extension = name.rpartition(".") if "." in name.lstrip(".") else (name, "", "")
    suffix = dot + extension
    for tool, pattern in _CERTAIN_RE:
        found = pattern.match(stem)
        if found and found[1].strip():
            return found[1] + suffix, tool
    for tool, pattern in _AMBIGUOUS_RE:
        found = pattern.match(stem)
        if found and found[1] + suffix in siblings:
            return found[1] + suffix, tool
    return None


def is_left_out(name: str, siblings: Collection[str]) -> bool:
    """Whether a file is litter or a conflict copy, not a source (siblings: its folder's)."""
    return is_editor_junk(name) or original_name(name, siblings) is not None


def is_conflict_copy(path: Path) -> bool:
    """Whether the file at path is a conflict copy (its folder's other names are looked at)."""
    return original_name(path.name, set(os.listdir(path.parent))) is not None


def conflict_copies(*roots: Path) -> list[ConflictCopy]:
    """Every conflict copy below roots (hidden and litter folders skipped), sorted."""
    found = []
    for root in roots:
        for folder, names in _folders(root):
            present = set(names)
            for name in names:
                if is_editor_junk(name):
                    continue
                original = original_name(name, present)
                if original is not None:
                    copy = Path(folder, name)
                    found.append(ConflictCopy(copy, Path(folder, original[0]), original[1]))
    return sorted(found, key=lambda c: c.copy)


def _folders(root: Path) -> Iterator[tuple[str, list[str]]]:
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [d for d in subfolders if not d.startswith(".") and not is_editor_junk(d)]
        yield folder, names + subfolders
