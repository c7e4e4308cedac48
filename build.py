"""Build the site: `python3 build.py` (Windows: `py build.py`); see README.md.

Only the standard library is imported before `bootstrap.prepare`, which sets up `.venv` on
the first run when the dependencies are missing and runs this file again there.
"""

import sys
from pathlib import Path

from sitegen.setup import bootstrap

if __name__ == "__main__":
    root = Path(__file__).resolve().parent
    bootstrap.prepare(root, sys.argv[1:])
    from sitegen.cli import exit_now, main

    exit_now(main(root, ending=True))
