"""Each page records what it read; a cached build equals a cold one after edits a
dependency tracker can miss, and each kind of recorded input is needed (issue 26).

The first tests are edits that trackers keyed by times or by declared dependencies get
wrong. The last is a test of the record itself: with any one kind of input left out of it
(blinded: its digest no longer changes), some edit leaves a stale page, so no kind of input
is recorded for nothing, and the property test and these edits would notice one forgotten.
"""

from __future__ import annotations

import datetime
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from test_page_cache import TODAY, append, growing_site, photo, set_field, write

from sitegen.core.problems import ContentError
from sitegen.core.project import Project
from sitegen.incremental import page_keys
from sitegen.pipeline import BuildResult, build

from conftest import tree_digest


def built(root: Path, out: str = "dist", use_cache: bool = True) -> BuildResult | str:
    """The build's result, or its problems as text when it fails."""
    try:
        return build(Project(root), root / out, use_cache=use_cache, today=TODAY)
    except ContentError as error:
        return "\n".join(p.format(root) for p in error.problems)


def outcome(root: Path, out: str, use_cache: bool) -> dict[str, str] | str:
    """The files a build made (by SHA-256), or its problems as text."""
    result = built(root, out, use_cache)
    return result if isinstance(result, str) else tree_digest(root / out)


def same_as_cold(root: Path) -> bool:
    """Whether a cached build (into dist/) shows what a cold build shows (in cold/)."""
    return outcome(root, "dist", True) == outcome(root, "cold", False)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = growing_site(tmp_path / "site")
    assert not isinstance(built(root), str)
    return root


def test_an_edit_of_the_same_size_with_the_old_time_put_back(site: Path) -> None:
    about = site / "content" / "about.md"
    before = about.stat()
    text = about.read_text("utf-8")
    about.write_text(text.replace("協会", "組合", 1), "utf-8")
    assert about.stat().st_size == before.st_size
    os.utime(about, ns=(before.st_atime_ns, before.st_mtime_ns))

    result = built(site)

    assert not isinstance(result, str) and result.reused == result.pages - 1
    assert "組合" in (site / "dist" / "about" / "index.html").read_text("utf-8")
    assert same_as_cold(site)


def test_a_file_restored_to_an_earlier_version_with_its_earlier_time(site: Path) -> None:
    about = site / "content" / "about.md"
    old, stat = about.read_bytes(), about.stat()
    append(about, "\n追記です。\n")
    built(site)
    about.write_bytes(old)
    os.utime(about, ns=(stat.st_atime_ns, stat.st_mtime_ns))

    built(site)

    assert "追記です" not in (site / "dist" / "about" / "index.html").read_text("utf-8")
    assert same_as_cold(site)


def test_a_model_change_that_makes_pages_invalid(site: Path) -> None:
    model = site / "models" / "page.yml"
    model.write_text(model.read_text("utf-8").replace("optional: true", "optional: false"))

    cached, cold = built(site), built(site, "cold", use_cache=False)

    assert isinstance(cached, str) and cached == cold  # the same errors, nothing written
    assert "lead" in cached


def test_a_stylesheet_change_reaches_every_page(site: Path) -> None:
    append(site / "assets" / "css" / "site.css", "p.note { margin: 0; }\n")

    result = built(site)

    assert not isinstance(result, str) and result.reused == 0
    assert same_as_cold(site)


def test_a_template_looked_for_and_not_found_counts_once_it_is_made(site: Path) -> None:
    page = site / "templates" / "page.html"
    text = page.read_text("utf-8")
    page.write_text(
        text + '{% include ["partials/notice.html", "partials/none.html"] ignore missing %}\n'
    )
    built(site)
    write(site / "templates" / "partials" / "notice.html", "<p>お知らせ枠</p>\n")

    built(site)

    assert "お知らせ枠" in (site / "dist" / "about" / "index.html").read_text("utf-8")
    assert same_as_cold(site)


