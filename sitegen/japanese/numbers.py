"""Japanese writing rules for numbers, money, eras and line breaks.

These are rules of the language, like a locale, not copy: the units and era names below are
how Japanese writes any number or year, so they live with the code that applies them.
"""

from __future__ import annotations

import unicodedata

# Myriad units, largest first: Japanese groups digits by 10,000, not 1,000.
_UNITS = ((10**16, "京"), (10**12, "兆"), (10**8, "億"), (10**4, "万"))
_YEN = "円"

# Gregorian year each era's first year falls in, latest first. A year that two eras share
# (2019, 1989) is named by the era that covers most of it, as yearly reports do.
_ERAS = ((2019, "令和"), (1989, "平成"), (1926, "昭和"))
_FIRST_YEAR = "元"
_YEAR = "年"


def yen(amount: int) -> str:
    """Whole yen the Japanese way: 500円, 1,100万円, 1億7,200万円, 123万4,567円."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"yen() takes whole yen as an int, not {amount!r}")
    if amount < 0:
        return "-" + yen(-amount)
    if amount == 0:
        return f"0{_YEN}"
    parts = []
    rest = amount
    for size, unit in _UNITS:
        count, rest = divmod(rest, size)
        if count:
            parts.append(f"{count:,}{unit}")
    if rest:
        parts.append(f"{rest:,}")
    return "".join(parts) + _YEN


def number(value: float | int, decimals: int = 0) -> str:
    """A number with thousands separators and a fixed count of decimals: 7,707.9."""
    return f"{value:,.{decimals}f}"


def era_year(year: int) -> str:
    """The Japanese era year of a Gregorian year: 2019 -> 令和元年, 2018 -> 平成30年."""
    for start, name in _ERAS:
        if year >= start:
            count = year - start + 1
            return f"{name}{_FIRST_YEAR if count == 1 else count}{_YEAR}"
    raise ValueError(f"no era known for the year {year}")


def western_year(year: int) -> str:
    """A Gregorian year as Japanese writes it: 2018年."""
    return f"{year}{_YEAR}"


def is_cjk(char: str) -> bool:
    """Whether char is written without spaces around it in Japanese text."""
    code = ord(char)
    if (
        0x3000 <= code <= 0x30FF  # CJK punctuation, hiragana, katakana
        or 0x3400 <= code <= 0x4DBF  # CJK extension A
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0xF900 <= code <= 0xFAFF  # CJK compatibility ideographs
        or 0xFF01 <= code <= 0xFF60  # full-width forms
        or 0xFF61 <= code <= 0xFF9F  # half-width katakana
        or 0x20000 <= code <= 0x3FFFF  # supplementary ideographs
    ):
        return True
    return unicodedata.east_asian_width(char) in ("W", "F") and not char.isspace()
