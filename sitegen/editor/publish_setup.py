"""The form that writes deploy.yml: the fields of deploy.example.yml, checked by the very
function `deploy` reads the file with (settings.load_settings), before the file is written."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sitegen.core.files import replace_file
from sitegen.core.problems import ContentError, Problem
from sitegen.deploy.settings import PROTOCOLS, DeploySettings, load_settings
from sitegen.source.textfile import read_text
from sitegen.source.yaml_loader import load_yaml

# (name, input type) in the order of deploy.example.yml; the first five are asked always.
FIELDS = (
    ("protocol", "select"),
    ("host", "text"),
    ("port", "number"),
    ("user", "text"),
    ("remote_path", "text"),
    ("key_file", "text"),
    ("known_hosts", "text"),
    ("ca_file", "text"),
    ("keep_releases", "number"),
    ("retries", "number"),
    ("timeout", "number"),
    ("connections", "number"),
)
NUMBERS = {name for name, kind in FIELDS if kind == "number"}
SETTINGS_FILE = "deploy.yml"
KEPT = ("password_env", "verify")  # not in the form: kept as the file has them
# Plain FTP sends the password in the clear: the editor offers only the encrypted two.
CHOICES = tuple(p for p in PROTOCOLS if p != "ftp")


@dataclass
class Checked:
    values: dict[str, str]
    settings: DeploySettings | None
    problems: list[Problem]


def posted(form: dict[str, str]) -> dict[str, str]:
    return {name: form.get(name, "").strip()[:500] for name, _ in FIELDS}


def current_values(root: Path) -> dict[str, str]:
    """The form's values as deploy.yml writes them (paths as written, not resolved)."""
    data = _written(root)
    values = {name: str(data[name]) for name, _ in FIELDS if data.get(name) not in (None, "")}
    return values or {"protocol": "ftps", "remote_path": "/"}


def _written(root: Path) -> dict[str, object]:
    """deploy.yml's keys and values as written; empty if it is missing or unreadable."""
    try:
        data = load_yaml(read_text(root / SETTINGS_FILE), root / SETTINGS_FILE)
    except (ContentError, OSError):
        return {}
    return dict(data) if isinstance(data, dict) else {}


def yaml_text(values: dict[str, str], kept: dict[str, object] | None = None) -> str:
    """deploy.yml of the values: each string quoted as JSON (a YAML double-quoted string),
    so that a `#` or a `:` in a path is kept as written. kept: settings of the file that the
    form does not show (password_env, verify: false), written again as they were, last (so
    that the form's fields are lines 1, 2, ... as fields_of reads them)."""
    lines = []
    for name, _ in FIELDS:
        value = values.get(name, "")
        if not value:
            continue
        if name in NUMBERS and value.isdigit():
            lines.append(f"{name}: {int(value)}")
        else:
            lines.append(f"{name}: {json.dumps(value, ensure_ascii=False)}")
    lines += [
        f"{name}: {json.dumps(value, ensure_ascii=False)}" for name, value in (kept or {}).items()
    ]
    return "\n".join(lines) + "\n"


def check(root: Path, values: dict[str, str]) -> Checked:
    """The settings the values make, or the problems `deploy` would report in deploy.yml."""
    if values.get("protocol") not in CHOICES:
        values = {**values, "protocol": ""}
    # A name of its own for each check: two forms posted at once never share one.
    handle, name = tempfile.mkstemp(dir=root, prefix=SETTINGS_FILE + ".", suffix=".editor-tmp")
    temporary = Path(name)
    with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
        stream.write(yaml_text(values, _kept(root)))
    try:
        settings = load_settings(temporary)
    except ContentError as error:
        return Checked(values, None, _as_deploy_yml(error.problems, root))
    finally:
        temporary.unlink(missing_ok=True)
    return Checked(values, settings, [])


def write(root: Path, values: dict[str, str]) -> None:
    """Write deploy.yml (whole, through a temporary file: never half written)."""
    replace_file(root / SETTINGS_FILE, yaml_text(values, _kept(root)).encode("utf-8"))


def _kept(root: Path) -> dict[str, object]:
    data = _written(root)
    return {key: data[key] for key in KEPT if key in data}


def _as_deploy_yml(problems: list[Problem], root: Path) -> list[Problem]:
    """The problems as they will be in deploy.yml (not in the temporary file checked)."""
    target = root / SETTINGS_FILE
    return [
        Problem(p.code, p.text, target if p.path else None, p.line, p.column, p.hint, p.field_path)
        for p in problems
    ]


def settings_from(root: Path) -> tuple[DeploySettings | None, list[Problem]]:
    try:
        return load_settings(root / SETTINGS_FILE), []
    except ContentError as error:
        return None, error.problems


def fields_of(problems: list[Problem], values: dict[str, str]) -> dict[str, list[Problem]]:
    """Each problem under the field of its line in the written file (else under none)."""
    lines = [name for name, _ in FIELDS if values.get(name)]
    found: dict[str, list[Problem]] = {}
    for problem in problems:
        name = lines[problem.line - 1] if problem.line and problem.line <= len(lines) else ""
        found.setdefault(name, []).append(problem)
    return found
