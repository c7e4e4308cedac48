"""The images of the images test site, made on demand (the repository stays small).

    python3 tests/sites/images/generate.py OUT   # a copy of the site, with its images, in OUT

Made: a 6000×4000 camera JPEG (over 10 MB, with GPS in its EXIF), an iPhone HEIC photo, a PNG
with transparency, a photo beside the about page, a card photo, a share image and a PDF.
"""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
GPS_IFD = 0x8825
# Tokyo, as a phone writes it: degrees, minutes, seconds.
GPS = {1: "N", 2: (35.0, 41.0, 22.5), 3: "E", 4: (139.0, 41.0, 30.0)}


def photo(size: tuple[int, int], seed: int = 0, noise: int = 40) -> Image.Image:
    """A picture with a photo's mix of smooth areas, edges and grain."""
    width, height = size
    gradient = Image.linear_gradient("L").resize(size, Image.Resampling.BILINEAR)
    grain = Image.effect_noise(size, noise)
    image = Image.merge("RGB", (gradient, grain, gradient.transpose(Image.Transpose.ROTATE_180)))
    draw = ImageDraw.Draw(image)
    step = max(1, width // 40)
    for i in range(40):
        x, y = i * step, (i * 97 + seed * 31) % max(1, height - height // 8)
        draw.ellipse(
            (x, y, x + width // 12, y + height // 10),
            fill=((i * 6 + seed) % 255, 120, (200 - i * 4) % 255),
        )
    return image


def camera_exif(gps: bool = True, orientation: int = 1) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "ExampleCam"  # Make
    exif[0x0110] = "EC-1"  # Model
    exif[0x0112] = orientation
    if gps:
        exif[GPS_IFD] = GPS
    return exif.tobytes()


def save_jpeg(path: Path, size: tuple[int, int], quality: int = 90, **options: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    photo(size, seed=len(path.name)).save(path, "JPEG", quality=quality, **options)
    return path


def save_heic(path: Path, size: tuple[int, int]) -> Path:
    from pillow_heif import register_heif_opener

    register_heif_opener()
    path.parent.mkdir(parents=True, exist_ok=True)
    photo(size, seed=7).save(path, "HEIF", quality=80, exif=camera_exif())
    return path


def save_png_alpha(path: Path, size: tuple[int, int]) -> Path:
    """A logo-like PNG: a shape on a transparent background."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle(
        (size[0] // 10, size[1] // 10, size[0] * 9 // 10, size[1] * 9 // 10),
        radius=size[0] // 8,
        fill=(18, 53, 91, 255),
    )
    draw.ellipse(
        (size[0] // 3, size[1] // 3, size[0] * 2 // 3, size[1] * 2 // 3), fill=(255, 255, 255, 160)
    )
    image.save(path, "PNG")
    return path


def save_pdf(path: Path, pages: int = 3) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    images = [photo((600, 848), seed=i, noise=10) for i in range(pages)]
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=72)
    path.write_bytes(out.getvalue())
    return path


def generate(root: Path, small: bool = False) -> None:
    """Put every generated file of the test site into the project at root.

    small makes the same files at a tenth of the size (for tests of messages, not of weight).
    """
    assets, content = root / "assets", root / "content"

    def at(width: int, height: int) -> tuple[int, int]:
        return (width // 10, height // 10) if small else (width, height)

    office = assets / "images" / "office.jpg"
    save_jpeg(office, at(6000, 4000), quality=95, exif=camera_exif())
    save_heic(assets / "images" / "iphone.heic", at(1008, 756))
    save_png_alpha(assets / "images" / "logo.png", (800, 800))
    save_jpeg(assets / "images" / "card-leak.jpg", at(1600, 1200), exif=camera_exif())
    save_jpeg(content / "about" / "team.jpg", at(2400, 1600), exif=camera_exif())
    save_jpeg(assets / "share.jpg", (1200, 630))
    save_pdf(assets / "files" / "チラシ.pdf")


def copy_site(target: Path, small: bool = False) -> Path:
    """A copy of the test site's sources (without generate.py) at target, images made."""
    for name in ("content", "models", "templates", "assets"):
        if (HERE / name).is_dir():
            shutil.copytree(HERE / name, target / name)
    generate(target, small)
    return target


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: generate.py OUT")
    copy_site(Path(sys.argv[1]))
