"""Writing the built site so that the old one is replaced only by a complete new one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import TracebackType
from typing import Any

from sitegen.core.files import swap_folder, write_new


class Staging:
    """A new folder beside out that is swapped in for out only once it is complete.

    Used as a context manager: leaving it without commit() (an error, a failed check)
    removes the new folder, and out is exactly as it was.
    """

    def __init__(self, out: Path):
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.new-", dir=self.out.parent))

    def __enter__(self) -> Staging:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.path.exists():
            shutil.rmtree(self.path, ignore_errors=True)

    def write(self, files: dict[str, bytes]) -> None:
        for relative, data in sorted(files.items()):
            write_new(self.path, relative, data)

    def commit(self, remove_old: bool = True) -> Path | None:
        """Put the new folder where out is; the old one is removed once the new is in place.

        With remove_old false the old one is returned instead, to be removed later.
        """
        os.chmod(self.path, 0o755)
        return swap_folder(self.path, self.out, remove_old)


# Below this many pages the old output is removed at once: starting a process costs more.
REMOVE_LATER_FROM = 300


def remove_later(folder: Path | None, pages: int) -> None:
    """Remove a replaced output folder; a large one by a process of its own, not waited for.

    The build's result is already printed: the user need not wait for thousands of files of
    the previous build to be deleted. Should that process fail, the next build's swap does
    not care: the folder has a hidden name of its own.
    """
    if folder is None:
        return
    if pages < REMOVE_LATER_FROM:
        shutil.rmtree(folder, ignore_errors=True)
        return
    code = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"
    options: dict[str, Any] = {}
    if os.name == "nt":
        options["creationflags"] = subprocess.DETACHED_PROCESS  # type: ignore[attr-defined]
    else:
        options["start_new_session"] = True
    try:
        subprocess.Popen(
            [sys.executable, "-c", code, str(folder)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=True,
            **options,
        )
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
