"""A change to YAML data written into its text, every byte the change does not need kept.

ruamel.yaml's round-trip composer gives where each key, value and list item starts and ends
in the text; a changed scalar is replaced at its place (in its old quoting style), a new key
is inserted after the last one at its indentation, a removed key loses its lines, and a list
whose items were added, removed or reordered is assembled again from its items' own lines
(each with its comments). Unchanged data gives the text back unchanged, byte for byte.

Dumping the whole document again with ruamel.yaml (even tuned) rewrites bytes nobody changed:
it turned a comment-only front matter into `null`, mixed CRLF and moved comments in our
measurements (issue 28). It remains the fallback for what position edits do not cover (an
alias whose anchor would change with it); every result is read back with the engine's own
loader and compared with the data intended, and refused if it differs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sitegen.core.problems import ContentError
from sitegen.editor import scalars
from sitegen.source.yaml_loader import load_yaml

_PROBE = Path("saved.yml")


class RoundTripError(ValueError):
    """The change could not be written so that the file reads back as intended."""


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str


def plain(value: Any) -> Any:
    """value with the loader's Mapping and Sequence made plain dicts and lists."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def rewrite(text: str, new: Any) -> str:
    """text (one YAML document, as stored, without a BOM) changed to hold new."""
    old = _load(text)
    if plain(old) == plain(new):
        return text
    newline = "\r\n" if "\r\n" in text else "\n"
    result = _by_position(text, old, new, newline)
    if result is not None and _reads_as(result, new):
        return result
    result = _by_ruamel(text, new)
    if _reads_as(result, new):
        return result
    raise RoundTripError("the saved text does not read back as the data intended")


def _load(text: str) -> Any:
    try:
        return load_yaml(text.replace("\r\n", "\n"), _PROBE) if text.strip() else None
    except ContentError as error:
        raise RoundTripError(str(error)) from None


def _reads_as(text: str, new: Any) -> bool:
    try:
        found = _load(text)
    except RoundTripError:
        return False
    return plain(found) == plain(new) or (found is None and new in ({}, None))


def _by_position(text: str, old: Any, new: Any, newline: str) -> str | None:
    root = YAML(typ="rt").compose(text) if text.strip() else None
    if root is None:  # empty, or only comments: the fields go after them
        if not new:
            return text
        lead = newline if text and not text.endswith("\n") else ""
        return text + lead + scalars.block(new, 0, newline)
    writer = _Writer(text, newline)
    edits = writer.diff(root, old, new, indent=0, after=root.start_mark.index)
    if edits is None:
        return None
    return writer.apply(edits, 0, len(text))


