"""A site's own models (`models/`): what its settings, pages and data files may hold.

The engine knows the fields every site has (`builtin_models.py`); a site adds its own, with
their types, in YAML files beside its templates, as Lektor's `models/` do:

    models/site.yml         more fields of content/site.yml
    models/page.yml         more fields of a page's front matter
    models/data/NAME.yml    the fields of content/data/NAME.yml (the file must exist)
    models/sections/NAME.yml  the front matter of content/sections/NAME.md (or of NAME/index.md)
                            under `fields:`, and of each item of the folder under `items:`

Each file holds `fields:` (a name and a type each: `text`, `yen?` for one that may be left
out, `{list: ...}`, `{fields: ...}`) and, optionally, `rules:` across fields (`sum`,
`confirm`) and a `purpose:` that messages quote when the data file is missing.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen.core.problems import ContentError, Problem, collect
from sitegen.source.textfile import read_text
from sitegen.source.yaml_loader import Mapping, Sequence, load_yaml
from sitegen.validate import builtin_models
from sitegen.validate.fields import KINDS, Spec

OPTIONAL = "?"
# label and help: the words the browser editor shows beside the field.
_SPEC_KEYS = frozenset({"type", "fields", "list", "optional", "label", "help"})
_FILE_KEYS = frozenset({"purpose", "fields", "list", "items", "rules"})
# Each rule: the keys it takes, and which of them name fields of the model.
RULES: dict[str, tuple[str, ...]] = {
    "sum": ("sum", "equals"),  # the items' field adds up to the stated total
    "confirm": ("confirm", "flag", "label", "value"),  # items flagged false get a note
}


@dataclass(frozen=True)
class Rule:
    """A check across the fields of one file, with the line it was declared at."""

    kind: str
    options: dict[str, str]


@dataclass(frozen=True)
class Model:
    """What one kind of content file holds."""

    spec: Spec
    source: Path | None = None
    purpose: str = ""
    rules: tuple[Rule, ...] = ()
    items: Spec | None = None  # a section's items (cards), where it has them


@dataclass(frozen=True)
class SiteModels:
    """The models of one site: its settings, its pages' front matter and its data files."""

    site: Model
    page: Model
    data: dict[str, Model] = field(default_factory=dict)
    sections: dict[str, Model] = field(default_factory=dict)


def load_models(folder: Path) -> SiteModels:
    """The engine's models extended by the site's files in folder; one error lists all."""
    problems: list[Problem] = []
    site = _extended(builtin_models.SITE, folder / "site.yml", problems)
    page = _extended(builtin_models.PAGE, folder / "page.yml", problems)
    data = _read_folder(folder / "data", problems)
    sections = {
        name: _with_section_fields(model)
        for name, model in _read_folder(folder / "sections", problems).items()
    }
    if problems:
        raise ContentError(problems)
    return SiteModels(site, page, data, sections)


def _read_folder(folder: Path, problems: list[Problem]) -> dict[str, Model]:
    models = {}
    if folder.is_dir():
        for source in sorted(folder.glob("*.yml")):
            model = collect(problems, lambda s=source: read_model(s))
            if model is not None:
                models[source.stem] = model
    return models


def _with_section_fields(model: Model) -> Model:
    """A section's model with the fields every section and item has (order, draft)."""
    base = builtin_models.SECTION.fields
    spec = Spec("map", fields={**base, **model.spec.fields})
    items = model.items or Spec("map", fields={})
    items = Spec("map", fields={**base, **items.fields})
    return Model(spec, model.source, model.purpose, model.rules, items)


def _extended(base: Spec, source: Path, problems: list[Problem]) -> Model:
    """The engine's model of a file, with the site's fields (which win) added."""
    if not source.is_file():
        return Model(base)
    model = collect(problems, lambda: read_model(source))
    if model is None:
        return Model(base)
    return Model(_merged(base, model.spec), source, model.purpose, model.rules)


def _merged(base: Spec, site: Spec) -> Spec:
    """The site's fields over the engine's; a group both declare (labels) holds both's fields."""
    fields = dict(base.fields)
    for name, spec in site.fields.items():
        ours = fields.get(name)
        if ours is not None and ours.kind == spec.kind == "map":
            spec = Spec("map", spec.required, fields=_merged(ours, spec).fields)
        fields[name] = spec
    return Spec("map", base.required, fields=fields)


