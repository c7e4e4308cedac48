"""The editor's Flask application over a test site, and a browser-like way to fill its forms."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import html5lib
from flask.testing import FlaskClient

from sitegen.core.project import Project
from sitegen.editor.app import Editor, create_app
from sitegen.editor.security import Keys

HOST = "127.0.0.1:8000"
ORIGIN = f"http://{HOST}"


@dataclass
class Session:
    """A test client that has entered with the token, and the project it edits."""

    client: FlaskClient
    keys: Keys
    project: Project
    editor: Editor

    def get(self, url: str, **kwargs):
        return self.client.get(url, base_url=ORIGIN, **kwargs)

    def post(self, url: str, data: dict[str, str], origin: str | None = ORIGIN, **kwargs):
        headers = kwargs.pop("headers", {})
        if origin is not None:
            headers.setdefault("Origin", origin)
            headers.setdefault(
                "Sec-Fetch-Site", "same-origin" if origin == ORIGIN else "cross-site"
            )
        return self.client.post(url, data=data, base_url=ORIGIN, headers=headers, **kwargs)

    def form(self, name: str) -> dict[str, str]:
        """The fields the form of file name posts as a browser would (nothing changed)."""
        page = self.get(f"/__edit/file?path={name}")
        assert page.status_code == 200, page.data.decode()
        return form_fields(page.data.decode())

    def save(self, name: str, **changes: str) -> tuple[int, str]:
        data = self.form(name)
        data.update(changes)
        data["op"] = "save"
        answer = self.post("/__edit/file", data)
        return answer.status_code, answer.data.decode()


def editor_session(root: Path, preview: object = None) -> Session:
    keys = Keys()
    project = Project(root)
    editor = Editor(project, keys, preview)
    client = create_app(editor).test_client()
    entered = client.get(f"/__edit/enter?token={keys.token}", base_url=ORIGIN)
    assert entered.status_code == 302
    return Session(client, keys, project, editor)


def form_fields(page: str) -> dict[str, str]:
    """Name and value of every control of the page's edit form, parsed as a browser does."""
    document = html5lib.parse(page, namespaceHTMLElements=False)
    form = next(f for f in document.iter("form") if "edit" in (f.get("class") or ""))
    data: dict[str, str] = {}
    for element in form.iter():
        name = element.get("name")
        if not name or element.tag not in ("input", "textarea", "select"):
            continue
        if element.tag == "textarea":
            data[name] = element.text or ""
        elif element.tag == "select":
            chosen = [o for o in element.iter("option") if o.get("selected") is not None]
            data[name] = chosen[0].get("value", "") if chosen else ""
        elif element.get("type") == "checkbox":
            if element.get("checked") is not None:
                data[name] = element.get("value", "on")
        elif element.get("type") != "submit":
            data[name] = element.get("value", "")
    data.pop("op", None)
    return data


def notice(page: str) -> str:
    found = re.search(r'class="notice[^"]*"[^>]*>([^<]*)<', page)
    return found.group(1) if found else ""


def files_of(root: Path) -> dict[str, bytes]:
    """Every file a request could have written (the build's `.cache/` aside), with its bytes."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.relative_to(root).as_posix().startswith(".cache/")
    }
