"""Japanese telephone numbers."""

import pytest

from sitegen.japanese.phone import is_valid, tel_uri


@pytest.mark.parametrize(
    "number",
    [
        "03-6380-4771",
        "03-3515-4143",
        "0120-961-069",
        "090-1234-5678",
        "0800-123-4567",
        "0466-12-3456",
    ],
)
def test_valid_numbers(number: str) -> None:
    assert is_valid(number)


@pytest.mark.parametrize(
    "number",
    [
        "0363804771",
        "03-6380-477",
        "3-6380-4771",
        "03-6380-47711",
        "090-1234-567",
        "０３-6380-4771",
        3,
        "",
    ],
)
def test_invalid_numbers(number: object) -> None:
    assert not is_valid(number)  # type: ignore[arg-type]


def test_tel_uri_is_international() -> None:
    assert tel_uri("03-6380-4771") == "tel:+81-3-6380-4771"
    assert tel_uri("0120-961-069") == "tel:+81-120-961-069"
    with pytest.raises(ValueError):
        tel_uri("12345")
