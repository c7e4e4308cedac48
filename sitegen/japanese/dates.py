"""Dates the Japanese way: 2026年11月27日, or with the era name, 令和8年11月27日."""

from __future__ import annotations

import datetime

# The first day of each era, latest first (an era begins on the day of the accession).
_ERAS = (
    (datetime.date(2019, 5, 1), "令和"),
    (datetime.date(1989, 1, 8), "平成"),
    (datetime.date(1926, 12, 25), "昭和"),
)
_FIRST_YEAR = "元"


def japanese_date(date: datetime.date, era: bool = False) -> str:
    """2026年11月27日; with era, 令和8年11月27日 (the first year of an era is 元年)."""
    if era:
        for start, name in _ERAS:
            if date >= start:
                count = date.year - start.year + 1
                year = f"{name}{_FIRST_YEAR if count == 1 else count}"
                return f"{year}年{date.month}月{date.day}日"
    return f"{date.year}年{date.month}月{date.day}日"
