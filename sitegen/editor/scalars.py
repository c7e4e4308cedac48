"""Writing one new value as YAML text that the engine's loader reads back as that value.

Plain where the YAML 1.2 loader reads the text back unchanged; double-quoted otherwise (JSON's
escapes are YAML's); Markdown and other lines in a literal block (`|`), never a folded one
(`>` joins lines with spaces, which breaks Japanese sentences).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from sitegen.core.problems import ContentError
from sitegen.source.yaml_loader import load_yaml

_PROBE = Path("value.yml")
_INDICATORS = tuple("-?:,[]{}#&*!|>'\"%@`")


def plain_ok(value: str) -> bool:
    """Whether value can be written without quotes and read back as the same string."""
    if not value or value != value.strip() or "\n" in value or value.startswith(_INDICATORS):
        return False
    if ": " in value or " #" in value or value.endswith(":") or "\t" in value:
        return False
    try:
        return load_yaml(f"k: {value}\n", _PROBE) == {"k": value}
    except (ContentError, ValueError):
        return False


def inline(value: Any, quote: str = "") -> str:
    """value on one line: a number, true/false, or a string (plain, or quoted as quote asks)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else json.dumps(str(value))
    if isinstance(value, list):
        return "[" + ", ".join(inline(item, '"') for item in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{inline(str(k), '')}: {inline(v, '')}" for k, v in value.items())
        return "{" + ", ".join(pairs) + "}"
    text = str(value)
    if quote == "'" and "\n" not in text and text == text.strip(" ") and "\\" not in text:
        return "'" + text.replace("'", "''") + "'"
    if quote in ("", "plain") and plain_ok(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def literal(value: str, indent: int, newline: str) -> str | None:
    """value as a literal block (`|` and its lines, ending in a line end), or None if it
    cannot be one (a first line that starts with a space, a line end other than `\\n`)."""
    if "\r" in value or value[:1] in (" ", "\t") or value.strip("\n") == "":
        return None
    body = value.rstrip("\n")
    trailing = len(value) - len(body)
    chomp = "-" if trailing == 0 else ("" if trailing == 1 else "+")
    pad = " " * indent
    lines = [(pad + line) if line else "" for line in body.split("\n")]
    extra = [""] * (trailing - 1) if trailing > 1 else []
    return "|" + chomp + newline + newline.join(lines + extra) + newline


def block(value: Any, indent: int, newline: str) -> str:
    """A list or mapping in block style, each line indented by indent, ending in a line end."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            lines.append(pad + inline(str(key)) + ":" + _after_key(item, indent + 2, newline))
    else:
        for item in value:
            # A mapping or list item starts on its dash's line (`- a: 1`, `- - x`), as a
            # person writes it.
            if isinstance(item, (dict, list)) and item:
                inner = block(item, indent + 2, newline)
                lines.append(pad + "- " + inner[indent + 2 :].rstrip("\r\n"))
            else:
                lines.append(pad + "-" + _after_key(item, indent + 2, newline))
    return newline.join(line.rstrip("\r\n") for line in lines) + newline


def _after_key(value: Any, indent: int, newline: str) -> str:
    """What follows `key:` or `-`: ` value`, or a line end and a nested block."""
    if isinstance(value, (dict, list)) and value:
        return newline + block(value, indent, newline).rstrip("\r\n")
    if isinstance(value, str) and "\n" in value:
        written = literal(value, indent, newline)
        if written is not None:
            return " " + written.rstrip("\r\n")
    shown = inline(value, "")
    return " " + shown if shown else ""
