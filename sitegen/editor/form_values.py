"""A posted form as data: each field's typed value read by its kind, laid over the file's data.

Keys the model does not know are kept as they were (the check reports them; the form never
drops what it does not show). A list's items are numbered `path.0`, `path.1`…, their count
in `path.__count`; the buttons that add, remove and move items post `op`.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from sitegen.editor import normalise
from sitegen.validate.fields import Spec

COUNT = "__count"
PRESENT = "__present"  # beside a checkbox: the field was on the form


def read(spec: Spec, form: Mapping[str, str], original: Any, path: str = "") -> Any:
    """The data the form holds for spec, over original (the data the form was made from)."""
    if spec.kind == "map":
        return _read_map(spec, form, original, path)
    if spec.kind == "list":
        return _read_list(spec, form, original, path)
    if spec.kind == "bool":
        if form.get(path) is not None:
            return True
        # Unticked: false where the file said true or false, still absent where it said nothing.
        return (
            False
            if form.get(f"{path}.{PRESENT}") is not None and original is not None
            else original
        )
    typed = form.get(path)
    if typed is None:
        return original
    typed = typed.replace("\r\n", "\n")
    if spec.kind not in ("markdown", "text"):
        typed = typed.strip()
    if typed == "" and original is None:
        return None
    return normalise.typed_value(typed, spec.kind) if typed != "" else None


def _read_map(spec: Spec, form: Mapping[str, str], original: Any, path: str) -> Any:
    result: dict[str, Any] = dict(original) if isinstance(original, dict) else {}
    typed = False
    for name, child in spec.fields.items():
        inner = f"{path}.{name}" if path else name
        value = read(child, form, result.get(name), inner)
        typed = typed or not _empty(value)
        if _empty(value) and not child.required:
            result.pop(name, None)
            continue
        result[name] = value  # required: kept even empty, so that the check names it
    if original is None and not typed and path:
        return None  # a group the file did not have, left empty: still absent
    return result


def _read_list(spec: Spec, form: Mapping[str, str], original: Any, path: str) -> Any:
    count_text = form.get(f"{path}.{COUNT}")
    if count_text is None or not count_text.isdigit() or spec.items is None:
        return original
    old = list(original) if isinstance(original, list) else []
    items = []
    for index in range(min(int(count_text), 1000)):
        before = old[index] if index < len(old) else None
        items.append(read(spec.items, form, before, f"{path}.{index}"))
    return items


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def apply_op(data: Any, spec: Spec, op: str) -> Any:
    """data with one list operation done: `add:path`, `remove:path.N`, `up:path.N`, `down:path.N`."""
    action, _, target = op.partition(":")
    data = copy.deepcopy(data)
    if action == "add":
        holder, key, items_spec = _locate(data, spec, target)
        if holder is None or items_spec is None:
            return data
        current = holder.get(key) if isinstance(holder, dict) else holder[key]
        items = list(current) if isinstance(current, list) else []
        items.append(blank(items_spec))
        holder[key] = items
        return data
    list_path, _, index_text = target.rpartition(".")
    holder, key, _ = _locate(data, spec, list_path)
    items = holder.get(key) if isinstance(holder, dict) else None
    if isinstance(holder, list):
        items = holder[key]
    if not isinstance(items, list) or not index_text.isdigit() or int(index_text) >= len(items):
        return data
    index = int(index_text)
    if action == "remove":
        del items[index]
    elif action == "up" and index > 0:
        items[index - 1], items[index] = items[index], items[index - 1]
    elif action == "down" and index + 1 < len(items):
        items[index + 1], items[index] = items[index], items[index + 1]
    return data


def _locate(data: Any, spec: Spec, path: str) -> tuple[Any, Any, Spec | None]:
    """The container holding the list at path, its key there, and the list's item spec."""
    parts = path.split(".") if path else []
    holder, current = None, spec
    node = data
    key: Any = None
    for part in parts:
        if current.kind == "map" and part in current.fields and isinstance(node, dict):
            holder, key, current = node, part, current.fields[part]
            node = node.get(part)
        elif current.kind == "list" and part.isdigit() and isinstance(node, list):
            if int(part) >= len(node) or current.items is None:
                return None, None, None
            holder, key, current = node, int(part), current.items
            node = node[int(part)]
        else:
            return None, None, None
    if current.kind != "list" or holder is None:
        return None, None, None
    if isinstance(holder, dict) and not isinstance(holder.get(key), list):
        holder[key] = []
    return holder, key, current.items


def blank(spec: Spec) -> Any:
    """A new list item: a mapping of its fields left empty, or an empty value."""
    if spec.kind == "map":
        return {name: blank(child) for name, child in spec.fields.items() if child.required}
    if spec.kind == "list":
        return []
    if spec.kind == "bool":
        return False
    return ""
