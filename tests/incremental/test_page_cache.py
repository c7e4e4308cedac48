"""The build cache (.cache/) never changes the output: cached builds equal cold ones."""

from __future__ import annotations

import contextlib
import datetime
import os
import pickle
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from sitegen.core.problems import ContentError, Problem
from sitegen.core.project import Project
from sitegen.pipeline import BuildResult, build

from conftest import ROOT, copy_project, run_inline, tree_digest

GROWING = ROOT / "tests" / "sites" / "growing"
TODAY = datetime.date(2026, 11, 26)

# ---------------------------------------------------------------------- a site with every kind


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def photo(path: Path, seed: int, size: tuple[int, int] = (480, 320)) -> None:
    rng = random.Random(seed)
    colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
    image = Image.new("RGB", size, colour)
    image.paste((255 - colour[0], 40, 90), (0, 0, size[0] // 3, size[1] // 2))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)


def growing_site(root: Path) -> Path:
    """The growing test site (a menu, folders, news, drafts), a photo, a post not yet due."""
    copy_project(GROWING, root)
    photo(root / "content" / "guide" / "photo.jpg", 0)
    append(root / "content" / "guide" / "faq.md", "\n![相談の様子](photo.jpg)\n")
    write(
        root / "content" / "news" / "2026-12-05-seminar.md",
        '---\ntitle: 年明けのセミナー\ndescription: セミナーのお知らせです。\ndate: "2026-12-05"\n'
        "---\n\n# 年明けのセミナー\n\n[お知らせの一覧](index.md)をご覧ください。\n",
    )
    return root


@dataclass
class State:
    """What the edits so far have made of the site."""

    root: Path
    today: datetime.date = TODAY
    faq: str = "faq.md"  # the current name of guide/faq.md, which two pages link to
    stale: bool = False  # a link to the FAQ's old name is left in guide/index.md


def content_pages(root: Path) -> list[Path]:
    content = root / "content"
    return sorted(
        p for p in content.rglob("*.md") if p.relative_to(content).parts[0] not in ("sections",)
    )


def news_posts(root: Path) -> list[Path]:
    return sorted(p for p in (root / "content" / "news").glob("*.md") if p.name != "index.md")


def set_field(path: Path, name: str, value: str) -> None:
    """Set a front matter field (the first line `name: ...`), adding it if it is missing."""
    text = path.read_text(encoding="utf-8")
    line = f"{name}: {value}\n"
    pattern = re.compile(rf"^{name}: .*\n", re.MULTILINE)
    end = text.index("\n---", 3)
    if pattern.search(text[:end]):
        text = pattern.sub(line.replace("\\", "\\\\"), text, count=1)
    else:
        text = text[:4] + line + text[4:]
    path.write_text(text, encoding="utf-8")


def link_faq(state: State, old: str) -> None:
    """Point the links to the FAQ at its current name."""
    about = state.root / "content" / "about.md"
    about.write_text(
        about.read_text("utf-8").replace(f"guide/{old}", f"guide/{state.faq}"), "utf-8"
    )
    guide = state.root / "content" / "guide" / "index.md"
    guide.write_text(guide.read_text("utf-8").replace(f"]({old})", f"]({state.faq})"), "utf-8")


def edit(state: State, kind: str, number: int) -> None:
    """One edit an editor or a developer might make."""
    root, rng = state.root, random.Random(number)
    if state.stale:  # the editor fixes the link the last rename broke
        link_faq(state, "faq.md")
        for old in re.findall(r"\]\((faq\d*\.md)\)", (root / "content/guide/index.md").read_text()):
            link_faq(state, old)
        state.stale = False
    pages = content_pages(root)
    some = pages[number % len(pages)]
    word = rng.choice(["保険", "補償", "事故", "対応", "費用"]) + str(number)
    site = root / "content" / "site.yml"
    if kind == "page text":
        append(some, f"\n{word}について。[トップ](/)\n\n## {word}の節\n")
    elif kind == "front matter":
        set_field(some, "description", f"{word}の説明です。")
    elif kind == "retitle":  # shown in breadcrumbs and news lists, on other pages
        set_field(some, "title", word)
    elif kind == "template":
        path = root / "templates" / "page.html"
        text = path.read_text("utf-8").replace(
            'class="wrap prose"', f'class="wrap prose n{number}"'
        )
        path.write_text(text, "utf-8")
    elif kind == "site.yml":
        text = site.read_text("utf-8")
        site.write_text(re.sub(r"^name: .*$", f"name: 協会{word}", text, flags=re.M), "utf-8")
    elif kind == "data":
        chart = root / "content" / "data" / "chart.yml"
        text = re.sub(r"^title: .*$", f"title: {word}の件数", chart.read_text("utf-8"), flags=re.M)
        chart.write_text(text, "utf-8")
    elif kind == "section":
        append(root / "content" / "sections" / "incident.md", f"\n{word}を追加しました。\n")
    elif kind == "asset":
        append(root / "assets" / "css" / "site.css", f"p.n{number} {{ margin: 0; }}\n")
    elif kind == "delete" and len(news_posts(root)) > 1:
        news_posts(root)[number % len(news_posts(root))].unlink()
    elif kind == "add":  # a page no other page links to (W601)
        write(
            root / "content" / f"n{number}.md",
            f"---\ntitle: {word}\ndescription: {word}です。\n---\n\n# {word}\n\n[トップ](/)\n",
        )
    elif kind == "menu entry":
        text = site.read_text("utf-8")
        entry = f"  - title: {word}\n    link: guide/index.md\n"
        site.write_text(text.replace("menu:\n", "menu:\n" + entry, 1), "utf-8")
    elif kind == "menu title":
        text = site.read_text("utf-8")
        site.write_text(text.replace("  - title: 協会の概要", f"  - title: {word}", 1), "utf-8")
    elif kind == "news":  # in the news list, and the top page's latest news
        write(
            root / "content" / "news" / f"{state.today.isoformat()}-n{number}.md",
            f'---\ntitle: {word}\ndescription: {word}です。\ndate: "{state.today.isoformat()}"\n'
            f"---\n\n# {word}\n\n[お知らせの一覧](index.md)\n",
        )
    elif kind == "draft":  # made a draft, or published again
        post = news_posts(root)[number % len(news_posts(root))]
        text = post.read_text("utf-8")
        if "draft: true\n" in text:
            post.write_text(text.replace("draft: true\n", ""), "utf-8")
        else:
            set_field(post, "draft", "true")
    elif kind == "rename":  # two pages link to it by its file name
        folder = root / "content" / "guide"
        old, state.faq = state.faq, f"faq{number}.md"
        (folder / old).rename(folder / state.faq)
        link_faq(state, old)
        if rng.random() < 0.5:  # one link forgotten: an error, fixed by the next edit
            guide = folder / "index.md"
            guide.write_text(guide.read_text("utf-8").replace(state.faq, old), "utf-8")
            state.stale = True
    elif kind == "image":  # new pixels and size: new variant names in the pages
        photo(root / "content" / "guide" / "photo.jpg", number, (300 + number % 400, 200))
        if rng.random() < 0.5:
            photo(root / "assets" / "share.png", number, (1200, 630))
    elif kind == "date":  # nothing edited: a post dated after the old day may be due now
        state.today += datetime.timedelta(days=rng.randint(1, 20))


KINDS = [
    "page text",
    "front matter",
    "retitle",
    "template",
    "site.yml",
    "data",
    "section",
    "asset",
    "delete",
    "add",
    "menu entry",
    "menu title",
    "news",
    "draft",
    "rename",
    "image",
    "date",
    "nothing",
]


# ---------------------------------------------------------------------- comparing builds


@dataclass(frozen=True)
class Outcome:
    """What a build showed: its files (by SHA-256), or its problems; its warnings."""

    files: dict[str, str] | None
    problems: list[str]


def shown(problems: list[Problem], root: Path) -> list[str]:
    """Problems as the terminal shows them, but the cache's own notes (W801)."""
    return [p.format(root) for p in problems if p.code != "W801"]


def outcome(state: State, out: Path, use_cache: bool) -> tuple[Outcome, BuildResult | None]:
    before = tree_digest(out) if out.exists() else None
    try:
        result = build(Project(state.root), out, use_cache=use_cache, today=state.today)
    except ContentError as error:
        # A failed build leaves the output as it was.
        assert (tree_digest(out) if out.exists() else None) == before
        return Outcome(None, shown(error.problems, state.root)), None
    return Outcome(tree_digest(out), shown(result.warnings, state.root)), result


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.permutations(KINDS), st.lists(st.integers(0, 10_000), min_size=18, max_size=18))
def test_a_cached_build_equals_a_cold_build_after_any_edits(
    kinds: list[str], numbers: list[int]
) -> None:
    # Every kind of edit, in a random order: a bounded number of examples still tries each
    # kind after each other kind, on a site that the earlier edits have changed.
    with tempfile.TemporaryDirectory() as folder:
        state = State(growing_site(Path(folder) / "site"))
        dist, cold = state.root / "dist", Path(folder) / "cold"
        first, _ = outcome(state, dist, True)
        again, result = outcome(state, dist, True)
        # The cache is really used: with nothing changed, every page comes from it.
        assert result is not None and result.reused == result.pages > 0
        assert again == first
        for kind, number in zip(kinds, numbers, strict=True):
            edit(state, kind, number)
            cached, _ = outcome(state, dist, True)
            assert cached == outcome(state, cold, False)[0], kind


# ---------------------------------------------------------------------- what is rendered again


def built(root: Path, today: datetime.date = TODAY) -> BuildResult:
    return build(Project(root), root / "dist", today=today)


def test_a_new_post_renders_the_post_its_list_and_the_top_page_again(tmp_path: Path) -> None:
    root = growing_site(tmp_path / "site")
    first = built(root)
    write(
        root / "content" / "news" / "2026-11-25-new.md",
        '---\ntitle: 新しいお知らせ\ndescription: 新しいお知らせです。\ndate: "2026-11-25"\n---\n\n'
        "# 新しいお知らせ\n",
    )

    second = built(root)

    assert second.pages == first.pages + 1
    assert second.reused == first.pages - 2  # the news list and the top page's latest news
    index = (root / "dist" / "index.html").read_text("utf-8")
    listing = (root / "dist" / "news" / "index.html").read_text("utf-8")
    assert "新しいお知らせ" in index and "新しいお知らせ" in listing
    assert tree_digest(root / "dist") == cold_digest(root, tmp_path / "cold")


def test_a_retitled_folder_page_changes_the_breadcrumbs_below_it(tmp_path: Path) -> None:
    root = growing_site(tmp_path / "site")
    built(root)
    set_field(root / "content" / "guide" / "index.md", "title", "手続きの案内")

    result = built(root)

    # The folder's page itself, and the FAQ whose breadcrumb names it.
    assert result.reused == result.pages - 2
    faq = (root / "dist" / "guide" / "faq" / "index.html").read_text("utf-8")
    assert "手続きの案内" in faq
    assert tree_digest(root / "dist") == cold_digest(root, tmp_path / "cold")


def test_a_template_naming_another_by_a_variable_records_the_one_it_loaded(
    tmp_path: Path,
) -> None:
    root = growing_site(tmp_path / "site")
    template = root / "templates" / "page.html"
    text = template.read_text("utf-8").replace(
        '{% include "partials/news_list.html" %}',
        '{% set part = "partials/news_list.html" %}{% include part %}',
    )
    template.write_text(text, "utf-8")
    built(root)
    # The oldest post: in the news list, not among the top page's latest two.
    set_field(root / "content" / "news" / "2026-10-01-site.md", "title", "公開のお知らせ")
    assert built(root).reused == 7  # the post and the news list made again

    news_list = root / "templates" / "partials" / "news_list.html"
    news_list.write_text(news_list.read_text("utf-8") + "<!-- 一覧 -->\n", "utf-8")
    result = built(root)

    # The partial, loaded through a name computed while rendering, was recorded by the
    # pages that loaded it: the news list page and the top page (its latest news).
    assert result.reused == result.pages - 2
    assert "<!-- 一覧 -->" in (root / "dist" / "news" / "index.html").read_text("utf-8")
    assert tree_digest(root / "dist") == cold_digest(root, tmp_path / "cold")


def test_a_post_dated_tomorrow_is_published_tomorrow_with_nothing_edited(tmp_path: Path) -> None:
    root = growing_site(tmp_path / "site")
    post = root / "dist" / "news" / "2026-12-05-seminar" / "index.html"
    built(root, datetime.date(2026, 12, 4))
    assert not post.exists()

    result = built(root, datetime.date(2026, 12, 5))

    assert post.is_file()
    assert "年明けのセミナー" in (root / "dist" / "index.html").read_text("utf-8")
    assert result.reused < result.pages
    expected = tree_digest(root / "dist")
    assert expected == cold_digest(root, tmp_path / "cold", datetime.date(2026, 12, 5))


def cold_digest(root: Path, out: Path, today: datetime.date = TODAY) -> dict[str, str]:
    build(Project(root), out, use_cache=False, today=today)
    return tree_digest(out)


# ---------------------------------------------------------------------- warnings


def test_a_cached_build_reports_the_warnings_of_a_cold_build(tmp_path: Path) -> None:
    root = growing_site(tmp_path / "site")
    guide = root / "content" / "guide"
    photo(guide / "wide.png", 1, (6100, 4))  # past 6,000 pixels: W811
    photo(guide / "small.png", 2, (100, 50))  # shown wider than it is: W812
    append(
        guide / "faq.md",
        '\n![横長の図](wide.png)\n\n<img src="small.png" alt="小さな図" width="900">\n',
    )
    write(
        root / "content" / "orphan.md", "---\ntitle: 孤立\ndescription: 孤立です。\n---\n\n# 孤立\n"
    )

    cold = run_inline(root, "--no-cache")
    warm = [run_inline(root), run_inline(root)]

    assert cold.code == 0, cold.err
    for code in ("W601", "W811", "W812", "W301"):
        assert code in cold.err
    for run in warm:
        assert run.code == 0, run.err
        assert run.err == cold.err
    # The second build took every page from the cache, and still told all of it.
    assert list((root / ".cache" / "pages" / "build" / "html").rglob("*.html"))


def test_a_cached_build_reports_the_errors_of_a_cold_build(tmp_path: Path) -> None:
    root = growing_site(tmp_path / "site")
    assert run_inline(root).code == 0
    # The FAQ renamed, and guide/index.md (not edited) still links to its old name: only
    # the pages its body looked up tell the cache that the page's body changed.
    (root / "content" / "guide" / "faq.md").rename(root / "content" / "guide" / "qa.md")
    about = root / "content" / "about.md"
    about.write_text(about.read_text("utf-8").replace("guide/faq.md", "guide/qa.md"), "utf-8")

    warm = run_inline(root)
    cold = run_inline(root, "--no-cache")

    assert warm.code == cold.code != 0
    assert "E606" in warm.err
    assert warm.err == cold.err


# ---------------------------------------------------------------------- the cache's files


def test_damaged_cache_files_are_noted_once_ignored_and_rewritten(tmp_path: Path) -> None:
    root = growing_site(tmp_path / "site")
    assert run_inline(root).code == 0
    cache = root / ".cache"
    index = cache / "pages" / "build" / "index.marshal"
    index.write_bytes(index.read_bytes()[:40])  # truncated
    bodies = cache / "pages" / "build" / "bodies.sqlite"
    bodies.write_bytes(b"someone else's file" * 100)  # foreign
    for entry in (cache / "entries").rglob("*.label"):
        entry.write_bytes(b"\x00garbage")  # the images' entries
    # A template change makes every page read its converted body from the cache.
    append(root / "templates" / "page.html", "\n")

    result = run_inline(root)

    assert result.code == 0, result.err
    # One note for the whole build, whichever part of the cache was damaged.
    assert result.err.count("W801") == 1
    assert "Traceback" not in result.err
    assert tree_digest(root / "dist") == todays_cold_digest(root, tmp_path / "cold")
    again = run_inline(root)
    assert again.code == 0 and "W801" not in again.err


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: pickle.dumps({"format": "someone else"}),  # foreign
        lambda data: b"\x80\x05garbage",  # damaged
        # one byte flipped near the end, inside a page's entry: it could unpickle as another
        # front matter
        lambda data: data[:-40] + bytes([data[-40] ^ 1]) + data[-39:],
    ],
)
def test_a_damaged_front_matter_file_is_noted_ignored_and_rewritten(
    tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    root = growing_site(tmp_path / "site")
    assert run_inline(root).code == 0
    fronts = root / ".cache" / "pages" / "fronts.pickle"
    fronts.write_bytes(damage(fronts.read_bytes()))
    # A front matter changed at the same time is read as it is now.
    about = root / "content" / "about.md"
    about.write_text(about.read_text("utf-8").replace("title: ", "title: 新しい"), "utf-8")

    result = run_inline(root)

    assert result.code == 0, result.err
    assert result.err.count("W801") == 1
    assert "Traceback" not in result.err
    assert tree_digest(root / "dist") == todays_cold_digest(root, tmp_path / "cold")
    again = run_inline(root)
    assert again.code == 0 and "W801" not in again.err
    assert tree_digest(root / "dist") == todays_cold_digest(root, tmp_path / "cold-again")


def test_damaged_compiled_templates_are_noted_ignored_and_compiled_again(tmp_path: Path) -> None:
    root = growing_site(tmp_path / "site")
    assert run_inline(root).code == 0
    compiled = sorted((root / ".cache" / "templates").glob("*.bin"))
    assert compiled
    for number, path in enumerate(compiled):
        data = path.read_bytes()
        # truncated, foreign, or one byte flipped near the end (code that would still load)
        damaged = [data[:30], b"\x00garbage", data[:-20] + bytes([data[-20] ^ 1]) + data[-19:]]
        path.write_bytes(damaged[number % 3])
    # An edited page and an edited template: the pages are rendered with them again.
    append(root / "content" / "about.md", "\n追記です。\n")
    append(root / "templates" / "page.html", "\n")

    result = run_inline(root)

    assert result.code == 0, result.err
    assert result.err.count("W801") == 1
    assert "Traceback" not in result.err
    assert tree_digest(root / "dist") == todays_cold_digest(root, tmp_path / "cold")
    append(root / "content" / "about.md", "\nもう一度。\n")
    again = run_inline(root)
    assert again.code == 0 and "W801" not in again.err
    assert tree_digest(root / "dist") == todays_cold_digest(root, tmp_path / "cold-again")


def test_a_front_matter_mistake_is_reported_by_every_build(tmp_path: Path) -> None:
    root = growing_site(tmp_path / "site")
    assert run_inline(root).code == 0
    about = root / "content" / "about.md"
    about.write_text(about.read_text("utf-8").replace("title: ", "title: [", 1), "utf-8")

    runs = [run_inline(root), run_inline(root)]
    cold = run_inline(root, "--no-cache")

    assert cold.code != 0 and "about.md" in cold.err
    for run in runs:
        assert run.code == cold.code
        assert run.err == cold.err


def test_a_page_edited_by_hand_in_dist_is_written_again(tmp_path: Path) -> None:
    root = growing_site(tmp_path / "site")
    built(root)
    page = root / "dist" / "about" / "index.html"
    expected = page.read_bytes()
    # In place, as some editors save: the cache's copy shares this file's inode.
    with page.open("r+b") as stream:
        stream.write(b"<!-- edited by hand -->")

    result = built(root)

    assert page.read_bytes() == expected
    assert result.reused == result.pages - 1


def test_no_cache_neither_reads_nor_writes_the_cache(tmp_path: Path) -> None:
    root = growing_site(tmp_path / "site")
    result = run_inline(root, "--no-cache")
    assert result.code == 0, result.err
    assert not (root / ".cache").exists()  # images are encoded, and kept nowhere
    expected = tree_digest(root / "dist")
    assert run_inline(root).code == 0
    assert (root / ".cache" / "pages" / "build" / "index.marshal").is_file()
    assert tree_digest(root / "dist") == expected
    # A damaged cache is not even read.
    for entry in (root / ".cache").rglob("*"):
        if entry.is_file():
            entry.write_bytes(b"\x00")
    result = run_inline(root, "--no-cache")
    assert result.code == 0 and "W801" not in result.err
    assert tree_digest(root / "dist") == expected
    shutil.rmtree(root / ".cache")
    assert run_inline(root).code == 0
    assert tree_digest(root / "dist") == expected


def test_two_builds_at_once_leave_a_cache_that_builds_the_same_site(tmp_path: Path) -> None:
    root = growing_site(tmp_path / "site")
    for number in range(40):
        write(
            root / "content" / "news" / f"2026-10-{number % 28 + 1:02d}-p{number}.md",
            f'---\ntitle: 頁{number}\ndescription: 頁{number}です。\ndate: "2026-10-01"\n---\n\n'
            f"# 頁{number}\n\n本文{number}です。\n",
        )
    (root / "build.py").write_bytes((ROOT / "build.py").read_bytes())
    env_path = {"PYTHONPATH": str(ROOT)}
    for _ in range(2):
        runs = [
            subprocess.Popen(
                [sys.executable, "build.py", "--out", str(tmp_path / f"out{n}")],
                cwd=root,
                env={**os.environ, **env_path},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for n in range(2)
        ]
        assert [run.wait(120) for run in runs] == [0, 0]
        append(root / "content" / "about.md", "\n追記。\n")
    result = run_inline(root)
    assert result.code == 0, result.err
    assert "W801" not in result.err
    assert tree_digest(root / "dist") == cli_cold_digest(root, tmp_path / "cold")


def cli_cold_digest(root: Path, out: Path) -> dict[str, str]:
    """A build without the cache by the command line (on the same day as the other builds)."""
    assert run_inline(root, "--no-cache", "--out", str(out)).code == 0
    return tree_digest(out)


def todays_cold_digest(root: Path, out: Path) -> dict[str, str]:
    """A build without the cache, made in this process on the same day as the command line's
    builds: the reference for the command line's cached builds (a second of CPU less than
    starting the command line; the command line's own cold build is the reference of
    test_two_builds_at_once_…). Without page workers: a test's SITEGEN_JOBS is meant for the
    command line's builds, and workers write the same bytes (tests/setup/test_portability)."""
    jobs = os.environ.pop("SITEGEN_JOBS", None)
    try:
        build(Project(root), out, use_cache=False)
    finally:
        if jobs is not None:
            os.environ["SITEGEN_JOBS"] = jobs
    return tree_digest(out)


def test_the_same_project_named_another_way_uses_the_same_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = growing_site(tmp_path / "site")
    first = built(root)
    monkeypatch.chdir(root)

    again = build(Project(Path(".")), Path("dist"), today=TODAY)

    assert again.reused == again.pages == first.pages


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 3],  # truncated
        lambda data: data[:100] + b"\x00" * 4096 + data[4196:],  # a page of it overwritten
    ],
)
@pytest.mark.parametrize("jobs", ["1", "2"])  # met by the build itself, or by its workers
def test_a_damaged_bodies_database_is_noted_ignored_and_made_again(
    tmp_path: Path, damage: Callable[[bytes], bytes], jobs: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SITEGEN_JOBS", jobs)
    root = growing_site(tmp_path / "site")
    assert run_inline(root).code == 0
    bodies = root / ".cache" / "pages" / "build" / "bodies.sqlite"
    bodies.write_bytes(damage(bodies.read_bytes()))
    # A template change makes every page read its converted body from the cache.
    append(root / "templates" / "page.html", "\n")

    result = run_inline(root)

    assert result.code == 0, result.err
    assert result.err.count("W801") == 1
    assert "bodies.sqlite" in result.err
    assert "Traceback" not in result.err
    assert tree_digest(root / "dist") == todays_cold_digest(root, tmp_path / "cold")
    append(root / "templates" / "page.html", "\n")
    again = run_inline(root)
    assert again.code == 0 and "W801" not in again.err, again.err
    assert tree_digest(root / "dist") == todays_cold_digest(root, tmp_path / "cold-again")


def test_a_body_of_another_format_in_the_database_is_noted_and_converted_again(
    tmp_path: Path,
) -> None:
    root = growing_site(tmp_path / "site")
    assert run_inline(root).code == 0
    bodies = root / ".cache" / "pages" / "build" / "bodies.sqlite"
    with contextlib.closing(sqlite3.connect(bodies)) as db, db:
        db.execute("UPDATE bodies SET data = ?", (b'{"format": "someone else"}',))
    append(root / "templates" / "page.html", "\n")

    result = run_inline(root)

    assert result.code == 0, result.err
    assert result.err.count("W801") == 1
    assert tree_digest(root / "dist") == todays_cold_digest(root, tmp_path / "cold")
