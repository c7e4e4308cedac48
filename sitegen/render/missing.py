"""A value a template needs that the content lacks, reported at the content file that lacks it.

Templates read `site`, `data`, `sections` and `page`. When one of them lacks a name the
template asks for, Jinja's message speaks of Python objects ("'dict object' has no
attribute 'chart'"); the undefined value raised here remembers whose name it was, so that
the message names the content file (or the missing data file or section) instead.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, UndefinedError
from jinja2.runtime import Undefined

from sitegen.core import messages
from sitegen.core.problems import ContentError, Problem
from sitegen.source.site import DataFiles, Site
from sitegen.source.yaml_loader import Mapping
from sitegen.validate.fields import Spec
from sitegen.validate.models import SiteModels


class MissingValueError(UndefinedError):
    """A template used a name that its owner (a content mapping, the data files...) lacks."""

    def __init__(self, owner: Any, name: Any, text: str):
        super().__init__(text)
        self.owner = owner
        self.name = name


class ContentUndefined(StrictUndefined):
    """StrictUndefined that raises MissingValueError, knowing whose name was missing."""

    __slots__ = ()

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> Any:
        raise MissingValueError(self._undefined_obj, self._undefined_name, self._undefined_message)


# Jinja binds every operator of an undefined value to the base class's function: rebind them.
for _base in (Undefined, StrictUndefined):
    for _name, _value in list(vars(_base).items()):
        if _value is Undefined._fail_with_undefined_error and _name != "_fail_with_undefined_error":
            setattr(ContentUndefined, _name, ContentUndefined._fail_with_undefined_error)


class MissingAssetError(ContentError):
    """A template asked for a file that assets/ does not hold (E403)."""

    def __init__(self, name: str):
        super().__init__([Problem.of("E403", None, name=name)])
        self.name = name


class BadValueError(Exception):
    """A filter was given a value it cannot show as its kind (a text where yen belong)."""

    def __init__(self, value: Any, kind: str):
        super().__init__(kind)
        self.value = value
        self.kind = kind


def checked(function: Callable[..., Any], kind: str) -> Callable[..., Any]:
    """A template filter that, given a value it cannot take, says which value and kind."""

    @functools.wraps(function)
    def filtered(value: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return function(value, *args, **kwargs)
        except (TypeError, ValueError) as error:
            if (args or kwargs) and _takes(function, value):
                raise  # the value is fine: the template's other arguments are not
            raise BadValueError(value, kind) from error

    return filtered


def _takes(function: Callable[..., Any], value: Any) -> bool:
    """Whether function accepts value alone."""
    try:
        function(value)
    except (TypeError, ValueError):
        return False
    return True


def where_written(value: Any, documents: Iterable[Any]) -> tuple[Path, int, int] | None:
    """The file, line and column where a content value is written, searching documents in order.

    documents are mappings read from files (settings, data, fields of pages and sections).
    """
    for document in documents:
        found = _find(document, value)
        if found is not None:
            return found
    return None


def _find(node: Any, value: str) -> tuple[Path, int, int] | None:
    if isinstance(node, Mapping):
        for key, child in node.items():
            source = node.source_file
            if _same(child, value) and source is not None:
                return (source, *node.value_mark_of(key))
            found = _find(child, value)
            if found is not None:
                return found
    elif isinstance(node, list):
        for child in node:
            found = _find(child, value)
            if found is not None:
                return found
    return None


def _same(written: Any, value: Any) -> bool:
    """Whether a value read from a file is the value a template was given (not a container)."""
    scalar = isinstance(written, str | int | float) and not isinstance(written, bool)
    return scalar and type(written) is type(value) and written == value


class SectionViews(dict):
    """The sections by name, as templates see them (`sections.contacts`); knows their folder."""

    folder: Path = Path("content/sections")


Declared = dict[Path, frozenset[str]]  # content file -> every field name its model allows


def declared_fields(site: Site, models: SiteModels) -> Declared:
    """The field names (at any depth) that each content file's model allows."""
    page = _names(models.page.spec)
    declared = {site.settings_file: _names(models.site.spec)}
    declared.update((p.source, page) for p in site.pages)
    for name, path in site.data_files.items():
        if name in models.data:
            declared[path] = _names(models.data[name].spec)
    for name, section in site.sections.items():
        model = models.sections.get(name)
        if model is not None:
            declared[section.source] = _names(model.spec)
            items = _names(model.items) if model.items is not None else frozenset()
            declared.update((item.source, items) for item in section.items)
    return declared


def _names(spec: Spec) -> frozenset[str]:
    names = set(spec.fields)
    for child in [*spec.fields.values(), *([spec.items] if spec.items else [])]:
        names |= _names(child)
    return frozenset(names)


def missing_problem(
    error: MissingValueError, template: str, root: Path, declared: Declared
) -> Problem | None:
    """The problem in the content that lacks what template needs; None if it is the template's.

    A name that the file's model does not allow cannot be written there (it would be an
    unknown field): asking for it is the template's mistake. root is the project's folder,
    for the file names shown.
    """
    owner, name = error.owner, str(error.name)
    if isinstance(owner, DataFiles):
        path = owner.folder / f"{name}.yml"
        return Problem.of("E405", path, file=_shown(path, root), template=template)
    if isinstance(owner, SectionViews):
        path = owner.folder / f"{name}.md"
        return Problem.of("E406", path, name=name, template=template)
    found = _fields_of(owner)
    if found is None:
        return None
    source, line = found
    if source in declared and name not in declared[source]:
        return None
    return Problem.of("E404", source, line, file=_shown(source, root), name=name, template=template)


def _fields_of(owner: Any) -> tuple[Path, int] | None:
    """The file and line of the content fields whose name was missing, if owner is content.

    owner is a mapping read from a file, or a page or section (whose fields are its front
    matter).
    """
    if isinstance(owner, Mapping):
        source = owner.source_file
        return (source, owner.line) if source is not None else None
    for part in ("page", "section"):
        document = getattr(owner, part, None)
        source = getattr(document, "source", None)
        meta = getattr(document, "meta", None)
        if isinstance(source, Path) and isinstance(meta, Mapping):
            return source, meta.line
    return None


def undefined_detail(error: MissingValueError) -> str:
    """An undefined name in a template, in words (for a template's own mistake)."""
    return messages.text("undefined_name", name=str(error.name))


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
