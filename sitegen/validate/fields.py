"""A small schema language for YAML data, reporting every problem at its line."""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen.core import messages
from sitegen.core.messages import KIND_FIXES, KIND_WORDS
from sitegen.core.problems import Problem
from sitegen.japanese import phone
from sitegen.source.yaml_loader import Mapping, Mark, Sequence

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
# ASCII digits only: \d also takes the full-width digits a Japanese input method types.
_POSTAL_CODE = re.compile(r"^[0-9]{3}-[0-9]{4}$")
_TIME = re.compile(r"^(?:[01]?[0-9]|2[0-3]):[0-5][0-9]$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_LINK_SCHEMES = ("https://", "http://", "mailto:", "tel:")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif", ".svg", ".avif")


@dataclass(frozen=True)
class Spec:
    """What one value must be: its kind, and for containers what they hold."""

    kind: str
    required: bool = True
    fields: dict[str, Spec] = field(default_factory=dict)
    items: Spec | None = None
    # What the browser editor shows beside the field (a model's `label:` and `help:`).
    label: str = field(default="", compare=False)
    help: str = field(default="", compare=False)


def text(required: bool = True) -> Spec:
    return Spec("text", required)


def mapping(fields: dict[str, Spec], required: bool = True) -> Spec:
    return Spec("map", required, fields=fields)


def listing(items: Spec, required: bool = True) -> Spec:
    return Spec("list", required, items=items)


@dataclass
class _Walk:
    """The state of one validation: the file, the site's files, the problems found so far."""

    path: Path
    exists: Callable[[str], bool] | None = None  # whether an asset of the site exists
    problems: list[Problem] = field(default_factory=list)

    def add(self, code: str, mark: Mark, where: str, **values: object) -> None:
        """A problem at mark, of the field at where (`costs[2].yen`; "" for the whole)."""
        problem = Problem.of(code, self.path, mark[0], mark[1], **values)
        self.problems.append(dataclasses.replace(problem, field_path=where or None))


def validate(
    data: Any,
    spec: Spec,
    path: Path,
    name: str = "",
    exists: Callable[[str], bool] | None = None,
) -> list[Problem]:
    """Every problem of data against spec; an empty list when it conforms.

    exists, when given, tells whether an image named in the data is among the site's assets.
    """
    walk = _Walk(path, exists)
    _check(walk, data, spec, name or path.name, getattr(data, "mark", (1, 1)))
    return walk.problems


def _check(
    walk: _Walk,
    value: Any,
    spec: Spec,
    name: str,
    mark: Mark,
    text_mark: Mark | None = None,
    where: str = "",
) -> None:
    """value against spec; mark is where its key (or list item) stands, text_mark its text,
    where its path from the file's top (`costs[2].yen`)."""
    if value is None or value == "":
        if spec.required:
            walk.add("E204", mark, where, field=name)
        return
    actual = _kind_of(value)
    if not _KIND_CHECKS[spec.kind](value):
        if _full_width(walk, value, spec, name, text_mark or mark, where):
            return
        walk.add(
            "E202",
            mark,
            where,
            field=name,
            expected=KIND_WORDS[spec.kind],
            actual=_shown(value, actual),
            fix=KIND_FIXES.get(spec.kind, ""),
        )
        return
    if spec.kind == "image" and walk.exists is not None and not walk.exists(value):
        walk.add("E205", mark, where, field=name, value=value)
    elif spec.kind in ("url", "link") and value[:7].lower() == "http://":
        walk.add("W303", text_mark or mark, where, url=value)
    elif spec.kind == "map":
        _check_mapping(walk, value, spec, name, where)
    elif spec.kind == "list" and spec.items is not None:
        for index, item in enumerate(value):
            item_name = messages.text("list_item", name=name, number=index + 1)
            at = (value.mark_of(index), value.text_mark_of(index), f"{where}[{index}]")
            _check(walk, item, spec.items, item_name, *at)


# Characters an input method types in full width where a value needs the ASCII one.
_FULL_WIDTH = {
    "：": ("colon", ":"),
    "\u3000": ("space", " "),
    **{chr(0xFF10 + digit): ("digit", str(digit)) for digit in range(10)},
    **{dash: ("hyphen", "-") for dash in "－ー‐‑–—―−ｰ"},
    "．": ("period", "."),
    "／": ("slash", "/"),
    "＃": ("hash", "#"),
}
# Kinds whose values are written in ASCII only (text and Markdown may hold anything).
_ASCII_KINDS = frozenset(
    {"int", "number", "yen", "phone", "time", "year", "url", "color", "postal_code", "date"}
    | {"link", "image", "weekday"}
)


def _is_full_width(value: str, index: int) -> bool:
    """Whether value[index] is a full-width slip; a long vowel mark only after a digit
    (`03ー1234`), since in a Japanese word (`メニュー`) it is the word's own."""
    char = value[index]
    if char not in _FULL_WIDTH:
        return False
    if char in "ーｰ":
        before = value[index - 1] if index else ""
        return before.isdigit()  # half- or full-width digit
    return True


def _full_width(
    walk: _Walk, value: Any, spec: Spec, name: str, mark: Mark, where: str = ""
) -> bool:
    """Report a full-width character in a value that must be ASCII; whether there was one."""
    if spec.kind not in _ASCII_KINDS or not isinstance(value, str):
        return False
    index = next((i for i, _ in enumerate(value) if _is_full_width(value, i)), None)
    if index is None:
        return False
    char = value[index]
    what, ascii_char = _FULL_WIDTH[char]
    shown = {" ": "半角スペース"}.get(ascii_char, ascii_char)
    line, column = mark
    at = (line, column + index) if "\n" not in value else mark
    walk.add(
        "E206",
        at,
        where,
        field=name,
        value=value,
        position=index + 1,
        what=messages.text(f"full_width_{what}"),
        char="全角スペース" if char == "\u3000" else char,
        ascii=shown,
    )
    return True


def _check_mapping(walk: _Walk, value: Mapping, spec: Spec, name: str, where: str = "") -> None:
    allowed = list(spec.fields)

    def below(key: object) -> str:
        return f"{where}.{key}" if where else str(key)

    for key in value:
        if key not in spec.fields:
            close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            suggestion = messages.text("did_you_mean", name=close[0]) if close else ""
            walk.add(
                "E203",
                value.mark_of(key),
                below(key),
                field=key,
                suggestion=suggestion,
                allowed="、".join(allowed),
            )
    for key, child in spec.fields.items():
        if key not in value:
            if child.required:
                walk.add("E201", value.mark, below(key), field=key)
            continue
        at = (value.mark_of(key), value.value_mark_of(key), below(key))
        _check(walk, value[key], child, key, *at)


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "number"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "map"
    return "text"


def _shown(value: Any, kind: str) -> str:
    if kind in ("list", "map"):
        return KIND_WORDS[kind]
    return f"「{value}」"


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_KIND_CHECKS: dict[str, Callable[[Any], bool]] = {
    "text": lambda v: isinstance(v, str),
    "int": _is_int,
    "number": lambda v: _is_int(v) or isinstance(v, float),
    "bool": lambda v: isinstance(v, bool),
    "list": lambda v: isinstance(v, Sequence),
    "map": lambda v: isinstance(v, Mapping),
    "yen": lambda v: _is_int(v) and v >= 0,
    "phone": lambda v: isinstance(v, str) and phone.is_valid(v),
    "time": lambda v: isinstance(v, str) and bool(_TIME.match(v)),
    "year": lambda v: _is_int(v) and 1926 <= v <= 2200,
    "url": lambda v: isinstance(v, str) and v.startswith(("https://", "http://")),
    "color": lambda v: isinstance(v, str) and bool(_COLOR.match(v)),
    "weekday": lambda v: v in WEEKDAYS,
    "postal_code": lambda v: isinstance(v, str) and bool(_POSTAL_CODE.match(v)),
    "markdown": lambda v: isinstance(v, str),
    "date": lambda v: isinstance(v, str) and _is_date(v),
    "link": lambda v: isinstance(v, str) and _is_link(v),
    "image": lambda v: isinstance(v, str) and _is_image(v),
}

KINDS = frozenset(_KIND_CHECKS)


def _is_date(value: str) -> bool:
    """A real calendar date written YYYY-MM-DD."""
    if not _DATE.match(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_link(value: str) -> bool:
    """An outside address, a mail or phone link, or an address or file inside the site."""
    if any(char.isspace() for char in value):
        return False
    return value.startswith(_LINK_SCHEMES) or ":" not in value.split("/", 1)[0]


def _is_image(value: str) -> bool:
    return _is_link(value) and value.lower().endswith(IMAGE_SUFFIXES)
