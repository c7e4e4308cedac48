"""The one place the Jinja environment is built, with every filter the templates use."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import (
    Environment,
    Template,
    Undefined,
    pass_context,
)
from jinja2.runtime import Context
from markdown import Markdown
from markupsafe import Markup, escape

from sitegen.core.problems import ContentError
from sitegen.images.images import DEFAULT_SIZES, Shown, Source, picture_html
from sitegen.incremental.records import CONTEXT, TEMPLATE, record, recording, replay
from sitegen.japanese import dates as japanese_dates
from sitegen.japanese import numbers as japanese
from sitegen.japanese import phone, phrases
from sitegen.markdown.extensions import text_markdown
from sitegen.markdown.images import Media
from sitegen.markdown.limits import excesses
from sitegen.render import chart
from sitegen.render.missing import ContentUndefined, MissingAssetError, checked
from sitegen.sitefiles import jsonld
from sitegen.sitefiles.security import content_security_policy
from sitegen.source.template_files import TemplateFiles

Manifest = dict[str, tuple[str, bytes]]  # asset name -> (output path, bytes)


class RecordingContext(Context):
    """A template context that notes the site-wide values a template names (records)."""

    def resolve_or_missing(self, key: str) -> Any:
        if key in CONTEXT:
            record(key)
        return super().resolve_or_missing(key)


class RecordingEnvironment(Environment):
    """An environment that notes every template a page loads, or looks for and lacks.

    `_load_template` runs for every `get_template`, `{% include %}`, `{% extends %}` and
    `{% import %}`, the templates it already compiled too (as Lektor's does).
    """

    context_class = RecordingContext

    def _load_template(self, name: str, globals: Any) -> Template:
        record(TEMPLATE + name)  # before loading: a name not found, made later, counts
        return super()._load_template(name, globals)


def make_environment(
    templates: Path,
    site_url: str,
    base_path: str,
    manifest: Manifest,
    style_sources: list[str],
    media: Media | None = None,
) -> Environment:
    """A Jinja environment: autoescaped, strict about undefined names, our filters in it."""
    env = RecordingEnvironment(
        loader=TemplateFiles(templates),
        autoescape=True,
        undefined=ContentUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # One build never sees a template change (the preview makes a new environment).
        auto_reload=False,
    )
    parts = urlsplit(site_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    env.filters.update(
        # A value these cannot take is reported at the content that holds it.
        yen=checked(japanese.yen, "yen"),
        number=checked(japanese.number, "number"),
        era_year=checked(japanese.era_year, "year"),
        tel_uri=checked(phone.tel_uri, "phone"),
        phrases=phrases.with_breaks,
        markdown=_converter(text_markdown),
        markdown_inline=_converter(functools.partial(text_markdown, inline=True)),
        markdown_heading=_converter(functools.partial(text_markdown, inline=True, phrases=True)),
        jsonld=_memo_last(lambda contacts: jsonld.organizations(contacts, site_url)),
        japanese_date=_japanese_date,
        page_jsonld=lambda page: jsonld.web_page(page, origin),
    )
    env.globals.update(
        asset=_asset_url(base_path, manifest),
        asset_text=_asset_text(manifest),
        url=lambda path="": base_path + path.lstrip("/"),
        absolute=lambda path: origin + path,
        chart_layout=chart.layout,
        csp=content_security_policy(style_sources, for_meta=True),
        shared=_shared_partials(env),
    )
    if media is not None:
        env.globals.update(picture=_picture(media), image_url=_image_url(media, manifest))
    return env


@pass_context
def _japanese_date(context: Context, date: object) -> str:
    """2026年11月27日, or 令和8年11月27日 when the site's settings say `era_dates: true`."""
    if date is None:
        return ""
    site = context.get("site") or {}
    return japanese_dates.japanese_date(date, era=site.get("era_dates") is True)  # type: ignore[arg-type]


def template_names(templates: Path) -> list[str]:
    """Every template a page may name, relative to the templates folder."""
    if not templates.is_dir():
        return []
    return sorted(p.relative_to(templates).as_posix() for p in templates.rglob("*.html"))


def _converter(make: Callable[[], Markdown]) -> Callable[[str], Markup]:
    """A filter that renders text from a data file as Markdown, its raw HTML escaped.

    The converter is made on first use: making the three took 0.07 s of every build, and a
    rebuild that renders one page from cached partials may use none of them.
    """
    made: list[Markdown] = []

    # Footer and contact texts repeat on every page: each is converted once per build.
    @functools.lru_cache(maxsize=1024)
    def convert(text: str) -> Markup:
        if not made:
            made.append(make())
        if excesses(text):  # reported at its line by the checks (site_rules); never converted
            return escape(text)
        md = made[0]
        md.reset()
        return Markup(md.convert(text))

    return lambda text: convert(str(text))


def _shared_partials(env: Environment) -> Callable[..., Markup]:
    """A template function: a partial that is the same on every page, rendered once.

    `{{ shared("partials/footer.html") }}` renders the partial with `site`, `data` and
    `sections` only (a `page` in it is an error), and reuses the result on every page of the
    build.
    """
    done: dict[str, tuple[tuple[object, ...], Markup, frozenset[str]]] = {}

    @pass_context
    def shared(context: Context, name: str) -> Markup:
        values = {key: context[key] for key in ("site", "data", "sections")}
        key = tuple(values.values())
        cached = done.get(name)
        if cached is None or any(a is not b for a, b in zip(cached[0], key, strict=True)):
            with recording() as reads:
                html = Markup(env.get_template(name).render(**values))
            cached = done[name] = (key, html, frozenset(reads))
        replay(cached[2])  # each page that shows it read what it read
        return cached[1]

    return shared


def _memo_last(function: Callable[[Any], Markup]) -> Callable[[Any], Markup]:
    """function, remembering its last argument: every page passes the same contact list."""
    last: list[Any] = [None, None]

    def remembered(value: Any) -> Markup:
        if last[0] is not value:
            last[:] = [value, function(value)]
        return last[1]

    return remembered


def _asset_url(base_path: str, manifest: Manifest) -> Callable[[str], str]:
    def asset(name: str) -> str:
        if name not in manifest:
            raise MissingAssetError(name)
        return base_path + manifest[name][0]

    return asset


def _asset_text(manifest: Manifest) -> Callable[[str], Markup]:
    """The content of a text asset, to inline it (a stylesheet inside the page)."""

    @functools.cache
    def asset_text(name: str) -> Markup:
        if name not in manifest:
            raise MissingAssetError(name)
        return Markup(manifest[name][1].decode("utf-8"))

    return asset_text


def _photo(media: Media, name: str) -> Source | None:
    """The image of assets/ that a model's image field names ("images/card.jpg")."""
    return media.library.find(media.assets / str(name))


def _picture(media: Media) -> Callable[..., Markup]:
    """A template function: `{{ picture(card.image, card.image_alt, sizes="…") }}`.

    The image of an `image` field as a `<picture>` (resized WebP, and AVIF if the site asks,
    a fallback, width and height); lazily loaded unless `priority=true` (the first image a
    reader sees).
    """

    def picture(
        name: str, alt: str, sizes: str = DEFAULT_SIZES, priority: bool = False, css: str = ""
    ) -> Markup:
        source = _photo(media, name)
        if source is None:
            raise ContentError.of("E403", None, name=name)
        if isinstance(alt, Undefined) or alt is None:
            raise ContentError.of("E807", None, name=name)
        shown = Shown(str(alt), sizes=sizes, eager=bool(priority), css_class=css)
        return Markup(picture_html(media.library, source, shown))

    return picture


def _image_url(media: Media, manifest: Manifest) -> Callable[[str], str]:
    """A template function: the address of an image for other sites (a share image).

    A photo gives its fallback (JPEG or PNG, metadata stripped); another asset its own file.
    """

    def image_url(name: str) -> str:
        source = _photo(media, name)
        if source is not None:
            return media.library.url(source.fallback)
        if name not in manifest:
            raise ContentError.of("E403", None, name=name)
        return media.base_path + manifest[name][0]

    return image_url
