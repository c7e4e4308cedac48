"""What an uploaded photo is, read from its bytes (never from its name), or why it is refused.

A photo is accepted when Pillow reads it whole as JPEG, PNG, WebP or HEIF (iPhone HEIC,
through pillow-heif, as the build reads it). A still GIF is converted to PNG (lossless) so
that the build's image pipeline resizes it and strips its metadata like any photo; an
animated GIF is refused (the pipeline would publish its first frame only). The size its
header claims is checked before any pixel is decoded (images.MAX_PIXELS, as the build does),
and the whole image is then decoded once, so that a truncated file is refused at upload
rather than at the next build.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from sitegen.images import images

# Pillow's names of the formats a photo may come in, and the suffix each is stored under.
SUFFIXES = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "HEIF": ".heic", "GIF": ".png"}
# Suffixes one format may already be stored under (a replacement keeps its file's name).
SAME_KIND = {
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".png": "PNG",
    ".webp": "WEBP",
    ".heic": "HEIF",
    ".heif": "HEIF",
}
_GPS_IFD = 0x8825
# What other files begin with, to say what a file is when it is no image (a PDF named .jpg).
_MAGIC = ((b"%PDF", "PDF"), (b"PK\x03\x04", "ZIP"), (b"\xd0\xcf\x11\xe0", "Office"))


class PhotoRefusedError(Exception):
    """A file refused as a photo: the message key (photo_…) and its values."""

    def __init__(self, key: str, **values: object):
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass
class Checked:
    """A photo that can be stored: its bytes (converted if a GIF) and what it is."""

    data: bytes
    format: str  # JPEG, PNG, WEBP, HEIF
    suffix: str  # the suffix it is stored under: .jpg, .png, .webp, .heic
    width: int  # upright, after the EXIF orientation
    height: int
    gps: bool  # the original carries location data
    converted_from: str  # "GIF" when converted, else ""
    image: object  # the decoded picture, upright (PIL.Image.Image)


def check(data: bytes, filename: str) -> Checked:
    """The photo in data (uploaded as filename), or PhotoRefusedError saying why not."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    images._own_size_guard()
    images._register_heif()
    if not data:
        raise PhotoRefusedError("photo_refused_empty", name=filename)
    try:
        opened = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, SyntaxError, ValueError, OSError):
        raise _not_an_image(data, filename) from None
    with opened:
        # A JPEG with more pictures in it (phones' depth and HDR maps) is read as "MPO".
        kind = "JPEG" if opened.format == "MPO" else opened.format or ""
        if kind not in SUFFIXES:
            raise PhotoRefusedError("photo_refused_format", name=filename, kind=kind or "?")
        width, height = opened.size
        if width * height > images.MAX_PIXELS:
            raise PhotoRefusedError(
                "photo_refused_huge",
                name=filename,
                width=width,
                height=height,
                limit=images.MAX_PIXELS,
            )
        if kind == "GIF" and getattr(opened, "n_frames", 1) > 1:
            raise PhotoRefusedError("photo_refused_animated", name=filename)
        try:
            exif = opened.getexif()
            gps = bool(exif.get_ifd(_GPS_IFD)) or _GPS_IFD in exif
            opened.load()
            upright = ImageOps.exif_transpose(opened)
        except (OSError, SyntaxError, ValueError, EOFError):
            raise PhotoRefusedError("photo_refused_damaged", name=filename) from None
    stored, converted = data, ""
    if kind == "GIF":
        stored, converted = _gif_as_png(upright), "GIF"
    return Checked(
        stored, "PNG" if converted else kind, SUFFIXES[kind], upright.width, upright.height,
        gps, converted, upright,
    )  # fmt: skip


def _not_an_image(data: bytes, filename: str) -> PhotoRefusedError:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return PhotoRefusedError("photo_refused_other", name=filename, kind=what)
    return PhotoRefusedError("photo_refused_unreadable", name=filename)


def _gif_as_png(image) -> bytes:  # type: ignore[no-untyped-def]
    """A still GIF as PNG: the same pixels (and transparency), none of its comments."""
    out = io.BytesIO()
    picture = image.convert("RGBA" if images._has_alpha(image) else "RGB")
    picture.save(out, "PNG", optimize=True)
    return out.getvalue()


def as_kind(checked: Checked, suffix: str) -> bytes:
    """checked's picture in the format a file named with suffix holds (for a replacement).

    The same format keeps the uploaded bytes; another is re-encoded at high quality, with
    no metadata (the location data with it).
    """
    wanted = SAME_KIND.get(suffix.lower())
    if wanted is None or wanted == checked.format:
        return checked.data
    image = checked.image
    out = io.BytesIO()
    if wanted == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=92, optimize=True)  # type: ignore[attr-defined]
    elif wanted == "WEBP":
        image.save(out, "WEBP", quality=92, method=4)  # type: ignore[attr-defined]
    elif wanted == "HEIF":
        image.convert("RGB").save(out, "HEIF", quality=90)  # type: ignore[attr-defined]
    else:
        image.save(out, "PNG", optimize=True)  # type: ignore[attr-defined]
    return out.getvalue()
