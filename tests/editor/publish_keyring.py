"""A keyring backend for the tests: a JSON file under the test's temporary folder.

Chosen with PYTHON_KEYRING_BACKEND=publish_keyring.FileKeyring (tests/editor on the path);
SITEGEN_TEST_KEYRING names the file. Secrets are kept hex-encoded, so that a scan of every
file for the password proves no other file holds it, while this one still can be read back.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    @property
    def file(self) -> Path:
        return Path(os.environ["SITEGEN_TEST_KEYRING"])

    def _load(self) -> dict[str, str]:
        try:
            return json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def get_password(self, service: str, username: str) -> str | None:
        found = self._load().get(f"{service} {username}")
        return bytes.fromhex(found).decode("utf-8") if found else None

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service} {username}"] = password.encode("utf-8").hex()
        self.file.write_text(json.dumps(data), encoding="utf-8")

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service} {username}", None) is None:
            raise PasswordDeleteError(username)
        self.file.write_text(json.dumps(data), encoding="utf-8")
