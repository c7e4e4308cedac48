"""The editors' guide keeps up with the messages and with the live site's models."""

from sitegen.core.messages import CATALOGUE
from sitegen.validate.fields import Spec
from sitegen.validate.models import load_models

from conftest import ROOT

GUIDE = (ROOT / "docs" / "editing.md").read_text(encoding="utf-8")


def test_every_message_code_is_explained() -> None:
    for code in CATALOGUE:
        assert f"| {code} |" in GUIDE, code


def _fields(spec: Spec) -> set[str]:
    names = set(spec.fields)
    for child in spec.fields.values():
        names |= _fields(child)
    if spec.items is not None:
        names |= _fields(spec.items)
    return names


def test_every_field_is_documented() -> None:
    models = load_models(ROOT / "models")
    sections = models.sections.values()
    specs = [models.site.spec, models.page.spec, *(m.spec for m in models.data.values())]
    specs += [m.spec for m in sections] + [m.items for m in sections if m.items is not None]
    for name in set().union(*(_fields(spec) for spec in specs)):
        assert f"`{name}`" in GUIDE, name
