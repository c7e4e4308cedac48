"""Build the site: `python build.py` (see README.md)."""

import sys
from pathlib import Path

from sitegen.cli import main

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent))
