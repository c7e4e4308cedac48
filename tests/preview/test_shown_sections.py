"""Which sections a page shows, read from its templates, in the order it shows them."""

from __future__ import annotations

from jinja2 import DictLoader, Environment

from sitegen.preview.reload import parse_since
from sitegen.preview.shown_sections import sections_named

KNOWN = ["contacts", "coverage", "damages", "incident"]
BASE = (
    "<html><head>{{ sections.contacts.items_meta | jsonld }}</head><body>"
    "{% block main %}{{ sections.incident.heading }}{% endblock %}"
    "{{ shared('footer.html') }}</body></html>"
)


def _shown(**templates: str) -> dict[str, list[str]]:
    env = Environment(loader=DictLoader({"base.html": BASE, **templates}))
    return {name: sections_named(env, name, KNOWN) for name in templates}


def test_blocks_are_read_where_the_parent_places_them_and_head_comes_last() -> None:
    shown = _shown(
        **{
            "footer.html": "{% for c in sections.contacts.items %}{{ c }}{% endfor %}",
            "home.html": (
                '{% extends "base.html" %}{% block main %}{% include "cards.html" %}'
                '{{ sections["coverage"].heading }}{% endblock %}'
            ),
            "cards.html": "{% set cards = sections.damages %}{{ cards.heading }}",
            "page.html": '{% extends "base.html" %}',
            "lonely.html": "<head>{{ sections.incident }}</head><p>nothing</p>",
        }
    )
    # The home page's own block replaces the parent's (no incident); the footer's contacts
    # follow the block, and the head's mention adds nothing new.
    assert shown["home.html"] == ["damages", "coverage", "contacts"]
    assert shown["page.html"] == ["incident", "contacts"]
    assert shown["lonely.html"] == ["incident"]  # only read in <head>: still shown


def test_a_template_that_uses_sections_otherwise_shows_them_all() -> None:
    shown = _shown(
        loop="{% for name, s in sections.items() %}{{ s }}{% endfor %}",
        any="{{ sections[name] }}",
        passed="{{ show(sections) }}",
        none="<p>{{ page.title }}</p>",
    )
    assert shown == {"loop": KNOWN, "any": KNOWN, "passed": KNOWN, "none": []}


def test_missing_broken_and_looping_templates_are_read_as_far_as_they_go() -> None:
    shown = _shown(
        a='{{ sections.damages }}{% include "b" %}{% include "gone.html" %}',
        b='{{ sections.coverage }}{% include "a" %}',
        broken="{{ sections.damages }}{% if %}",
    )
    assert shown == {"a": ["damages", "coverage"], "b": ["coverage", "damages"], "broken": []}


def test_a_reload_request_that_names_no_build_gets_the_newest() -> None:
    assert [parse_since(v) for v in ("3", "-1", "--5", "", None, "x", "9" * 40)] == [
        3,
        -1,
        -1,
        -1,
        -1,
        -1,
        -1,
    ]
