"""AVIF settings against the WebP the build writes: bytes, encode time and SSIM per photo.

Resizes one photo to the build's widths (as `sitegen.images.images` does), encodes each width
as WebP with the build's settings and as AVIF at several qualities and speeds (one encoder
thread, as the build), and prints the totals per photo: size against WebP, seconds, and the
mean SSIM of the luma against the resized original (with numpy, which the site does not
need: without it, no SSIM). Prints figures; a script, not a test.

    python bench/avif.py [--photo PATH] [--quality 55,60,65] [--speed 6,7,8]

Without --photo, the images test site's camera photo (6000×4000, grain and edges) is used.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from sitegen.images import images  # noqa: E402

from images_site import generator  # noqa: E402


def _box(values, size: int = 8):  # type: ignore[no-untyped-def]
    """The mean of every size×size window (a summed-area table)."""
    import numpy as np

    summed = np.pad(values.cumsum(0).cumsum(1), ((1, 0), (1, 0)))
    return (
        summed[size:, size:]
        - summed[:-size, size:]
        - summed[size:, :-size]
        + summed[:-size, :-size]
    ) / (size * size)


def ssim(a: Image.Image, b: Image.Image) -> float:
    """SSIM of the luma, over 8×8 windows; NaN without numpy."""
    try:
        import numpy as np
    except ImportError:
        return float("nan")
    x = np.asarray(a.convert("L"), dtype=np.float64)
    y = np.asarray(b.convert("L"), dtype=np.float64)
    mx, my = _box(x), _box(y)
    sxx, syy, sxy = _box(x * x) - mx * mx, _box(y * y) - my * my, _box(x * y) - mx * my
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    score = ((2 * mx * my + c1) * (2 * sxy + c2)) / ((mx * mx + my * my + c1) * (sxx + syy + c2))
    return float(score.mean())


def resized(photo: Image.Image) -> list[Image.Image]:
    widths = sorted({min(w, photo.width) for w in images.WIDTHS})
    return [
        photo.resize(
            (w, max(1, round(photo.height * w / photo.width))),
            Image.Resampling.LANCZOS,
            reducing_gap=3.0,
        )
        for w in widths
    ]


def measure(variants: list[Image.Image], kind: str, **options: object) -> tuple[int, float, float]:
    """Total bytes, total seconds and mean SSIM of every variant in kind."""
    total, seconds, scores = 0, 0.0, []
    for variant in variants:
        out = io.BytesIO()
        started = time.perf_counter()
        variant.save(out, kind, **options)
        seconds += time.perf_counter() - started
        total += out.tell()
        with Image.open(io.BytesIO(out.getvalue())) as decoded:
            scores.append(ssim(variant, decoded))
    return total, seconds, sum(scores) / len(scores)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photo", type=Path)
    parser.add_argument("--quality", default="55,60,65")
    parser.add_argument("--speed", default="6,7,8")
    args = parser.parse_args()
    if not images.avif_available():
        print("this Pillow cannot write AVIF")
        return 1
    if args.photo:
        photo = Image.open(args.photo).convert("RGB")
    else:
        photo = generator.photo((6000, 4000), seed=3)
    variants = resized(photo)
    widths = ", ".join(str(v.width) for v in variants)
    print(f"photo: {photo.width}×{photo.height}, variants {widths} px")
    webp, webp_seconds, webp_ssim = measure(variants, "WEBP", **images.WEBP_OPTIONS)
    print(
        f"WebP {images.WEBP_OPTIONS}: {webp / 1024:.0f} KB, {webp_seconds:.2f} s, SSIM {webp_ssim:.4f}"
    )
    chosen = images.AVIF_OPTIONS
    for quality in (int(q) for q in args.quality.split(",")):
        for speed in (int(s) for s in args.speed.split(",")):
            options = {**chosen, "quality": quality, "speed": speed}
            size, seconds, score = measure(variants, "AVIF", **options)
            mark = "  <- the build's" if options == chosen else ""
            print(
                f"AVIF quality {quality} speed {speed}: {size / 1024:.0f} KB "
                f"({size / webp - 1:+.0%}), {seconds:.2f} s, SSIM {score:.4f}{mark}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
