"""Japanese telephone numbers: validation and tap-to-call links."""

from __future__ import annotations

import re

# Written the usual way, with hyphens between the groups of digits.
# ASCII digits only: \d also takes full-width ones, which would make a broken tel: link.
_WRITTEN = re.compile(r"^0[0-9]{1,4}-[0-9]{1,4}-[0-9]{3,4}$")
# Numbers of eleven digits: mobile, IP phone, M2M and 0800 free dial; all others have ten.
_ELEVEN_DIGIT_PREFIXES = ("070", "080", "090", "050", "020", "0800")


def is_valid(number: str) -> bool:
    """Whether number is a Japanese telephone number written with hyphens."""
    if not isinstance(number, str) or not _WRITTEN.match(number):
        return False
    digits = number.replace("-", "")
    expected = 11 if digits.startswith(_ELEVEN_DIGIT_PREFIXES) else 10
    return len(digits) == expected


def tel_uri(number: str) -> str:
    """The RFC 3966 link for a Japanese number: 03-6380-4771 -> tel:+81-3-6380-4771."""
    if not is_valid(number):
        raise ValueError(f"not a Japanese telephone number: {number!r}")
    return "tel:+81-" + number[1:]
