"""Which field of a form a problem's line belongs to, from where each value stands in the file."""

from __future__ import annotations

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

BODY = "body"


def line_fields(front: str, first_line: int) -> list[tuple[int, int, str]]:
    """(first line, last line, field path) of every value in front (which starts at file
    line first_line), innermost last."""
    if not front.strip():
        return []
    try:
        root = YAML(typ="rt").compose(front)
    except YAMLError:
        return []
    spans: list[tuple[int, int, str]] = []
    if root is not None:
        _walk(root, "", first_line, spans)
    return spans


def _walk(node: Node, path: str, offset: int, spans: list[tuple[int, int, str]]) -> None:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            inner = f"{path}.{key.value}" if path else str(key.value)
            last = max(_last_line(value), key.start_mark.line)
            spans.append((key.start_mark.line + offset, last + offset, inner))
            _walk(value, inner, offset, spans)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            inner = f"{path}.{index}"
            spans.append((item.start_mark.line + offset, _last_line(item) + offset, inner))
            _walk(item, inner, offset, spans)


def _last_line(node: Node) -> int:
    if isinstance(node, (MappingNode, SequenceNode)) and node.value and not node.flow_style:
        last = node.value[-1]
        return _last_line(last[1] if isinstance(last, tuple) else last)
    end = node.end_mark
    # A block scalar ends at the start of the line after it.
    return end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line


def field_at(spans: list[tuple[int, int, str]], line: int | None, body_line: int | None) -> str:
    """The innermost field whose lines hold line; BODY below the front matter; "" if none."""
    if line is None:
        return ""
    if body_line is not None and line >= body_line:
        return BODY
    found = ""
    width = None
    for first, last, path in spans:
        if first <= line <= last and (width is None or last - first <= width):
            found, width = path, last - first
    return found
