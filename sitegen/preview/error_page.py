"""The page the preview shows instead of the site while a build fails."""

from __future__ import annotations

import html
from pathlib import Path

from sitegen.core.messages import text
from sitegen.core.problems import Problem
from sitegen.core.reporting import Group, folded_lines, grouped
from sitegen.source.textfile import read_text

CONTEXT_LINES = 2

_STYLE = """
body{margin:0;padding:2rem 1rem;font-family:"Noto Sans JP","Hiragino Sans","Yu Gothic UI",Meiryo,
sans-serif;line-height:1.7;color:#1b1f24;background:#fff8f6}
main{max-width:60rem;margin:0 auto}h1{color:#a40e26;font-size:1.5rem}
section{margin:1.5rem 0;padding:1rem 1.25rem;border:2px solid #a40e26;border-radius:8px;background:#fff}
.where{font-family:ui-monospace,monospace;font-weight:700;overflow-wrap:anywhere}
.code{color:#a40e26}.hint{color:#4a5360}
pre{overflow-x:auto;padding:.75rem;background:#f3f4f6;border-radius:4px;line-height:1.5}
.bad{background:#ffd7d5;font-weight:700}
details{margin:2rem 0}summary{cursor:pointer;font-weight:700;color:#3d4a5c;min-height:44px}
section.note{border:1px solid #8a94a3;background:#f7f8fa}.note .code{color:#3d4a5c}
"""


def render(problems: list[Problem], root: Path) -> str:
    """An HTML page listing every error with the lines of the file around it, then the notes.

    Notes (W codes) do not stop the build: they follow the errors, folded away, those of one
    code in one file shown once, so that they cannot hide the error to fix.
    """
    groups = grouped(problems)
    errors = [g for g in groups if not g.first.is_warning]
    notes = [g for g in groups if g.first.is_warning]
    sections = "\n".join(_section(group, root) for group in errors)
    if notes:
        count = sum(1 + len(g.more) + g.other_notes for g in notes)
        summary = html.escape(text("notes_heading", count=count))
        listed = "\n".join(_section(group, root) for group in notes)
        sections += f"\n<details>\n<summary>{summary}</summary>\n{listed}\n</details>"
    title = html.escape(text("error_title"))
    return (
        '<!doctype html>\n<html lang="ja">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{title}</h1>\n<p>{html.escape(text('error_intro'))}</p>\n{sections}\n"
        "</main>\n</body>\n</html>\n"
    )


def _section(group: Group, root: Path) -> str:
    problem = group.first
    where = html.escape(problem.location(root))
    parts = ['<section class="note">' if problem.is_warning else "<section>"]
    if where:
        parts.append(f'<p class="where">{where}</p>')
    kind = text("warning" if problem.is_warning else "error")
    label = html.escape(f"{problem.code} {kind}:")
    parts.append(f'<p><span class="code">{label}</span> {html.escape(problem.text)}</p>')
    if problem.hint:
        parts.append(f'<p class="hint">{html.escape(problem.hint)}</p>')
    parts.append(_excerpt(problem))
    for line in folded_lines(group):
        parts.append(f'<p class="hint">{html.escape(line.strip())}</p>')
    parts.append("</section>")
    return "\n".join(parts)


def _excerpt(problem: Problem) -> str:
    """The offending line of the source with a little context, numbered; "" if unknown."""
    if problem.path is None or problem.line is None:
        return ""
    try:
        lines = read_text(problem.path).split("\n")
    except Exception:  # the file may be unreadable: that is the problem being shown
        return ""
    first = max(problem.line - CONTEXT_LINES, 1)
    last = min(problem.line + CONTEXT_LINES, len(lines))
    rows = []
    for number in range(first, last + 1):
        content = html.escape(f"{number:>4} | {lines[number - 1]}")
        rows.append(f'<span class="bad">{content}</span>' if number == problem.line else content)
    label = html.escape(text("error_line", line=problem.line))
    return f'<pre aria-label="{label}">' + "\n".join(rows) + "</pre>"
