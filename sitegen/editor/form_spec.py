"""A model as the fields of a form: one labelled control for each field, nested as the data.

Each field is named by its path in the data (`costs.2.yen`), which is also its name in the
posted form and where a problem of the file is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sitegen.core.messages import EDITOR_FIELDS, editor_text
from sitegen.editor import normalise
from sitegen.validate.fields import WEEKDAYS, Spec

# How each kind is typed: the control, and the keyboard a phone shows for it.
CONTROLS = {
    "markdown": ("textarea", "text"),
    "bool": ("checkbox", ""),
    "weekday": ("select", ""),
    "image": ("select", ""),
    "date": ("date", ""),
    "int": ("text", "numeric"),
    "year": ("text", "numeric"),
    "yen": ("text", "numeric"),
    "number": ("text", "decimal"),
    "phone": ("text", "tel"),
    "postal_code": ("text", "numeric"),
    "time": ("text", "numeric"),
    "url": ("text", "url"),
    "link": ("text", "url"),
    "color": ("text", "text"),
}
_AUTOCOMPLETE = {"phone": "tel", "postal_code": "postal-code", "url": "url"}


@dataclass
class Field:
    """One control of the form (or a group or list of them)."""

    path: str
    key: str
    kind: str
    label: str
    help: str
    required: bool
    value: Any = None
    children: list[Field] = field(default_factory=list)
    item: Spec | None = None  # what a list's items are
    messages: list[str] = field(default_factory=list)  # problems found at this field
    computed: str = ""  # the value the site uses while the field is empty

    @property
    def control(self) -> str:
        if self.kind == "text" and isinstance(self.value, str) and "\n" in self.value:
            return "textarea"
        if self.kind == "date" and self.value not in (None, "") and not _is_iso(self.value):
            return "text"  # a date the picker cannot show: kept as typed
        return CONTROLS.get(self.kind, ("text", ""))[0]

    @property
    def inputmode(self) -> str:
        return CONTROLS.get(self.kind, ("", ""))[1]

    @property
    def autocomplete(self) -> str:
        return _AUTOCOMPLETE.get(self.kind, "off")

    @property
    def shown(self) -> str:
        """The value as the control shows it (whole yen as 1億7,200万円)."""
        if self.kind == "yen":
            return normalise.show_yen(self.value)
        if self.value is None:
            return ""
        if isinstance(self.value, bool):
            return "true" if self.value else "false"
        return str(self.value)

    @property
    def dom_id(self) -> str:
        return "f-" + self.path.replace(".", "-")

    def walk(self) -> list[Field]:
        """This field and every field inside it."""
        found = [self]
        for child in self.children:
            found += child.walk()
        return found


def label_of(key: str, spec: Spec) -> tuple[str, str]:
    """A field's label and help: the site's model's, else the engine's, else its name."""
    engine = EDITOR_FIELDS.get(key, ("", ""))
    return spec.label or engine[0] or key, spec.help or engine[1] or _kind_help(spec.kind)


def _kind_help(kind: str) -> str:
    key = f"kind_help_{kind}"
    try:
        return editor_text(key)
    except KeyError:
        return ""


def build(spec: Spec, data: Any, path: str = "", key: str = "", label: str = "") -> Field:
    """The field for data under spec, with its children made from the data."""
    own_label, help_text = label_of(key, spec)
    made = Field(path, key, spec.kind, label or own_label, help_text, spec.required, data)
    if spec.kind == "map":
        values = data if isinstance(data, dict) else {}
        for name, child in spec.fields.items():
            inner = f"{path}.{name}" if path else name
            made.children.append(build(child, values.get(name), inner, name))
        made.value = None
    elif spec.kind == "list" and spec.items is not None:
        made.item = spec.items
        values = data if isinstance(data, list) else []
        for index, value in enumerate(values):
            number = editor_text("form_item", label=made.label, number=index + 1)
            made.children.append(build(spec.items, value, f"{path}.{index}", key, number))
        made.value = None
    return made


def weekday_choices() -> list[tuple[str, str]]:
    return [(day, EDITOR_FIELDS[f"weekday_{day}"][0]) for day in WEEKDAYS]


def _is_iso(value: Any) -> bool:
    text = str(value)
    return len(text) == 10 and text[4] == "-" and text[7] == "-" and text.replace("-", "").isdigit()
