"""Japanese money, numbers and era years."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitegen.japanese.numbers import era_year, is_cjk, number, yen


@pytest.mark.parametrize(
    ("amount", "written"),
    [
        (0, "0円"),
        (500, "500円"),
        (9_999, "9,999円"),
        (10_000, "1万円"),
        (1_000_000, "100万円"),
        (11_000_000, "1,100万円"),
        (50_000_000, "5,000万円"),
        (100_000_000, "1億円"),
        (172_000_000, "1億7,200万円"),
        (1_234_567, "123万4,567円"),
        (100_000_500, "1億500円"),
        (1_000_000_000_000, "1兆円"),
        (-3_000_000, "-300万円"),
    ],
)
def test_yen_is_written_the_japanese_way(amount: int, written: str) -> None:
    assert yen(amount) == written


@pytest.mark.parametrize("bad", [1.5, "100", True, None])
def test_yen_refuses_anything_but_whole_yen(bad: object) -> None:
    with pytest.raises(TypeError):
        yen(bad)  # type: ignore[arg-type]


_UNITS = {"京": 10**16, "兆": 10**12, "億": 10**8, "万": 10**4}


def _read_back(written: str) -> int:
    """Parse a yen string the way a Japanese reader does."""
    sign = -1 if written.startswith("-") else 1
    body = written.lstrip("-")
    assert body.endswith("円")
    total = 0
    for digits, unit in re.findall(r"([\d,]+)([京兆億万]?)", body[:-1]):
        group = int(digits.replace(",", ""))
        assert group < 10_000, written
        total += group * _UNITS.get(unit, 1)
    return sign * total


@given(st.integers(min_value=-(10**20) + 1, max_value=10**20 - 1))
def test_yen_reads_back_as_the_same_amount(amount: int) -> None:
    written = yen(amount)
    assert _read_back(written) == amount
    # Groups have at most four digits, with a comma after the first: 7,200 not 7200.
    for group in re.findall(r"[\d,]+", written):
        assert re.fullmatch(r"\d{1,3}|\d,\d{3}", group), written


@pytest.mark.parametrize(
    ("year", "era"),
    [
        (2018, "平成30年"),
        (2019, "令和元年"),
        (2020, "令和2年"),
        (2022, "令和4年"),
        (1989, "平成元年"),
    ],
)
def test_era_years(year: int, era: str) -> None:
    assert era_year(year) == era


def test_numbers_have_separators_and_fixed_decimals() -> None:
    assert number(7707.9, 1) == "7,707.9"
    assert number(4192, 1) == "4,192.0"
    assert number(1234567) == "1,234,567"


def test_cjk_characters() -> None:
    assert all(is_cjk(c) for c in "漢字かなカナ、。「」！ｶ")
    assert not any(is_cjk(c) for c in "aZ09 -,.!")
