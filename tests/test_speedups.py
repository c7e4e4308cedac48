"""The speed-ups change nothing a user sees: same bytes, same messages, same line numbers."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from sitegen.markdown.extensions import page_markdown
from sitegen.source import yaml_loader as yamlload

from conftest import ROOT, run_build, tree_digest

sys.path.insert(0, str(ROOT / "bench"))
from synthetic import write_pages


def _build_with_jobs(project: Path, out: Path, jobs: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SITEGEN_JOBS", jobs)
    return run_build(project, "--out", str(out))


def test_parallel_build_is_byte_identical_to_serial(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_pages(project / "content", 60)
    serial = _build_with_jobs(project, tmp_path / "serial", "1", monkeypatch)
    parallel = _build_with_jobs(project, tmp_path / "parallel", "2", monkeypatch)
    assert serial.code == parallel.code == 0, parallel.err
    digest = tree_digest(tmp_path / "serial")
    assert len(digest) > 60
    assert digest == tree_digest(tmp_path / "parallel")


def test_problems_found_in_workers_are_reported_like_serial_ones(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = write_pages(project / "content", 40)
    for path in (pages[3], pages[37]):
        text = path.read_text(encoding="utf-8")
        path.write_text(text + "\n<script>alert(1)</script>\n", encoding="utf-8")
    serial = _build_with_jobs(project, tmp_path / "a", "1", monkeypatch)
    parallel = _build_with_jobs(project, tmp_path / "b", "2", monkeypatch)
    assert serial.code == parallel.code == 1
    assert "Traceback" not in parallel.err
    assert parallel.err.replace(str(tmp_path / "b"), "OUT") == serial.err.replace(
        str(tmp_path / "a"), "OUT"
    )
    assert "case-00003.md:" in parallel.err and "case-00037.md:" in parallel.err
    assert not (tmp_path / "b").exists()


@pytest.mark.parametrize("path", sorted((ROOT / "content" / "data").glob("*.yml")))
def test_fast_yaml_reader_gives_the_same_values_and_lines(path: Path) -> None:
    if yamlload._FAST_LOADER is None:
        pytest.skip("PyYAML was built without libyaml")
    text = path.read_text(encoding="utf-8")
    fast = yamlload._parse(yamlload._FAST_LOADER(text), 0)
    slow = yamlload._parse(yamlload._Loader(text), 0)
    assert fast == slow
    assert _marks(fast) == _marks(slow)


def _marks(value: object) -> list[object]:
    """Every recorded position in a loaded document, in order."""
    if isinstance(value, yamlload.Mapping):
        found: list[object] = [value.mark, dict(value.key_marks), dict(value.value_marks)]
        return found + [m for item in value.values() for m in _marks(item)]
    if isinstance(value, yamlload.Sequence):
        found = [value.mark, list(value.item_marks), list(value.text_marks)]
        return found + [m for item in value for m in _marks(item)]
    return []


def test_yaml_mistakes_are_still_reported_in_our_words(tmp_path: Path) -> None:
    with pytest.raises(yamlload.ContentError) as caught:
        yamlload.load_yaml("a: 1\nb: [1, 2\nc: 3\n", tmp_path / "x.yml")
    (problem,) = caught.value.problems
    assert problem.code == "E101" and problem.line is not None


@pytest.mark.parametrize(
    ("source", "needle"),
    [
        ("文は`コード`と\\*星\\*と&amp;と<https://example.jp/>。", "<code>コード</code>"),
        ("文は`コード`と\\*星\\*と&amp;と<https://example.jp/>。", "*星*"),
        ("文は`コード`と\\*星\\*と&amp;と<https://example.jp/>。", "&amp;"),
        ("文は`コード`と\\*星\\*と&amp;と<https://example.jp/>。", 'href="https://example.jp/"'),
        ("行末の空白  \n改行", "<br>"),
        ("![画像](a.png)と[リンク](b/)", '<img alt="画像" src="a.png">'),
        ("これは _強調_ と __太字__ です", "<em>強調</em>"),
        ("これは _強調_ と __太字__ です", "<strong>太字</strong>"),
    ],
)
def test_inline_syntax_still_works_when_patterns_are_skipped(source: str, needle: str) -> None:
    assert needle in page_markdown().convert(source)


def test_heading_ids_keep_given_ids_and_avoid_clashes() -> None:
    md = page_markdown()
    html = md.convert("## 概要 {#about}\n\n## 概要\n\n## 概要\n\n## \\*注意\\*\n")
    assert 'id="about"' in html
    assert 'id="概要"' in html and 'id="概要_1"' in html
    assert 'id="注意"' in html
    assert [t["id"] for t in md.toc_tokens] == ["about", "概要", "概要_1", "注意"]
    md.reset()
    md.convert("")
    assert md.toc_tokens == []


def test_a_shared_partial_that_uses_the_page_is_a_template_error(project: Path) -> None:
    footer = project / "templates" / "partials" / "footer.html"
    footer.write_text("<footer>{{ page.title }}</footer>\n", encoding="utf-8")
    result = run_build(project)
    assert result.code == 1
    assert "templates/partials/footer.html:1" in result.err.replace("\\", "/")
    assert "Traceback" not in result.err
