"""Values the site computes when a file leaves them out, shown read-only beside their field.

A model's `sum` rule (`sum: costs.yen`, `equals: total`) says that the total is the sum of the
items; when the file states no total, the templates add the items up, and the form shows
that sum where the total would be typed.
"""

from __future__ import annotations

from typing import Any

from sitegen.validate.models import Rule


def computed_values(rules: tuple[Rule, ...], data: Any) -> dict[str, Any]:
    """Each field path a rule computes, with its value, where the data leaves it empty."""
    found: dict[str, Any] = {}
    for rule in rules:
        if rule.kind != "sum" or not isinstance(data, dict):
            continue
        target = rule.options.get("equals", "")
        if _at(data, target) not in (None, ""):
            continue
        total = _sum(data, rule.options.get("sum", ""))
        if total is not None:
            found[target] = total
    return found


def _at(data: Any, path: str) -> Any:
    for part in path.split("."):
        data = data.get(part) if isinstance(data, dict) else None
    return data


def _sum(data: dict, path: str) -> int | float | None:
    """The sum of a field over a list's items (`costs.yen`); None if any is not a number."""
    listing, _, name = path.partition(".")
    items = data.get(listing)
    if not isinstance(items, list) or not name:
        return None
    values = [item.get(name) if isinstance(item, dict) else None for item in items]
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return None
    return sum(values)
