"""YAML for editors: YAML 1.2 scalars, duplicate keys refused, line numbers kept.

PyYAML follows YAML 1.1, where `10:00` is the number 600, `no` is False and `0120` loses its
leading zero. This loader resolves only YAML 1.2's core scalars (true/false, decimal numbers,
null), so everything else stays the string the editor wrote.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, SequenceNode

from sitegen.core.messages import YAML_PROBLEMS
from sitegen.core.problems import ContentError
from sitegen.source.yaml_hints import Slip, locate_slip

Mark = tuple[int, int]  # (line, column), both counted from 1


class Mapping(dict):
    """A dict that remembers where it and each of its keys stand in the file."""

    mark: Mark = (1, 1)
    key_marks: dict[Any, Mark]
    value_marks: dict[Any, Mark]  # where each value's text starts (inside its quotes)
    # The file it was read from; private, so that no key of the file is hidden by it in a
    # template (Jinja reads attributes before keys: `chart.source` must be the key).
    _source: Path | None = None

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.key_marks = {}
        self.value_marks = {}

    @property
    def source_file(self) -> Path | None:
        return self._source

    def value_mark_of(self, key: Any) -> Mark:
        return self.value_marks.get(key, self.mark_of(key))

    @property
    def line(self) -> int:
        return self.mark[0]

    def mark_of(self, key: Any) -> Mark:
        return self.key_marks.get(key, self.mark)

    def line_of(self, key: Any) -> int:
        return self.mark_of(key)[0]


def empty_mapping(source: Path) -> Mapping:
    """No fields, read from source (a page without front matter)."""
    mapping = Mapping()
    mapping._source = source
    return mapping


class Sequence(list):
    """A list that remembers where it and each of its items stand in the file."""

    mark: Mark = (1, 1)
    item_marks: list[Mark]
    text_marks: list[Mark]  # where each item's text starts (inside its quotes)

    def __init__(self, *args: Any):
        super().__init__(*args)
        self.item_marks = []
        self.text_marks = []

    def text_mark_of(self, index: int) -> Mark:
        return self.text_marks[index] if index < len(self.text_marks) else self.mark_of(index)

    @property
    def line(self) -> int:
        return self.mark[0]

    def mark_of(self, index: int) -> Mark:
        return self.item_marks[index] if index < len(self.item_marks) else self.mark

    def line_of(self, index: int) -> int:
        return self.mark_of(index)[0]


class _Resolver(yaml.resolver.Resolver):
    """YAML 1.2 core implicit types: `10:00`, `no` and `0120` stay strings."""


class _Constructor(yaml.constructor.SafeConstructor):
    """Safe construction into containers that know the line of each key and item."""

    line_offset = 0
    source: Path | None = None

    def _mark(self, node: yaml.Node) -> Mark:
        return (node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1)

    def _text_mark(self, node: yaml.Node) -> Mark:
        """Where a value's own text starts: after its opening quote, if it has one."""
        quoted = getattr(node, "style", None) in ('"', "'")
        return (node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1 + quoted)

    def construct_yaml_map(self, node: MappingNode):  # type: ignore[override]
        data = Mapping()
        data.mark = self._mark(node)
        data._source = self.source
        yield data
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            mark = self._mark(key_node)
            if key in data.key_marks:
                raise _DuplicateKeyError(key, *mark, data.key_marks[key][0])
            data.key_marks[key] = mark
            data.value_marks[key] = self._text_mark(value_node)
            data[key] = self.construct_object(value_node, deep=True)

    def construct_yaml_seq(self, node: SequenceNode):  # type: ignore[override]
        data = Sequence()
        data.mark = self._mark(node)
        data.item_marks = [self._mark(n) for n in node.value]
        data.text_marks = [self._text_mark(n) for n in node.value]
        yield data
        data.extend(self.construct_object(n, deep=True) for n in node.value)


class _DuplicateKeyError(Exception):
    def __init__(self, key: Any, line: int, column: int, first: int):
        self.key, self.line, self.column, self.first = key, line, column, first


class _Loader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    yaml.composer.Composer,
    _Constructor,
    _Resolver,
):
    """The pure-Python loader: slower, but its error messages are the ones we translate."""

    def __init__(self, stream: str):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _Constructor.__init__(self)
        _Resolver.__init__(self)


# libyaml parses about ten times faster; any file it refuses is parsed again by _Loader.
_FAST_LOADER: type | None = None
if yaml.__with_libyaml__:

    class _FastLoader(yaml.cyaml.CParser, _Constructor, _Resolver):
        def __init__(self, stream: str):
            yaml.cyaml.CParser.__init__(self, stream)
            _Constructor.__init__(self)
            _Resolver.__init__(self)

    _FAST_LOADER = _FastLoader


_Resolver.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^[-+]?(?:0|[1-9][0-9]*)$", list("-+0123456789")),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+0123456789."),
    ),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", ["<"]),
):
    _Resolver.add_implicit_resolver(_tag, re.compile(_pattern), _first)
