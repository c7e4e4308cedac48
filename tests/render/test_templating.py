"""The one Jinja environment: data text escaped, template errors at their template line."""

from __future__ import annotations

from pathlib import Path

from conftest import run_build


def test_text_from_yaml_is_always_escaped(project: Path) -> None:
    damages = project / "content" / "sections" / "damages" / "2-defacement.md"
    text = damages.read_text(encoding="utf-8").replace(
        "attack: 不正アクセス", 'attack: "<script>alert(1)</script>不正アクセス"'
    )
    damages.write_text(text, encoding="utf-8")
    assert run_build(project).code == 0
    html = (project / "dist" / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;不正アクセス" in html


def test_a_shared_partial_that_uses_the_page_is_a_template_error(project: Path) -> None:
    footer = project / "templates" / "partials" / "footer.html"
    footer.write_text("<footer>{{ page.title }}</footer>\n", encoding="utf-8")
    result = run_build(project)
    assert result.code == 1
    assert "templates/partials/footer.html:1" in result.err.replace("\\", "/")
    assert "Traceback" not in result.err
