"""A small schema language for YAML data, reporting every problem at its line."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import phone
from .errors import Problem
from .messages import message
from .yamlload import Mapping, Mark, Sequence

# Words for the kinds of value, used in messages to editors.
_KIND_WORDS = {
    "text": "文字",
    "int": "整数",
    "number": "数値",
    "bool": "true か false",
    "list": "「- 」で始まる行の並び(リスト)",
    "map": "「項目名: 値」の並び",
    "yen": "円単位の整数",
    "phone": "電話番号",
    "time": '時刻(例: "10:00")',
    "year": "西暦の年(例: 2022)",
    "url": "https:// で始まるアドレス",
    "color": '色の番号(例: "#12355b")',
    "weekday": "曜日の英語名(Monday〜Sunday)",
    "postal_code": '郵便番号(例: "102-0083")',
}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_POSTAL_CODE = re.compile(r"^\d{3}-\d{4}$")
_TIME = re.compile(r"^(?:[01]?\d|2[0-3]):[0-5]\d$")


@dataclass(frozen=True)
class Spec:
    """What one value must be: its kind, and for containers what they hold."""

    kind: str
    required: bool = True
    fields: dict[str, Spec] = field(default_factory=dict)
    items: Spec | None = None


def text(required: bool = True) -> Spec:
    return Spec("text", required)


def mapping(fields: dict[str, Spec], required: bool = True) -> Spec:
    return Spec("map", required, fields=fields)


def listing(items: Spec, required: bool = True) -> Spec:
    return Spec("list", required, items=items)


@dataclass
class _Walk:
    """The state of one validation: the file and the problems found so far."""

    path: Path
    problems: list[Problem] = field(default_factory=list)

    def add(self, code: str, mark: Mark, **values: object) -> None:
        message_text, hint = message(code, **values)
        self.problems.append(Problem(code, message_text, self.path, mark[0], mark[1], hint))


def validate(data: Any, spec: Spec, path: Path, name: str = "") -> list[Problem]:
    """Every problem of data against spec; an empty list when it conforms."""
    walk = _Walk(path)
    _check(walk, data, spec, name or path.name, getattr(data, "mark", (1, 1)))
    return walk.problems


def _check(walk: _Walk, value: Any, spec: Spec, name: str, mark: Mark) -> None:
    if value is None or value == "":
        if spec.required:
            walk.add("E204", mark, field=name)
        return
    actual = _kind_of(value)
    if not _KIND_CHECKS[spec.kind](value):
        walk.add(
            "E202",
            mark,
            field=name,
            expected=_KIND_WORDS[spec.kind],
            actual=_shown(value, actual),
            fix=_FIXES.get(spec.kind, ""),
        )
        return
    if spec.kind == "map":
        _check_mapping(walk, value, spec, name)
    elif spec.kind == "list" and spec.items is not None:
        for index, item in enumerate(value):
            _check(walk, item, spec.items, f"{name}[{index + 1}]", value.mark_of(index))


def _check_mapping(walk: _Walk, value: Mapping, spec: Spec, name: str) -> None:
    allowed = list(spec.fields)
    for key in value:
        if key not in spec.fields:
            close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            suggestion = f"「{close[0]}」の書き間違いではありませんか?" if close else ""
            walk.add(
                "E203",
                value.mark_of(key),
                field=key,
                suggestion=suggestion,
                allowed="、".join(allowed),
            )
    for key, child in spec.fields.items():
        if key not in value:
            if child.required:
                walk.add("E201", value.mark, field=key)
            continue
        _check(walk, value[key], child, key, value.mark_of(key))


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
        return _KIND_WORDS[kind]
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
}

_FIXES = {
    "yen": "例: 1億7,200万円なら 172000000(カンマや「万」「円」は付けません)。",
    "phone": '市外局番から、ハイフン区切りで、引用符で囲んで書いてください(例: "03-1234-5678")。',
    "time": '24 時間表記で、引用符で囲んで書いてください(例: "10:00")。',
    "bool": "true(はい)か false(いいえ)を書いてください。",
    "text": '文字は引用符で囲むと確実です(例: "0120")。',
    "list": "各項目を「- 」で始まる行で書いてください。",
    "map": "「項目名: 値」の形で書いてください。",
    "color": '「#」と 6 桁の英数字を、引用符で囲んで書いてください(例: "#12355b")。',
    "weekday": "Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday のいずれかで書いてください。",
    "postal_code": '3 桁-4 桁で、引用符で囲んで書いてください(例: "102-0083")。',
}
