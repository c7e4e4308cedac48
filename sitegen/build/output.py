"""Writing the built site so that the old one is replaced only by a complete new one."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from types import TracebackType

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

    def commit(self) -> None:
        """Put the new folder where out is; the old one is removed once the new is in place."""
        os.chmod(self.path, 0o755)
        swap_folder(self.path, self.out)
