"""What an editor typed, made the value its field's kind needs.

A Japanese input method types digits, dashes, colons and spaces in full width (０３－１２３４);
where a kind is written in ASCII only (numbers, phone, time, dates, postal codes), they are
made ASCII before the value is kept. Text and Markdown keep every character as typed.
Whole yen are read as a reader writes them: 172000000, 172,000,000, 1億7,200万円, 1億7200万.
"""

from __future__ import annotations

import re
from typing import Any

from sitegen.japanese import numbers

# Full-width ASCII (！ to ～) is U+FF01..U+FF5E; the ideographic space is U+3000.
_WIDE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# Dashes an input method or a word processor puts where a hyphen was meant.
_DASHES = {ord(dash): "-" for dash in "‐‑‒–—―−ー－ｰ"}
ASCII_KINDS = frozenset(
    {"int", "number", "yen", "year", "phone", "time", "postal_code", "date", "color", "url"}
    | {"link", "image", "weekday"}
)
_DASHED_KINDS = frozenset({"phone", "postal_code", "date", "int", "number", "yen"})
_UNITS = (("兆", 10**12), ("億", 10**8), ("万", 10**4))
_YEN = re.compile(
    r"^(?:(?P<cho>[0-9,]+)兆)?(?:(?P<oku>[0-9,]+)億)?(?:(?P<man>[0-9,]+)万)?(?P<rest>[0-9,]*)円?$"
)
_INT = re.compile(r"^-?[0-9]+$")
_NUMBER = re.compile(r"^-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$")


def ascii_text(value: str, kind: str) -> str:
    """value with full-width digits, letters and signs made ASCII where kind allows."""
    if kind not in ASCII_KINDS:
        return value
    value = value.translate(_WIDE)
    if kind in _DASHED_KINDS:
        value = value.translate(_DASHES)
    return value.strip()


def parse_yen(typed: str) -> int | None:
    """Whole yen from 172000000, 172,000,000, 1億7,200万円 or 1億7200万; None if not money."""
    text = ascii_text(typed, "yen").replace(" ", "")
    found = _YEN.match(text)
    if not text or found is None or not any(found.groupdict().values()):
        return None
    total = 0
    for (_, size), group in zip(_UNITS, ("cho", "oku", "man"), strict=True):
        part = found[group]
        if part is not None:
            digits = part.replace(",", "")
            if not digits or int(digits) >= 10000:
                return None
            total += int(digits) * size
    rest = found["rest"].replace(",", "")
    if rest:
        if total and int(rest) >= 10000:
            return None
        total += int(rest)
    return total


def show_yen(amount: Any) -> str:
    """An amount as the reader sees it (1億7,200万円); anything else as it is."""
    if isinstance(amount, int) and not isinstance(amount, bool) and amount >= 0:
        return numbers.yen(amount)
    return "" if amount is None else str(amount)


def typed_value(typed: str, kind: str) -> Any:
    """The value to keep for what was typed into a field of kind (the text itself when it
    is not one, so that the check reports it at its field and nothing typed is lost)."""
    text = ascii_text(typed, kind)
    if kind == "yen":
        amount = parse_yen(text)
        return text if amount is None else amount
    if kind in ("int", "year") and _INT.match(text):
        return int(text)
    if kind == "number" and _NUMBER.match(text):
        return float(text) if "." in text else int(text)
    if kind == "time" and re.match(r"^[0-9]{1,2}:[0-9]{2}$", text):
        hours, minutes = text.split(":")
        return f"{int(hours):02d}:{minutes}" if len(hours) == 1 else text
    if kind == "color":
        return text.lower() if re.match(r"^#[0-9A-Fa-f]{6}$", text) else text
    return text
