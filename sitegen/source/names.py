"""The names of files and folders that every computer of the association can hold.

One set of rules for the build and for the browser editor's new-page form
(`problems_of_name`): a name Windows cannot create (CON, AUX, COM1… with any extension,
`<>:"|?*`, a trailing dot or space), and two names that differ only in case, which Windows,
macOS and many hosts take for one file, so that one silently replaces the other. A name a
Mac saved decomposed (NFD: か + ゛) is read as the composed one everyone types (`nfc`).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Collection, Iterator
from pathlib import Path, PurePosixPath

from sitegen.core.problems import Problem
from sitegen.source.editor_junk import is_editor_junk

_DEVICES = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"{kind}{n}" for kind in ("com", "lpt") for n in (*"123456789", "¹", "²", "³")}
)
_PLAIN = re.compile(r"[A-Za-z0-9_\-][A-Za-z0-9_.\-]*(?<!\.)\Z")
_FORBIDDEN = frozenset('<>:"\\|?*')


def nfc(text: str) -> str:
    """text composed (NFC), as typed on every keyboard: the form addresses and links use."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def problems_of_name(
    path: str | PurePosixPath, existing: Collection[str] = (), source: Path | None = None
) -> list[Problem]:
    """What keeps a file at path (below content/ or assets/, "/"-separated) off some computer.

    existing holds the other files' paths below the same folder, for names that differ only
    in case; source is the file the problems name (the path itself when not given).
    """
    relative = PurePosixPath(nfc(str(path)))
    where = source if source is not None else Path(relative)
    found = [p for part in relative.parts for p in _part_problems(part, where)]
    other = _same_but_case(relative, existing)
    if other is not None:
        found.append(Problem.of("E007", where, name=_differing(relative, other), other=other))
    return found


def _is_plain(name: str) -> bool:
    """Most names: letters, digits and -_. (not at the end), and no device's name."""
    return bool(_PLAIN.match(name)) and name.split(".", 1)[0].casefold() not in _DEVICES


def _part_problems(name: str, where: Path) -> list[Problem]:
    if _is_plain(name):
        return []
    stem = name.split(".", 1)[0].rstrip(" ")
    if stem.casefold() in _DEVICES:
        suggestion = f"{stem}-page{name[len(stem) :]}"
        return [Problem.of("E005", where, name=name, suggestion=suggestion)]
    bad = sorted({c for c in name if c in _FORBIDDEN or ord(c) < 32})
    if bad:
        shown = "、".join(f"「{c}」" if ord(c) >= 32 else f"U+{ord(c):04X}" for c in bad)
        return [Problem.of("E006", where, name=name, what=shown)]
    if name.endswith((" ", ".")):
        return [Problem.of("E006", where, name=name, what="最後の空白かピリオド")]
    return []


def _same_but_case(relative: PurePosixPath, existing: Collection[str]) -> str | None:
    """The first of existing whose path, or a folder of it, differs from relative's in case."""
    parts = relative.parts
    for other in sorted(existing):
        others = PurePosixPath(nfc(other)).parts
        for depth in range(1, min(len(parts), len(others)) + 1):
            mine, theirs = parts[:depth], others[:depth]
            if mine == theirs:
                continue
            if [p.casefold() for p in mine] == [p.casefold() for p in theirs]:
                return "/".join(theirs)
            break
    return None


def _differing(relative: PurePosixPath, other: str) -> str:
    """The part of relative's path that collides with other ("About" of "About/a.md")."""
    depth = len(PurePosixPath(other).parts)
    return "/".join(relative.parts[:depth])


def name_problems(root: Path, label: str) -> list[Problem]:
    """Every name below root (shown as label/…) that some computer cannot hold, or that
    differs only in case from another in its folder (hidden folders and litter skipped)."""
    found: list[Problem] = []
    for folder, names in _folders(root):
        seen: dict[str, str] = {}
        for name in sorted(names):
            composed = nfc(name)
            if not _is_plain(composed):
                found += _part_problems(composed, Path(folder, name))
            first = seen.setdefault(composed.casefold(), composed)
            if first != composed:
                path = Path(folder, name)
                shown = os.path.relpath(os.path.join(folder, first), root).replace(os.sep, "/")
                found.append(Problem.of("E007", path, name=composed, other=f"{label}/{shown}"))
    return found


def _folders(root: Path) -> Iterator[tuple[str, list[str]]]:
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [d for d in subfolders if not d.startswith(".") and not is_editor_junk(d)]
        yield folder, [n for n in names if not is_editor_junk(n)] + subfolders
