"""The build cache (.cache/pages/) never changes the output: cached builds equal cold ones."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.build.page_cache import FOLDER
from sitegen.build.pipeline import build
from sitegen.core.project import Project

from conftest import ROOT, run_build, tree_digest

PAGE = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>{{ page.title }}|{{ site.name }}</title>
<link rel="stylesheet" href="{{ asset('site.css') }}"></head>
<body><nav>{% for p in pages %}<a href="{{ p.url }}">{{ p.title }}</a>{% endfor %}</nav>
<main>{{ page.content }}</main>
<footer>{{ data.notes.text }} {{ sections.news.heading }} {{ sections.news.content }}</footer>
</body></html>
"""

FILES = {
    "content/site.yml": "name: 試験協会\nurl: https://example.jp/\nlang: ja\ndescription: 試験用です。\n",
    "models/site.yml": "fields: {}\n",
    "models/page.yml": "fields: {}\n",
    "models/data/notes.yml": "fields:\n  text: text\n",
    "content/data/notes.yml": "text: お知らせの文です。\n",
    "models/sections/news.yml": "fields:\n  heading: text\n",
    "content/sections/news.md": "---\nheading: 新着\n---\n\n新着情報の**本文**です。\n",
    "assets/site.css": "body { color: #111; }\n",
    "templates/page.html": PAGE,
    "content/index.md": "---\ntitle: トップ\n---\n\n# トップ\n\n## 入口\n\nようこそ。\n",
    "content/a.md": "---\ntitle: 案内\n---\n\n# 案内\n\n[トップの入口](../#入口)へ。\n",
    "content/b.md": "---\ntitle: 手続き\n---\n\n# 手続き\n\n- 一つ目\n- 二つ目\n",
}

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
    "rename",
    "add",
    "nothing",
]


def make_site(root: Path) -> Path:
    for relative, text in FILES.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def pages(root: Path) -> list[Path]:
    """The pages other than the home page (which the others link to)."""
    return sorted(p for p in (root / "content").glob("*.md") if p.name != "index.md")


def edit(root: Path, kind: str, number: int) -> None:
    """One edit an editor or a developer might make."""
    rng = random.Random(number)
    others = pages(root)
    some = others[number % len(others)] if others else root / "content" / "index.md"
    word = rng.choice(["保険", "補償", "事故", "対応", "費用"]) + str(number)
    if kind == "page text":
        append(some, f"\n{word}について。[トップ](../)\n\n## {word}の節\n")
    elif kind in ("front matter", "retitle"):
        text = some.read_text(encoding="utf-8")
        start = text.index("title: ") + len("title: ")
        end = text.index("\n", start)
        some.write_text(text[:start] + word + text[end:], encoding="utf-8")
    elif kind == "template":
        path = root / "templates" / "page.html"
        path.write_text(
            path.read_text(encoding="utf-8").replace("<main>", f"<main data-v='{number}'>", 1),
            encoding="utf-8",
        )
    elif kind == "site.yml":
        path = root / "content" / "site.yml"
        text = path.read_text(encoding="utf-8").split("\n", 1)[1]
        path.write_text(f"name: 協会{word}\n" + text, encoding="utf-8")
    elif kind == "data":
        (root / "content" / "data" / "notes.yml").write_text(f"text: {word}\n", encoding="utf-8")
    elif kind == "section":
        append(root / "content" / "sections" / "news.md", f"\n{word}を追加しました。\n")
    elif kind == "asset":
        append(root / "assets" / "site.css", f"p.n{number} {{ margin: 0; }}\n")
    elif kind == "delete" and len(others) > 1:
        some.unlink()
    elif kind == "rename" and others:
        some.rename(some.with_name(f"r{number}.md"))
    elif kind == "add":
        (root / "content" / f"n{number}.md").write_text(
            f"---\ntitle: {word}\n---\n\n# {word}\n\n本文です。[トップ](../)\n", encoding="utf-8"
        )


