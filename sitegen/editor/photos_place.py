"""Where a page's photo is stored, under which name, and the Markdown that shows it.

The rule (docs/editing.md, 「写真・画像・ダウンロード」): a page with a folder of its own
(`content/guide/index.md`, and every page inside a folder, `content/guide/faq.md`) keeps its
photos in that folder (`content/guide/photo.jpg`, written `![説明](photo.jpg)`); a page at the
top of content/ (`content/about.md`, the top page `content/index.md`) and the sections of the
top page (`content/sections/…`) put theirs in `assets/images/` (written
`![説明](/assets/images/photo.jpg)`), where photos shared by several pages live too.

A name is made safe for Windows, macOS and a Markdown link (sitegen/source/names.py): lower
case, letters, digits and `-_.` only. A file is never replaced: the first free name
(`photo-2.jpg`) is taken, and a photo already stored in the folder with the same bytes is
used again instead of stored twice.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sitegen.core.project import Project
from sitegen.editor import paths
from sitegen.images.images import PHOTO_FOLDER
from sitegen.source.names import nfc, problems_of_name
from sitegen.source.sections import FOLDER as SECTIONS
from sitegen.source.sync_copies import original_name

_UNSAFE = re.compile(r"[^\w\-]+")
MOST_STEM = 60


@dataclass(frozen=True)
class Place:
    """Where a page's photos go: the folder (below the project) and how the page names them."""

    folder: str  # "content/guide" or "assets/images"
    prefix: str  # what comes before the file name in the page: "" or "/assets/images/"


@dataclass(frozen=True)
class Stored:
    """A photo written (or found already there) and how the page links to it."""

    name: str  # below the project: "assets/images/photo.jpg"
    src: str  # in the page's Markdown: "photo.jpg" or "/assets/images/photo.jpg"
    renamed_from: str  # the name asked for, when another file had it; else ""
    existing: bool  # the same bytes were already stored under name


def place_of(page: str) -> Place:
    """Where the photos of the page file `page` (`content/guide/faq.md`) are stored."""
    parts = PurePosixPath(page).parts[1:]
    if len(parts) > 1 and parts[0] != SECTIONS:
        return Place("content/" + "/".join(parts[:-1]), "")
    return Place(f"assets/{PHOTO_FOLDER}", f"/assets/{PHOTO_FOLDER}/")


def safe_stem(filename: str) -> str:
    """A file's stem every computer and a Markdown link can hold: `IMG 1234` -> `img-1234`."""
    stem = nfc(unicodedata.normalize("NFKC", PurePosixPath(filename.replace("\\", "/")).stem))
    stem = _UNSAFE.sub("-", stem.lower()).strip("-_.")[:MOST_STEM].strip("-_.")
    if not stem or problems_of_name(stem + ".jpg"):
        stem = f"photo-{stem}" if stem else "photo"
    return stem


def store(project: Project, place: Place, filename: str, suffix: str, data: bytes) -> Stored:
    """Write data into place's folder under a free safe name made from filename; never
    through a link out of the project (paths.PathRefusedError)."""
    folder = paths.resolve(project, place.folder)  # PathRefusedError through a link
    folder.mkdir(parents=True, exist_ok=True)
    stem = safe_stem(filename)
    same = _same_bytes(folder, data)
    if same is not None:
        return Stored(f"{place.folder}/{same}", place.prefix + same, "", True)
    wanted = stem + suffix
    for number in range(1, 1000):
        name = wanted if number == 1 else f"{stem}-{number}{suffix}"
        if _taken(folder, name):
            continue
        if _write_new(folder / name, data):
            renamed = wanted if name != wanted else ""
            return Stored(f"{place.folder}/{name}", place.prefix + name, renamed, False)
    raise FileExistsError(wanted)


def _taken(folder: Path, name: str) -> bool:
    """name, or a name differing only in case, is in folder, or it reads as a sync copy."""
    siblings = [entry.name for entry in os.scandir(folder)]
    folded = name.casefold()
    if any(nfc(other).casefold() == folded for other in siblings):
        return True
    return original_name(name, siblings) is not None


def _same_bytes(folder: Path, data: bytes) -> str | None:
    """The name of a file of folder holding exactly data, if there is one."""
    digest = hashlib.sha256(data).hexdigest()
    for entry in os.scandir(folder):
        if not entry.is_file() or entry.name[0] in "._" or entry.stat().st_size != len(data):
            continue
        if hashlib.sha256(Path(entry.path).read_bytes()).hexdigest() == digest:
            return entry.name
    return None


def _write_new(target: Path, data: bytes) -> bool:
    """Write target whole if no file has its name (False if one appeared meanwhile)."""
    temporary = target.with_name(f".{target.name}.upload")
    temporary.write_bytes(data)
    try:
        os.link(temporary, target)  # fails if target exists: nothing is ever replaced
        return True
    except FileExistsError:
        return False
    except OSError:  # no hard links on this file system: create exclusively instead
        try:
            with open(target, "xb") as stream:
                stream.write(data)
            return True
        except FileExistsError:
            return False
    finally:
        temporary.unlink(missing_ok=True)


def markdown(src: str, alt: str) -> str:
    """The Markdown (or, for a decorative photo, the HTML) that shows src with alt."""
    if not alt:
        return f'<img src="{src}" alt="">'
    shown = alt.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    return f"![{' '.join(shown.split())}]({src})"