@pytest.mark.parametrize("written", ["./partials/menu.html", "partials//menu.html"])
def test_a_partial_named_another_way_is_the_file_it_loads(site: Path, written: str) -> None:
    """`{% include "./partials/menu.html" %}` loads partials/menu.html: its record is that file."""
    base = site / "templates" / "base.html"
    base.write_text(base.read_text("utf-8").replace('"partials/menu.html"', f'"{written}"'))
    built(site)
    append(site / "templates" / "partials" / "menu.html", '<p class="menu-note">メニュー</p>\n')

    result = built(site)

    assert not isinstance(result, str) and result.reused < result.pages
    assert "menu-note" in (site / "dist" / "about" / "index.html").read_text("utf-8")
    assert same_as_cold(site)


def test_templates_in_a_linked_folder_are_found_and_recorded(site: Path, tmp_path: Path) -> None:
    """A partials folder shared between sites by a link, as Jinja's own loader follows it."""
    shared = tmp_path / "shared-partials"
    shutil.move(site / "templates" / "partials", shared)
    try:
        (site / "templates" / "partials").symlink_to(shared, target_is_directory=True)
    except OSError:  # Windows without the right to make links
        pytest.skip("this account cannot make symbolic links")
    assert not isinstance(built(site), str)
    append(shared / "menu.html", '<p class="menu-note">メニュー</p>\n')

    built(site)

    assert "menu-note" in (site / "dist" / "about" / "index.html").read_text("utf-8")
    assert same_as_cold(site)


# ---------------------------------------------------------------------- each kind is needed


def _partial(root: Path) -> None:
    append(root / "templates" / "partials" / "footer.html", "<!-- 末尾 -->\n")


def _settings(root: Path) -> None:
    settings = root / "content" / "site.yml"
    text = settings.read_text("utf-8")
    settings.write_text(text.replace("name: ", "name: 新", 1), "utf-8")


def _asset(root: Path) -> None:
    append(root / "assets" / "css" / "site.css", "p.note { margin: 0; }\n")


def _data(root: Path) -> None:
    chart = root / "content" / "data" / "chart.yml"
    text = chart.read_text("utf-8")
    chart.write_text(text.replace("title: ", "title: 新しい", 1), "utf-8")


def _section(root: Path) -> None:
    append(root / "content" / "sections" / "incident.md", "\n追加の一文です。\n")


def _latest(root: Path) -> None:
    day = TODAY.isoformat()
    write(
        root / "content" / "news" / f"{day}-new.md",
        f'---\ntitle: 最新の話題\ndescription: 最新です。\ndate: "{day}"\n---\n\n# 最新の話題\n',
    )


def _news_index(root: Path) -> None:
    # A list page in a folder named before news/: the top page's "every news" link goes there.
    body = (
        "---\ntitle: 注意喚起\ndescription: 注意喚起の一覧です。\nlist: news\n---\n\n# 注意喚起\n"
    )
    write(root / "content" / "alerts" / "index.md", body)


def _pages(root: Path) -> None:
    set_field(root / "content" / "guide" / "faq.md", "title", "よくある質問と答え")


def _looked_up(root: Path) -> None:
    # about.md and guide/index.md link to guide/faq.md, unedited: made a draft, their links
    # lead to an unpublished page (E607), which only the pages' records of it can tell.
    set_field(root / "content" / "guide" / "faq.md", "draft", "true")


def _crumbs(root: Path) -> None:
    set_field(root / "content" / "guide" / "index.md", "title", "手続きの案内")


def _entries(root: Path) -> None:
    set_field(root / "content" / "news" / "2026-10-01-site.md", "title", "公開のお知らせ")


def _blind(name: str) -> Callable[[pytest.MonkeyPatch], None]:
    """Leave one named input out of every record: its digest never changes."""

    def patch(monkeypatch: pytest.MonkeyPatch) -> None:
        real = page_keys.Inputs.digest

        def digest(self: page_keys.Inputs, asked: str) -> str | None:
            return "blind" if asked.startswith(name) else real(self, asked)

        monkeypatch.setattr(page_keys.Inputs, "digest", digest)

    return patch


