"""Photos for the editor's photo tests, made with Pillow: a phone's (GPS, orientation 6,
4032×3024), and the files the editor must refuse."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from PIL import Image

from conftest import TESTS, copy_project

# Written in the photo's GPS data: no built byte may hold it.
GPS_MARKER = b"SITEGEN-GPS-MARKER-35.6895"
FLAT_PAGE = "content/about.md"
FOLDER_PAGE = "content/guide/index.md"


def photo_site(target: Path) -> Path:
    """The flyer test site with a flat page and a folder page, linked from its menu."""
    root = copy_project(TESTS / "sites" / "flyer", target)
    (root / "content/guide").mkdir(parents=True, exist_ok=True)
    (root / FLAT_PAGE).write_text(
        "---\ntitle: 協会について\n---\n\n# 協会について\n\n協会の概要です。\n", encoding="utf-8"
    )
    (root / FOLDER_PAGE).write_text(
        "---\ntitle: ご案内\n---\n\n# ご案内\n\n最初の段落です。\n\n最後の段落です。\n",
        encoding="utf-8",
    )
    return root


def phone_photo(width: int = 4032, height: int = 3024) -> bytes:
    """A JPEG as a phone saves it: taken sideways (orientation 6), with GPS in its EXIF."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to show
    exif[0x010F] = "Apple"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (35.0, 41.0, 22.2)
    gps[3], gps[4] = "E", (139.0, 41.0, 30.1)
    gps[0x12] = GPS_MARKER.decode()  # GPSMapDatum: an ASCII field, found by a byte search
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=85)
    return out.getvalue()


def small_png(colour: tuple[int, int, int] = (10, 120, 200), size: int = 64) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (size, size), colour).save(out, "PNG")
    return out.getvalue()


def still_gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (40, 30), 3).save(out, "GIF", comment=b"made with a camera")
    return out.getvalue()


def animated_gif() -> bytes:
    frames = [Image.new("RGB", (40, 30), c) for c in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return out.getvalue()


def pdf_named_jpg() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def truncated_jpeg() -> bytes:
    data = phone_photo(800, 600)
    return data[: len(data) // 2]


def bomb_png(width: int = 50_000, height: int = 50_000) -> bytes:
    """A PNG whose header claims width × height pixels (2.5 billion), in a few hundred bytes."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1000)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