def cold(root: Path, out: Path) -> dict[str, str]:
    build(Project(root), out, use_cache=False)
    return tree_digest(out)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.permutations(KINDS),
    st.lists(st.integers(0, 10_000), min_size=12, max_size=12),
    st.booleans(),
)
def test_a_cached_build_equals_a_cold_build_after_any_edits(
    kinds: list[str], numbers: list[int], menu: bool
) -> None:
    # Every kind of edit, in a random order: a bounded number of examples still tries each
    # kind after each other kind, on a site that the earlier edits have changed; with a
    # menu of every page's title, or without (then a page's key holds no other page).
    with tempfile.TemporaryDirectory() as folder:
        root = make_site(Path(folder) / "site")
        if not menu:
            template = root / "templates" / "page.html"
            template.write_text(PAGE.replace("pages %}", "[] %}"), encoding="utf-8")
        project = Project(root)
        build(project, root / "dist")
        again = build(project, root / "dist")
        # The cache is really used: with nothing changed, every page comes from it.
        assert again.reused == again.pages == 3
        for kind, number in zip(kinds, numbers, strict=True):
            edit(root, kind, number)
            result = build(project, root / "dist")
            assert tree_digest(root / "dist") == cold(root, Path(folder) / "cold"), kind
            assert result.reused <= result.pages


def test_one_page_changed_renders_that_page_alone(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    for number in range(5):
        (root / "content" / f"p{number}.md").write_text(
            f"---\ntitle: 頁{number}\n---\n\n# 頁{number}\n", encoding="utf-8"
        )
    # Without `pages` in a template, no page shows another's title: a retitle is local.
    template = root / "templates" / "page.html"
    template.write_text(PAGE.replace("{% for p in pages %}", "{% for p in [] %}"), "utf-8")
    project = Project(root)
    first = build(project, root / "dist")
    append(root / "content" / "a.md", "\n追記です。\n")
    second = build(project, root / "dist")
    _retitle(root / "content" / "b.md")
    third = build(project, root / "dist")

    assert (first.reused, second.reused, third.reused) == (0, first.pages - 1, first.pages - 1)
    assert tree_digest(root / "dist") == cold(root, tmp_path / "cold")


def _retitle(path: Path) -> None:
    path.write_text(path.read_text("utf-8").replace("title: 手続き", "title: 申込"), "utf-8")


def test_a_retitled_page_is_shown_anew_in_every_menu(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    project = Project(root)
    build(project, root / "dist")
    _retitle(root / "content" / "b.md")
    result = build(project, root / "dist")

    assert result.reused == 0
    assert ">申込</a>" in (root / "dist" / "a" / "index.html").read_text("utf-8")


def test_damaged_cache_files_are_noted_ignored_and_rewritten(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    assert run_build(root).code == 0
    cache = root / FOLDER
    index = cache / "index.json"
    index.write_bytes(index.read_bytes()[:40])  # truncated
    for body in (cache / "body").rglob("*.json"):
        body.write_text('{"format": "someone else"}', encoding="utf-8")  # foreign
    # A template change makes every page read its converted body from the cache.
    template = root / "templates" / "page.html"
    append(template, "\n")

    result = run_build(root)

    assert result.code == 0, result.err
    assert result.err.count("W801") == 1 + 3  # the index, and each page's body
    assert "index.json" in result.err
    assert "Traceback" not in result.err
    assert tree_digest(root / "dist") == cold(root, tmp_path / "cold")
    assert json.loads(index.read_bytes())["format"] == "sitegen-page-cache/1"
    again = run_build(root)
    assert again.code == 0 and "W801" not in again.err


def test_a_page_edited_by_hand_in_dist_is_written_again(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    project = Project(root)
    build(project, root / "dist")
    page = root / "dist" / "a" / "index.html"
    expected = page.read_bytes()
    # In place, as some editors save: the cache's copy shares this file's inode.
    with page.open("r+b") as stream:
        stream.write(b"<!-- edited by hand -->")

    result = build(project, root / "dist")

    assert page.read_bytes() == expected
    assert result.reused == result.pages - 1


def test_no_cache_builds_cold_and_deleting_the_cache_is_safe(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    result = run_build(root, "--no-cache")
    assert result.code == 0, result.err
    assert not (root / ".cache").exists()
    expected = tree_digest(root / "dist")
    assert run_build(root).code == 0
    assert (root / FOLDER / "index.json").is_file()
    assert tree_digest(root / "dist") == expected
    subprocess.run(["rm", "-rf", str(root / ".cache")], check=True)
    assert run_build(root).code == 0
    assert tree_digest(root / "dist") == expected


def test_two_builds_at_once_leave_a_cache_that_builds_the_same_site(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    for number in range(40):
        (root / "content" / f"p{number}.md").write_text(
            f"---\ntitle: 頁{number}\n---\n\n# 頁{number}\n\n本文{number}です。\n", "utf-8"
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
        append(root / "content" / "p3.md", "\n追記。\n")
    result = run_build(root)
    assert result.code == 0, result.err
    assert "W801" not in result.err
    assert tree_digest(root / "dist") == cold(root, tmp_path / "cold")
