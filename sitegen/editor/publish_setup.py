"""The form that writes deploy.yml: the fields of deploy.example.yml, checked by the very
function `deploy` reads the file with (settings.load_settings), before the file is written.

An existing deploy.yml is changed in place (its comments, order and other settings kept, as
page saves keep theirs), and only while it is still the file the form was made from."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sitegen.core.files import replace_file
from sitegen.core.problems import ContentError, Problem
from sitegen.deploy.settings import PROTOCOLS, DeploySettings, load_settings
from sitegen.editor import documents, roundtrip
from sitegen.editor.saving import CHANGES, digest, still
from sitegen.source.textfile import decode_text, read_text
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
FORM_NAMES = {name for name, _ in FIELDS}
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


def version(root: Path) -> str:
    """What the form is made from: the SHA-256 of deploy.yml's bytes (of none if missing)."""
    try:
        return digest((root / SETTINGS_FILE).read_bytes())
    except OSError:
        return digest(b"")


def file_for(root: Path, values: dict[str, str]) -> bytes:
    """deploy.yml holding values: the file as it is with those fields changed, added or
    removed (every other byte kept: comments, order, line ends, a BOM), or a new file when
    there is none to change."""
    path = root / SETTINGS_FILE
    try:
        raw = path.read_bytes()
        text = decode_text(raw, path)  # one reading: the data and the bytes changed agree
        data = load_yaml(text, path) if text.strip() else {}
    except (ContentError, OSError):
        return yaml_text(values, _kept(root)).encode("utf-8")
    if not isinstance(data, dict):
        return yaml_text(values, _kept(root)).encode("utf-8")
    new = {key: item for key, item in roundtrip.plain(data).items() if key not in FORM_NAMES}
    for name, _ in FIELDS:
        value = values.get(name, "")
        if value:
            new[name] = int(value) if name in NUMBERS and value.isdigit() else value
    stored = documents.parse(raw, is_page=False)  # UTF-8: read_text read it
    try:
        return documents.with_data(stored, new).to_bytes()
    except roundtrip.RoundTripError:
        return yaml_text(values, _kept(root)).encode("utf-8")


def check(root: Path, values: dict[str, str]) -> Checked:
    """The settings the values make, or the problems `deploy` would report in deploy.yml."""
    if values.get("protocol") not in CHOICES:
        values = {**values, "protocol": ""}
    data = file_for(root, values)
    text = data.decode("utf-8-sig", "replace")  # as deploy reads it: a BOM is no text
    # A name of its own for each check: two forms posted at once never share one.
    handle, name = tempfile.mkstemp(dir=root, prefix=SETTINGS_FILE + ".", suffix=".editor-tmp")
    temporary = Path(name)
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
    try:
        settings = load_settings(temporary)
    except ContentError as error:
        return Checked(values, None, _as_deploy_yml(error.problems, root, text))
    finally:
        temporary.unlink(missing_ok=True)
    return Checked(values, settings, [])


def write(root: Path, values: dict[str, str], expected: str) -> None:
    """Write deploy.yml (whole, through a temporary file: never half written) if it is still
    the file whose version is expected; else ConflictError, nothing written."""
    target = root / SETTINGS_FILE
    with CHANGES:
        still(target, expected)
        replace_file(target, file_for(root, values))


def _kept(root: Path) -> dict[str, object]:
    data = _written(root)
    return {key: data[key] for key in KEPT if key in data}


def _as_deploy_yml(problems: list[Problem], root: Path, text: str) -> list[Problem]:
    """The problems as they will be in deploy.yml (not in the temporary file checked), each
    with the form field of its line."""
    target = root / SETTINGS_FILE
    keys = _keys_by_line(text)
    return [
        Problem(
            p.code,
            p.text,
            target if p.path else None,
            p.line,
            p.column,
            p.hint,
            p.field_path or keys.get(p.line or 0, ""),
        )
        for p in problems
    ]


def _keys_by_line(text: str) -> dict[int, str]:
    """The form fields written in text, by the line (from 1) where each is written."""
    found = {}
    for number, line in enumerate(text.splitlines(), start=1):
        key = line.split(":", 1)[0].strip()
        if ":" in line and key in FORM_NAMES and not line[:1].isspace():
            found[number] = key
    return found


def settings_from(root: Path) -> tuple[DeploySettings | None, list[Problem]]:
    try:
        return load_settings(root / SETTINGS_FILE), []
    except ContentError as error:
        try:
            text = read_text(root / SETTINGS_FILE)
        except (ContentError, OSError):
            text = ""
        return None, _as_deploy_yml(error.problems, root, text)


def fields_of(problems: list[Problem]) -> dict[str, list[Problem]]:
    """Each problem under its form field (else under none)."""
    found: dict[str, list[Problem]] = {}
    for problem in problems:
        name = problem.field_path if problem.field_path in FORM_NAMES else ""
        found.setdefault(name, []).append(problem)
    return found
