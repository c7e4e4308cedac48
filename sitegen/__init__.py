"""A small static site generator for a Japanese brochure site."""

__version__ = "0.1.0"
