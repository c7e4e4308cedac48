"""SVG files of assets/: published as they are only when they can run nothing and fetch nothing.

An SVG is a document: it may hold scripts, event handlers, foreign HTML and references to
other sites, which run or load when the file is opened by itself. The check parses it as XML
(refusing a DOCTYPE, and so any entity, before parsing) and lists what it finds.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path, PurePosixPath

from sitegen.core.problems import Problem

_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_REFUSED_ELEMENTS = frozenset({"script", "foreignobject", "iframe", "embed", "object", "handler"})
_LINK_ATTRIBUTES = frozenset({"href", "src"})
_NUMBER = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(?:px)?\s*$")


def _local(name: str) -> str:
    """A tag or attribute name without its namespace: {http://…}script -> script."""
    return name.rsplit("}", 1)[-1].lower()


def findings(data: bytes) -> list[str]:
    """What in an SVG could run or load something, each as a short English-free token."""
    if _DOCTYPE.search(data):
        return ["<!DOCTYPE>"]
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        return [f"XML: {error}"]
    found: list[str] = []
    for element in root.iter():
        tag = _local(str(element.tag))
        if tag in _REFUSED_ELEMENTS:
            found.append(f"<{tag}>")
        for name, value in element.attrib.items():
            attribute = _local(name)
            if attribute.startswith("on"):
                found.append(f"{attribute}=")
            elif _outside(attribute, value):
                found.append(f'{attribute}="{value}"')
        if tag == "style" and element.text and re.search(r"url\(\s*['\"]?[^#'\"\s]", element.text):
            found.append("<style> url(…)")
        if tag == "style" and element.text and "@import" in element.text:
            found.append("<style> @import")
    return list(dict.fromkeys(found))


def _outside(attribute: str, value: str) -> bool:
    """Whether an attribute refers to something outside the file (a link, a url())."""
    if attribute in _LINK_ATTRIBUTES:
        return not value.strip().startswith(("#", "data:"))
    return "url(" in value and not re.search(r"url\(\s*['\"]?#", value)


def problems(path: Path, data: bytes) -> list[Problem]:
    """One error naming the file, if it holds anything that could run or load."""
    found = findings(data)
    if not found:
        return []
    return [Problem.of("E806", path, name=path.name, found="、".join(found[:5]))]


def size(name: str, data: bytes) -> tuple[int, int] | None:
    """The width and height an SVG asks to be shown at (for `width`/`height` on `<img>`)."""
    if PurePosixPath(name).suffix.lower() != ".svg" or _DOCTYPE.search(data):
        return None
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return None
    width, height = root.get("width", ""), root.get("height", "")
    w, h = _NUMBER.match(width), _NUMBER.match(height)
    if w and h:
        return round(float(w.group(1))), round(float(h.group(1)))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        try:
            return round(float(box[2])), round(float(box[3]))
        except ValueError:
            return None
    return None
