"""Heading ids that keep Japanese letters."""

from __future__ import annotations

from markdown.extensions.toc import slugify_unicode

FALLBACK = "section"


def slugify(value: str, separator: str = "-") -> str:
    """A Unicode-aware slug: サイバー攻撃とは？ -> サイバー攻撃とは; never empty."""
    return slugify_unicode(value, separator) or FALLBACK