def read_model(source: Path) -> Model:
    """One model file: its fields, rules and purpose."""
    data = load_yaml(read_text(source), source)
    reader = _Reader(source)
    for key in data if isinstance(data, Mapping) else ():
        if key not in _FILE_KEYS:
            reader.add("E120", data.mark_of(key), detail=str(key))
    if isinstance(data, Mapping) and isinstance(data.get("fields"), Mapping):
        spec: Spec | None = reader.mapping(data["fields"], required=True)
    elif isinstance(data, Mapping) and "list" in data:  # a file that is a list of items
        spec = reader.spec({"list": data["list"]}, source.stem, data.mark_of("list"))
    else:
        reader.add("E120", getattr(data, "mark", (1, 1)), detail="fields:")
        raise ContentError(reader.problems)
    if spec is None:
        raise ContentError(reader.problems)
    rules = reader.rules(data.get("rules"), spec)
    purpose = str(data.get("purpose") or "")
    items = reader.spec(data["items"], "items", data.mark_of("items")) if "items" in data else None
    if reader.problems:
        raise ContentError(reader.problems)
    return Model(spec, source, purpose, tuple(rules), items)


@dataclass
class _Reader:
    source: Path
    problems: list[Problem] = field(default_factory=list)

    def add(self, code: str, mark: tuple[int, int], **values: object) -> None:
        self.problems.append(Problem.of(code, self.source, *mark, **values))

    def mapping(self, fields: Mapping, required: bool) -> Spec:
        specs = {}
        for name, value in fields.items():
            spec = self.spec(value, str(name), fields.mark_of(name))
            if spec is not None:
                specs[str(name)] = spec
        return Spec("map", required, fields=specs)

    def spec(self, value: Any, name: str, mark: tuple[int, int]) -> Spec | None:
        """A field's spec from `kind`, `kind?`, `{list: ...}`, `{fields: ...}` or `{type: ...}`."""
        if isinstance(value, str):
            kind = value.removesuffix(OPTIONAL).strip()
            return self.scalar(kind, not value.endswith(OPTIONAL), name, mark)
        if not isinstance(value, dict) or not value.keys() <= _SPEC_KEYS:
            self.add("E120", mark, detail=name)
            return None
        spec = self._described(value, name, mark)
        if spec is None:
            return None
        words = {key: str(value[key]) for key in ("label", "help") if value.get(key)}
        return dataclasses.replace(spec, **words) if words else spec

    def _described(self, value: dict, name: str, mark: tuple[int, int]) -> Spec | None:
        """The spec a `{type: ...}`, `{list: ...}` or `{fields: ...}` mapping states."""
        required = value.get("optional", False) is not True
        if "fields" in value and isinstance(value["fields"], Mapping):
            return self.mapping(value["fields"], required)
        if "list" in value:
            items = self.spec(value["list"], name, _mark_of(value, "list", mark))
            return None if items is None else Spec("list", required, items=items)
        return self.scalar(
            str(value.get("type", "")), required, name, _mark_of(value, "type", mark)
        )

    def scalar(self, kind: str, required: bool, name: str, mark: tuple[int, int]) -> Spec | None:
        if kind not in KINDS or kind in ("map", "list"):
            kinds = "、".join(sorted(KINDS - {"map", "list"}))
            self.add("E121", mark, field=name, kind=kind, kinds=kinds)
            return None
        return Spec(kind, required)

    def rules(self, rules: Any, spec: Spec) -> list[Rule]:
        if rules is None:
            return []
        if not isinstance(rules, Sequence):
            self.add("E120", getattr(rules, "mark", (1, 1)), detail="rules:")
            return []
        found = []
        for index, rule in enumerate(rules):
            mark = rules.mark_of(index)
            kind = next((k for k in RULES if isinstance(rule, Mapping) and k in rule), None)
            if kind is None:
                self.add("E122", mark, rule=_shown(rule), rules="、".join(RULES))
                continue
            options = {key: str(rule.get(key, "")) for key in RULES[kind]}
            missing = [path for path in _fields_named(kind, options) if not _has(spec, path)]
            for path in missing:
                self.add("E123", mark, field=path)
            if not missing:
                found.append(Rule(kind, options))
        return found


def _fields_named(kind: str, options: dict[str, str]) -> list[str]:
    """The field paths a rule's options name (a confirm rule's options name item fields)."""
    if kind == "confirm":
        items = options["confirm"]
        return [items] + [f"{items}.{options[key]}" for key in ("flag", "label", "value")]
    return list(options.values())


def _mark_of(value: dict, key: str, default: tuple[int, int]) -> tuple[int, int]:
    return value.mark_of(key) if isinstance(value, Mapping) else default


def _has(spec: Spec, path: str) -> bool:
    """Whether a dotted field path (`costs.yen`) names a field, through lists."""
    for name in path.split("."):
        while spec.kind == "list" and spec.items is not None:
            spec = spec.items
        if name not in spec.fields:
            return False
        spec = spec.fields[name]
    return True


def _shown(rule: Any) -> str:
    if isinstance(rule, Mapping):
        return "、".join(str(key) for key in rule)
    return str(rule)
