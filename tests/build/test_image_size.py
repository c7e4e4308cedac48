"""Images in pages carry their width and height, so that nothing jumps as they load."""

from __future__ import annotations

import io

import pytest

from sitegen.build.image_size import dimensions


@pytest.mark.parametrize("kind", ["PNG", "GIF", "JPEG", "WEBP"])
@pytest.mark.parametrize("size", [(1, 1), (640, 427), (1200, 630)])
def test_dimensions_from_the_file_header(kind: str, size: tuple[int, int]) -> None:
    image = pytest.importorskip("PIL.Image")
    data = io.BytesIO()
    image.new("RGB", size, "navy").save(data, kind)
    assert dimensions(data.getvalue()) == size


@pytest.mark.parametrize("data", [b"", b"<svg></svg>", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"])
def test_other_or_damaged_files_have_no_dimensions(data: bytes) -> None:
    assert dimensions(data) is None