def _no_lookups(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(page_keys, "still_alike", lambda addresses, seen: True)


def _own_without(index: int) -> Callable[[pytest.MonkeyPatch], None]:
    """Leave one part (4: breadcrumbs, 5: the list's pages) out of what is a page's own."""

    def patch(monkeypatch: pytest.MonkeyPatch) -> None:
        real = page_keys.digest

        def own(keys: page_keys.SiteKeys, page, body, nav) -> str:  # type: ignore[no-untyped-def]
            crumbs = page_keys._views(nav.crumbs(page)[:-1], keys.reads_body, keys.views)
            entries = page_keys._views(nav.lists.get(page.output, ()), keys.reads_body, keys.views)
            parts = [body, page.output, page.url, page_keys._fields(page), crumbs, entries]
            parts[index] = ""
            return real(*parts)

        monkeypatch.setattr(page_keys, "page_own", own)

    return patch


def _pages_template(root: Path) -> None:
    """A template that lists every page's title (as a site map page would)."""
    page = root / "templates" / "page.html"
    listing = "<ul>{% for p in pages %}<li>{{ p.title }}</li>{% endfor %}</ul>"
    text = page.read_text("utf-8").replace("{{ page.content }}", "{{ page.content }}" + listing)
    page.write_text(text, "utf-8")


def _photo_template(root: Path) -> None:
    """A photo of assets/images/ that the page template shows (a model's image field)."""
    photo(root / "assets" / "images" / "team.jpg", 3, (900, 600))
    page = root / "templates" / "page.html"
    shown = '{{ picture("images/team.jpg", "相談員") }}'
    text = page.read_text("utf-8").replace("{{ page.content }}", "{{ page.content }}" + shown)
    page.write_text(text, "utf-8")


def _image(root: Path) -> None:
    photo(root / "assets" / "images" / "team.jpg", 4, (700, 500))


KINDS = {
    # name: (leave it out, the edit it is needed for, set-up before the first build)
    "templates loaded": (_blind("template:"), _partial, None),
    "site settings": (_blind("settings"), _settings, None),
    "assets": (_blind("assets"), _asset, None),
    "images of assets/": (_blind("images"), _image, _photo_template),
    "data files": (_blind("data"), _data, None),
    "sections": (_blind("sections"), _section, None),
    "latest news": (_blind("latest"), _latest, None),
    "news list page": (_blind("news_index"), _news_index, None),
    "every page": (_blind("pages"), _pages, _pages_template),
    "pages looked up": (_no_lookups, _looked_up, None),
    "breadcrumbs": (_own_without(4), _crumbs, None),
    "list's pages": (_own_without(5), _entries, None),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_of_input_is_needed(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    leave_out, edit, prepare = KINDS[kind]
    root = growing_site(tmp_path / "site")
    if prepare is not None:
        prepare(root)
    leave_out(monkeypatch)
    assert not isinstance(built(root), str)
    edit(root)

    built(root)

    # Without it, the edit leaves a page as it was; with it (the property test, the tests
    # above), never.
    assert not same_as_cold(root), kind


def test_our_code_is_an_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new version of our code or libraries makes every page again; left out, none."""
    root = growing_site(tmp_path / "site")
    built(root)
    monkeypatch.setattr(page_keys, "code_fingerprint", lambda: "another version")
    result = built(root)
    assert not isinstance(result, str) and result.reused == 0
    _blind("code")(monkeypatch)
    built(root)
    monkeypatch.setattr(page_keys, "code_fingerprint", lambda: "a third version")
    again = built(root)
    assert not isinstance(again, str) and again.reused == again.pages


def test_a_day_can_change_a_page_with_nothing_edited(site: Path) -> None:
    """The day is an input of the pages whose status depends on it (a post not yet due)."""
    post = site / "dist" / "news" / "2026-12-05-seminar" / "index.html"
    assert not post.exists()
    result = build(Project(site), site / "dist", today=datetime.date(2026, 12, 5))
    assert post.is_file() and result.reused < result.pages