class _Writer:
    """The edits that turn the data of one text into new data."""

    def __init__(self, text: str, newline: str):
        self.text = text
        self.newline = newline

    def apply(self, edits: list[Edit], start: int, end: int) -> str:
        """text[start:end] with the edits inside it made."""
        out = self.text[start:end]
        for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
            if start <= edit.start and edit.end <= end:
                out = out[: edit.start - start] + edit.text + out[edit.end - start :]
        return out

    def diff(self, node: Node, old: Any, new: Any, indent: int, after: int) -> list[Edit] | None:
        """Edits for node (holding old) to hold new; indent is its key's column, after the
        position just after that key's colon (or the item's dash)."""
        if plain(old) == plain(new):
            return []
        if getattr(node, "anchor", None):
            return None  # aliases elsewhere would change with it
        if isinstance(node, ScalarNode):
            return self._scalar(node, new, indent, after)
        if not isinstance(new, (dict, list)) or isinstance(new, dict) != isinstance(
            node, MappingNode
        ):
            return [self._replace_value(node, new, indent, after)]
        if node.flow_style:
            return self._flow(node, old, new)
        if isinstance(node, MappingNode):
            return self._mapping(node, old, new)
        return self._sequence(node, old, new, indent, after)

    def _flow(self, node: Node, old: Any, new: Any) -> list[Edit] | None:
        """A `[a, b]` or `{k: v}`: each value at its place while the shape stays, else anew."""
        whole = [Edit(node.start_mark.index, node.end_mark.index, scalars.inline(new, '"'))]
        if isinstance(node, MappingNode):
            keys = [key.value for key, _ in node.value]
            if keys != list(new) or not isinstance(old, dict):
                return whole
            pairs = [(value, old.get(key.value), new[key.value]) for key, value in node.value]
        else:
            if not isinstance(old, list) or len(old) != len(new) or len(node.value) != len(new):
                return whole
            pairs = list(zip(node.value, old, new, strict=True))
        edits: list[Edit] = []
        for child, before, after in pairs:
            if isinstance(child, ScalarNode) and not isinstance(after, (dict, list)):
                if plain(before) != plain(after):
                    quote = child.style or ('"' if _flow_unsafe(after) else "")
                    edits.append(
                        Edit(
                            child.start_mark.index,
                            child.end_mark.index,
                            scalars.inline(after, quote),
                        )
                    )
                continue
            found = (
                self._flow(child, before, after) if getattr(child, "flow_style", False) else None
            )
            if found is None:
                return whole
            edits += found
        return edits

    def _scalar(self, node: ScalarNode, new: Any, indent: int, after: int) -> list[Edit]:
        start, end = node.start_mark.index, node.end_mark.index
        if isinstance(new, (dict, list)) and new:
            return [self._replace_value(node, new, indent, after)]
        if start == end:  # an empty value (`key:`): write after the colon
            shown = scalars.inline(new)
            return [Edit(after, after, " " + shown)] if shown else []
        if node.style in ("|", ">") and isinstance(new, str):
            written = scalars.literal(new, indent + 2, self.newline)
            if written is not None:
                return [Edit(start, end, written)]
            return [Edit(start, end, scalars.inline(new, '"') + self.newline)]
        return [Edit(start, end, scalars.inline(new, node.style or ""))]

    def _replace_value(self, node: Node, new: Any, indent: int, after: int) -> Edit:
        """The whole value after a key's colon, replaced (a scalar by a list, or the reverse)."""
        end = self.line_end(self.content_end(node))
        if isinstance(new, (dict, list)) and new:
            return Edit(after, end, self.newline + scalars.block(new, indent + 2, self.newline))
        if isinstance(new, str) and "\n" in new:
            written = scalars.literal(new, indent + 2, self.newline)
            if written is not None:
                return Edit(after, end, " " + written)
        shown = scalars.inline(new, '"') if isinstance(new, (dict, list)) else scalars.inline(new)
        return Edit(after, end, (" " + shown if shown else "") + self.newline)

    def _mapping(self, node: MappingNode, old: dict, new: dict) -> list[Edit] | None:
        edits: list[Edit] = []
        seen = set()
        for key_node, value_node in node.value:
            key = key_node.value
            seen.add(key)
            colon = self.text.find(":", key_node.end_mark.index) + 1
            if key not in new:
                start = self.line_start(key_node.start_mark.index)
                end = self.line_end(max(self.content_end(value_node), colon))
                edits.append(Edit(start, end, ""))
                continue
            found = self.diff(value_node, old.get(key), new[key], key_node.start_mark.column, colon)
            if found is None:
                return None
            edits += found
        added = {key: value for key, value in new.items() if key not in seen}
        if added:
            column = node.value[0][0].start_mark.column if node.value else 0
            last_key, last_value = node.value[-1]
            at = self.line_end(max(self.content_end(last_value), last_key.end_mark.index))
            lead = self.newline if at == len(self.text) and not self.text.endswith("\n") else ""
            edits.append(Edit(at, at, lead + scalars.block(added, column, self.newline)))
        return edits

    def _sequence(
        self, node: SequenceNode, old: list, new: list, indent: int, after: int
    ) -> list[Edit] | None:
        items = node.value
        dash = node.start_mark.column
        if not new:
            end = self.line_end(self.content_end(node))
            return [Edit(after, end, " []" + self.newline)]
        matched = self._matched(old, new)
        if [index for index, _ in matched] == list(range(len(items))):
            return self._in_place(items, old, new, dash)
        # Each item's lines start after the previous item's, so that the comments above an
        # item move with it; the first item's after its key's line, or at its dash when the
        # list starts on its parent's line (`- - a`), where the first piece is put unindented.
        dash_at = node.start_mark.index
        on_line = bool(self.text[self.line_start(dash_at) : dash_at].strip())
        first = self.line_start(items[0].start_mark.index)
        lead = self.line_end(after) if after < first else first
        start = dash_at if on_line else min(lead, first)
        starts = [start] + [self.line_end(self.content_end(item)) for item in items[:-1]]
        ends = [*starts[1:], self.line_end(self.content_end(items[-1]))]
        pieces = []
        for index, value in matched:
            if index is None:
                pieces.append(scalars.block([value], dash, self.newline))
                continue
            item = items[index]
            found = self.diff(item, old[index], value, dash, item.start_mark.index)
            if found is None:
                return None
            piece = self.apply(found, starts[index], ends[index])
            piece = " " * dash + piece if on_line and index == 0 else piece
            pieces.append(piece if piece.endswith("\n") else piece + self.newline)
        joined = "".join(pieces)
        return [Edit(starts[0], ends[-1], joined.lstrip(" ") if on_line else joined)]

    def _in_place(self, items: list, old: list, new: list, dash: int) -> list[Edit] | None:
        """Edits inside each item, for a list whose items stay where they are."""
        edits: list[Edit] = []
        for item, before, value in zip(items, old, new, strict=True):
            found = self.diff(item, before, value, dash, item.start_mark.index)
            if found is None:
                return None
            edits += found
        return edits

    @staticmethod
    def _matched(old: list, new: list) -> list[tuple[int | None, Any]]:
        """Each new item with the old item it came from: an equal one, else the next unused
        one of the same kind in order, else None (a new item)."""
        unused = list(range(len(old)))
        pairs: list[tuple[int | None, Any]] = []
        for value in new:
            same = next((i for i in unused if plain(old[i]) == plain(value)), None)
            if same is not None:
                unused.remove(same)
            pairs.append((same, value))
        for position, (index, value) in enumerate(pairs):
            if index is None:
                kind = next((i for i in unused if type(plain(old[i])) is type(value)), None)
                if kind is not None:
                    unused.remove(kind)
                    pairs[position] = (kind, value)
        return pairs

    def content_end(self, node: Node) -> int:
        """Where node's own text ends (a block collection's end is the next token's start)."""
        if isinstance(node, ScalarNode) or node.flow_style or not node.value:
            return node.end_mark.index
        last = node.value[-1]
        if isinstance(last, tuple):
            key, value = last
            return max(self.content_end(value), key.end_mark.index)
        return self.content_end(last)

    def line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def line_end(self, index: int) -> int:
        """The start of the line after the one index is on (index itself if a line starts there)."""
        if index > 0 and self.text[index - 1] == "\n":
            return index
        found = self.text.find("\n", index)
        return len(self.text) if found < 0 else found + 1


def _flow_unsafe(value: Any) -> bool:
    """Whether a string would end or split a value inside `[...]` or `{...}`."""
    return isinstance(value, str) and any(char in value for char in ",[]{}")


def _by_ruamel(text: str, new: Any) -> str:
    """new written by ruamel.yaml's round-trip dumper over text's document (the fallback)."""
    import io

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    document = yaml.load(text) if text.strip() else None
    document = _merged(document, new)
    out = io.StringIO()
    yaml.dump(document, out)
    result = out.getvalue()
    return result.replace("\n", "\r\n") if "\r\n" in text else result


def _merged(document: Any, new: Any) -> Any:
    """new laid over document, keeping document's containers (and their comments)."""
    if isinstance(document, dict) and isinstance(new, dict):
        for key in [key for key in document if key not in new]:
            del document[key]
        for key, value in new.items():
            document[key] = _merged(document.get(key), value)
        return document
    if isinstance(document, list) and isinstance(new, list):
        merged = [_merged(document[i] if i < len(document) else None, v) for i, v in enumerate(new)]
        document[:] = merged
        return document
    return new
