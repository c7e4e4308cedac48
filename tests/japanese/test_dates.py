"""Dates shown the Japanese way, and read in Japan's time (issue 14, item 3)."""

from __future__ import annotations

import datetime

import pytest

from sitegen.japanese.dates import japanese_date
from sitegen.source import dates


@pytest.mark.parametrize(
    ("date", "western", "era"),
    [
        (datetime.date(2026, 11, 27), "2026年11月27日", "令和8年11月27日"),
        (datetime.date(2019, 5, 1), "2019年5月1日", "令和元年5月1日"),
        (datetime.date(2019, 4, 30), "2019年4月30日", "平成31年4月30日"),
        (datetime.date(1989, 1, 8), "1989年1月8日", "平成元年1月8日"),
        (datetime.date(1989, 1, 7), "1989年1月7日", "昭和64年1月7日"),
    ],
)
def test_japanese_dates(date: datetime.date, western: str, era: str) -> None:
    assert japanese_date(date) == western
    assert japanese_date(date, era=True) == era


def test_today_is_japans_today() -> None:
    now = datetime.datetime.now(datetime.UTC).astimezone(dates.TOKYO)
    assert dates.today() in (now.date(), (now - datetime.timedelta(seconds=5)).date())


@pytest.mark.parametrize("text", ["2026-02-30", "2026-1-5", "26-01-05", "", None, 20260105])
def test_only_real_dates_are_read(text: object) -> None:
    assert dates.parse(text) is None


def test_more_than_a_year_ahead_is_too_far() -> None:
    now = datetime.date(2026, 11, 27)
    assert not dates.too_far(datetime.date(2027, 11, 27), now)
    assert dates.too_far(datetime.date(2206, 11, 27), now)
