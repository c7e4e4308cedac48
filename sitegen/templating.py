"""The one place the Jinja environment is built, with every filter the templates use."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import chart, japanese, phone
from .errors import ContentError
from .markdown_ext import text_markdown


def make_environment(templates: Path, base_path: str, assets: dict[str, str]) -> Environment:
    """A Jinja environment: autoescaped, strict about undefined names, our filters in it."""
    env = Environment(
        loader=FileSystemLoader(templates),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    block, inline = text_markdown(), text_markdown(inline=True)
    env.filters.update(
        yen=japanese.yen,
        number=japanese.number,
        era_year=japanese.era_year,
        tel_uri=phone.tel_uri,
        markdown=_converter(block),
        markdown_inline=_converter(inline),
    )
    env.globals.update(
        asset=_asset_url(base_path, assets),
        url=lambda path="": base_path + path.lstrip("/"),
        chart_layout=chart.layout,
    )
    return env


def template_names(templates: Path) -> list[str]:
    """Every template a page may name, relative to the templates folder."""
    if not templates.is_dir():
        return []
    return sorted(p.relative_to(templates).as_posix() for p in templates.rglob("*.html"))


def _converter(md) -> Callable[[str], Markup]:
    """A filter that renders text from a data file as Markdown, its raw HTML escaped."""

    def convert(text: str) -> Markup:
        md.reset()
        return Markup(md.convert(str(text)))

    return convert


def _asset_url(base_path: str, assets: dict[str, str]) -> Callable[[str], str]:
    def asset(name: str) -> str:
        if name not in assets:
            raise ContentError.of("E403", None, name=name)
        return base_path + assets[name]

    return asset
