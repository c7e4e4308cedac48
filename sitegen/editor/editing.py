"""One file opened for editing: its model, its data and body, and the bytes a form makes of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen.core.problems import ContentError, Problem
from sitegen.core.project import Project
from sitegen.editor import documents, paths, roundtrip
from sitegen.editor.documents import Document, NotReadableError
from sitegen.editor.field_lines import field_at, line_fields
from sitegen.editor.saving import digest
from sitegen.source.sections import FOLDER as SECTIONS
from sitegen.source.sections import GROUP_FILE
from sitegen.source.yaml_loader import load_yaml
from sitegen.validate import builtin_models
from sitegen.validate.fields import Spec
from sitegen.validate.models import Model, Rule, SiteModels


@dataclass
class Opened:
    """A file as the form shows it; spec None means it opens as text."""

    name: str
    path: Path
    raw: bytes
    document: Document | None
    spec: Spec | None
    data: Any = None
    problems: list[Problem] = field(default_factory=list)
    rules: tuple[Rule, ...] = ()

    @property
    def sha(self) -> str:
        return digest(self.raw)

    @property
    def is_page(self) -> bool:
        return self.name.endswith(".md")

    @property
    def body(self) -> str:
        return documents.body_as_typed(self.document) if self.document else ""

    @property
    def text(self) -> str:
        """The whole file as text (for a file that opens as text)."""
        return (
            self.raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "replace").replace("\r\n", "\n")
        )

    def field_problems(self) -> dict[str, list[Problem]]:
        """This file's problems by the field they belong to ("" for the file as a whole)."""
        front = self.document.front if self.document else ""
        first = self.document.front_line if self.document else 1
        spans = line_fields(front, first)
        body_line = self.document.body_line if self.document and self.is_page else None
        found: dict[str, list[Problem]] = {}
        for problem in self.problems:
            key = field_at(spans, problem.line, body_line)
            found.setdefault(key, []).append(problem)
        return found


def model_for(project: Project, models: SiteModels | None, target: Path) -> Model | None:
    """The model of a content file's front matter or data; None for a data file without one."""
    relative = target.relative_to(project.content.resolve()).parts
    if models is None:
        return None
    if relative == ("site.yml",):
        return models.site
    if relative[0] == "data":
        model = models.data.get(Path(relative[-1]).stem)
        return model if model is not None and len(relative) == 2 else None
    if relative[0] == SECTIONS and len(relative) >= 2:
        model = models.sections.get(Path(relative[1]).stem)
        is_item = len(relative) == 3 and relative[2] != GROUP_FILE
        if model is None:
            return Model(builtin_models.SECTION)
        return Model(model.items or builtin_models.SECTION) if is_item else model
    return models.page


def open_file(project: Project, name: str, models: SiteModels | None) -> Opened:
    """The file name (`content/about.md`) opened; raises PathRefusedError or FileNotFoundError."""
    target = paths.editable_text(project, name)
    raw = target.read_bytes()
    model = model_for(project, models, target.resolve())
    spec = model.spec if model is not None else None
    try:
        document = documents.parse(raw, target.suffix == ".md")
        data = _load(document, target)
    except (NotReadableError, ContentError) as error:
        problems = error.problems if isinstance(error, ContentError) else []
        return Opened(name, target, raw, None, None, problems=problems)
    rules = model.rules if model is not None else ()
    return Opened(name, target, raw, document, spec, roundtrip.plain(data), rules=rules)


def _load(document: Document, target: Path) -> Any:
    text = document.front.replace("\r\n", "\n")
    if not text.strip():
        return {} if document.is_page else None
    data = load_yaml(text, target, line_offset=document.front_line - 1)
    return {} if data is None and document.is_page else data


def new_bytes(opened: Opened, data: Any, body: str | None) -> bytes:
    """The file holding data (and body, for a page), every other byte as it was."""
    assert opened.document is not None
    document = documents.with_data(opened.document, data)
    if body is not None and opened.is_page:
        document = documents.with_body(document, body)
    return document.to_bytes()


def text_bytes(opened: Opened, text: str) -> bytes:
    """A file that opens as text, replaced by text in the file's own line ends and BOM."""
    bom = b"\xef\xbb\xbf" if opened.raw.startswith(b"\xef\xbb\xbf") else b""
    text = text.replace("\r\n", "\n")
    if text == opened.text:
        return opened.raw
    if b"\r\n" in opened.raw:
        text = text.replace("\n", "\r\n")
    return bom + text.encode("utf-8")
