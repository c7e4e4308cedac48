"""README.md and docs/ name only modules that exist.

The convention: a module is named by its path (`sitegen/pipeline.py`, or a folder,
`sitegen/render/`), something in it by its full dotted name (`sitegen.pipeline.Builder`;
a class alone, `Builder.rebuild`, once its module is named), and any other Python file by its
path from the repository's root (`bench/compare.py`).
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from conftest import ROOT

DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# `/__sitegen/reload` is an address, not a module: a path must not follow a word or a slash.
MODULE_PATH = re.compile(r"(?<![\w/.-])sitegen/(?:[\w.]+/)*(?:\w+\.py|[\w]+/?)?")
DOTTED = re.compile(r"(?<![\w/.-])sitegen(?:\.[A-Za-z_]\w*)+")
CODE_SPAN = re.compile(r"`([^`\n]+)`")
PYTHON_FILE = re.compile(r"(?<![\w/.-])((?:[\w.-]+/)*[\w-]+\.py)\b")
# A code span that is a dotted name from a module (`output.write_atomic`, `pipeline.build()`),
# not a file or host name: it must be written in full, from `sitegen.`.
SHORT_DOTTED = re.compile(r"([a-z_]\w*(?:\.\w+)+)(?:\(\))?")
NOT_MODULES = {
    "py",
    "yml",
    "yaml",
    "md",
    "html",
    "css",
    "js",
    "png",
    "svg",
    "json",
    "txt",
    "xml",
    "toml",
}
NOT_MODULES |= {"jp", "com", "org", "net"}


def _path_exists(name: str) -> bool:
    return (ROOT / name.rstrip("/")).exists()


def _dotted_exists(name: str) -> bool:
    """Whether name is a module, or an attribute reached from the longest module prefix."""
    parts = name.split(".")
    value: object = importlib.import_module(parts[0])
    for index, part in enumerate(parts[1:], start=1):
        if hasattr(value, part):
            value = getattr(value, part)
            continue
        try:
            value = importlib.import_module(".".join(parts[: index + 1]))
        except ModuleNotFoundError:
            return False
    return True


def missing_names(text: str) -> list[str]:
    """Every module, dotted name or Python file that text names and that does not exist."""
    missing = [m for m in MODULE_PATH.findall(text) if not _path_exists(m)]
    missing += [m for m in DOTTED.findall(text) if not _dotted_exists(m)]
    for span in CODE_SPAN.findall(text):
        for name in PYTHON_FILE.findall(span):
            if not name.startswith("sitegen/") and not _path_exists(name):
                missing.append(name)
        short = SHORT_DOTTED.fullmatch(span)
        if short and not span.startswith("sitegen.") and span.split(".")[-1] not in NOT_MODULES:
            missing.append(short[1])
    return missing


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_module_named_exists(document: Path) -> None:
    assert missing_names(document.read_text(encoding="utf-8")) == []


def test_the_architecture_section_names_every_package() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    packages = sorted(p.parent.name for p in (ROOT / "sitegen").glob("*/__init__.py"))
    assert packages and [p for p in packages if f"`sitegen/{p}/`" not in readme] == []


def test_names_that_do_not_exist_are_found() -> None:
    text = (
        "The pipeline is `sitegen/pipeline.py` (`sitegen.pipeline.Builder`), then\n"
        "`output.write_atomic` in `sitegen/output.py`, `sitegen/nowhere/`,\n"
        "`sitegen.pipeline.Nothing`, `sitegen.rebuild`, `markdown_ext.py` and\n"
        "`python3 bench/compare.py`, `pipeline.build()`, `Builder.rebuild`, `deploy.yml`;\n"
        "the preview polls `/__sitegen/reload`.\n"
    )
    assert missing_names(text) == [
        "sitegen/output.py",
        "sitegen/nowhere/",
        "sitegen.pipeline.Nothing",
        "sitegen.rebuild",
        "output.write_atomic",
        "markdown_ext.py",
        "pipeline.build",
    ]
