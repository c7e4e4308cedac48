"""What the build will publish of a photo: its files (sizes and formats), the weight a phone
downloads, and that no location data is left in them.

The files are the build's own plan (sitegen/images/images.py `_plan`); the phone's file is
encoded here with the build's encoder and settings, so the weight shown is the weight served,
and is read back to make sure it carries no metadata.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from sitegen.editor.photos_check import Checked
from sitegen.images import images

# A common phone: 375 CSS px wide at 3 device pixels per CSS px; the page's column there is
# the width less 2rem of margins (images.DEFAULT_SIZES).
PHONE_CSS_WIDTH = 375
PHONE_DENSITY = 3
MARGINS = 32


@dataclass(frozen=True)
class Published:
    """The files made of one photo and what a phone downloads of them."""

    files: list[tuple[str, int, int]]  # (format, width, height) of each file the build makes
    phone_kind: str
    phone_width: int
    phone_height: int
    phone_bytes: int
    original_bytes: int
    gps: bool  # the original carried location data
    clean: bool  # the phone's file, read back, carries no metadata at all


def published(checked: Checked, avif: bool = False) -> Published:
    """What the build makes of checked, and what a phone downloads."""
    info = {
        "width": checked.width,
        "height": checked.height,
        "format": checked.format,
        "alpha": images._has_alpha(checked.image),
        "size": len(checked.data),
    }
    source = images._plan(Path("photo"), "assets", "0", info, images.WIDTHS, avif)
    files = [(v.kind.upper(), v.width, v.height) for v in source.variants]
    shown = source.avif or source.webp
    needed = (PHONE_CSS_WIDTH - MARGINS) * PHONE_DENSITY
    phone = next((v for v in shown if v.width >= needed), shown[-1])
    decoded = checked.image.convert("RGBA" if info["alpha"] else "RGB")  # type: ignore[attr-defined]
    data = images.encode(decoded, phone)
    return Published(
        files,
        phone.kind.upper(),
        phone.width,
        phone.height,
        len(data),
        len(checked.data),
        checked.gps,
        _carries_nothing(data),
    )


def _carries_nothing(data: bytes) -> bool:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return not image.getexif() and not any(
            key in image.info for key in ("exif", "xmp", "XML:com.adobe.xmp", "icc_profile")
        )


def site_asks_avif(project_settings: Path) -> bool:
    """Whether site.yml says `images: {avif: true}` and this Pillow can write AVIF."""
    import yaml

    try:
        data = yaml.safe_load(project_settings.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return False
    settings = data.get("images") if isinstance(data, dict) else None
    asked = isinstance(settings, dict) and settings.get("avif") is True
    return asked and images.avif_available()


def kilobytes(size: int) -> str:
    """A weight as editors read it: 182KB, 3.4MB."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f}MB"
    return f"{max(1, round(size / 1000))}KB"
