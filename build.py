"""Build the site: `python build.py` (see README.md)."""

from pathlib import Path

from sitegen.cli import exit_now, main

if __name__ == "__main__":
    exit_now(main(Path(__file__).resolve().parent))
