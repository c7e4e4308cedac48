"""Dates in Japan's time: today in Asia/Tokyo, and the dates an editor writes (YYYY-MM-DD)."""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

# Windows has no time zone database of its own: the `tzdata` package (a dependency there)
# provides it to zoneinfo.
TOKYO = ZoneInfo("Asia/Tokyo")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A date further ahead than this is a typo (2206 for 2026), not a page scheduled in advance.
MAX_AHEAD = datetime.timedelta(days=366)


def today() -> datetime.date:
    """Today's date in Japan, whatever the computer's own time zone."""
    return datetime.datetime.now(TOKYO).date()


def parse(value: object) -> datetime.date | None:
    """The date written YYYY-MM-DD in value, or None when it is not one."""
    if not isinstance(value, str) or not _DATE.match(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def too_far(date: datetime.date, now: datetime.date) -> bool:
    """Whether date lies more than a year after now."""
    return date - now > MAX_AHEAD


def w3c(date: datetime.date) -> str:
    """The date as a W3C/ISO 8601 date-time at midnight in Japan: 2026-11-27T00:00:00+09:00."""
    return datetime.datetime.combine(date, datetime.time(), TOKYO).isoformat()