_Constructor.add_constructor("tag:yaml.org,2002:map", _Constructor.construct_yaml_map)
_Constructor.add_constructor("tag:yaml.org,2002:seq", _Constructor.construct_yaml_seq)

# Slips that PyYAML either accepts silently or reports in words an editor cannot act on.
_TAB_INDENT = re.compile(r"^[ ]*\t")
_IDEOGRAPHIC_INDENT = re.compile(r"^[ \t]*\u3000")
_FULLWIDTH_COLON_KEY = re.compile(r"^[ ]*(?:-[ ]+)?([A-Za-z_][A-Za-z0-9_-]*)[ ]*：")
# A value opening a quote that its line does not close.
_OPEN_QUOTE = re.compile(r"""^[ ]*(?:-[ ]+)?(?:[A-Za-z_][A-Za-z0-9_-]*:[ ]+)?(["'])(?:(?!\1).)*$""")
# A whole plain value wrapped in typographic quotes, as word processors and IMEs type them.
_SMART_QUOTED = re.compile(r"^[ ]*(?:-[ ]+)?(?:[A-Za-z_][A-Za-z0-9_-]*:[ ]+)?([“‘]).*[”’][ ]*$")


def load_yaml(text: str, path: Path, line_offset: int = 0) -> Any:
    """Parse text from path; raise ContentError naming the line of any mistake."""
    _check_slips(text, path, line_offset)
    if _FAST_LOADER is not None:
        try:
            return _parse(_FAST_LOADER(text), line_offset, path)
        except (yaml.YAMLError, _DuplicateKeyError):
            pass  # parsed again below, for the message
    loader = _Loader(text)
    loader.line_offset = line_offset
    loader.source = path
    try:
        return loader.get_single_data()
    except _DuplicateKeyError as dup:
        raise ContentError.of(
            "E102", path, dup.line, dup.column, key=dup.key, first=dup.first
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        unclosed = _unclosed_quote(text, mark.line if mark else len(text))
        if unclosed is not None:
            line, column = unclosed
            raise ContentError.of("E107", path, line + line_offset, column) from None
        slip = _slip(text, exc)
        if slip is not None:
            line, column = slip.line + 1 + line_offset, slip.column + 1
            raise ContentError.of(slip.code, path, line, column, **slip.values) from None
        line = mark.line + 1 + line_offset if mark else None
        column = mark.column + 1 if mark else None
        raise ContentError.of("E101", path, line, column, detail=_translate(exc)) from None
    except yaml.YAMLError as exc:
        raise ContentError.of("E101", path, detail=str(exc)) from None
    finally:
        loader.dispose()


def _parse(loader: Any, line_offset: int, path: Path | None = None) -> Any:
    loader.line_offset = line_offset
    loader.source = path
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _check_slips(text: str, path: Path, line_offset: int) -> None:
    """Refuse tabs, ideographic spaces and full-width colons where YAML wants ASCII."""
    for number, line in enumerate(text.split("\n"), start=1 + line_offset):
        if _TAB_INDENT.match(line):
            raise ContentError.of("E103", path, number, line.index("\t") + 1)
        if _IDEOGRAPHIC_INDENT.match(line):
            raise ContentError.of("E104", path, number, line.index("\u3000") + 1)
        colon = _FULLWIDTH_COLON_KEY.match(line)
        if colon:
            raise ContentError.of("E105", path, number, line.index("：") + 1, key=colon[1])
        quoted = _SMART_QUOTED.match(line)
        if quoted:
            raise ContentError.of("E106", path, number, quoted.start(1) + 1)


def _unclosed_quote(text: str, last_line: int) -> tuple[int, int] | None:
    """The line and column of a value that opens a quote and never closes it on its line.

    YAML lets a quoted value run over several lines, so PyYAML reports such a slip far below
    it; editors never mean that, so the opening quote is the place to show.
    """
    for number, line in enumerate(text.split("\n")[: last_line + 1], start=1):
        found = _OPEN_QUOTE.match(line)
        if found:
            return number, found.start(1) + 1
    return None


def _slip(text: str, exc: yaml.MarkedYAMLError) -> Slip | None:
    """A key without its colon or its space, at the line where it was written."""
    if exc.problem_mark is None:
        return None
    context = exc.context_mark.line if exc.context_mark is not None else None
    mark = exc.problem_mark
    return locate_slip(text, exc.problem or "", mark.line, mark.column, context)


def _translate(exc: yaml.MarkedYAMLError) -> str:
    """PyYAML's problem in Japanese where we know it, else as PyYAML says it."""
    problem = (exc.problem or "").strip()
    for english, japanese in YAML_PROBLEMS.items():
        if problem.startswith(english.split(",")[0]) or english in problem:
            return japanese
    if problem.startswith("found character"):
        return YAML_PROBLEMS["found character that cannot start any token"]
    return problem or str(exc)
