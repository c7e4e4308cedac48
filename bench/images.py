"""Build time with many large photos: the first build (nothing cached) and the next ones.

Makes the images test site (small version) in a temporary folder, times its build without
extra photos, then adds N phone-sized photos (12 MP JPEGs, each with its own bytes) shown on
one page, and times the first build (every variant encoded) and cached builds (nothing
encoded; sources not even read again). Prints the figures; a script, not a test.
With --avif the site asks for AVIF variants too (`images: {avif: true}` in site.yml).

    python bench/images.py [--photos 100] [--size 4032x3024] [--repeat 3] [--avif]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from sitegen.core.project import Project  # noqa: E402
from sitegen.pipeline import build  # noqa: E402

from images_site import generator, images_site  # noqa: E402


def distinct_copies(photo: bytes, count: int) -> list[bytes]:
    """count JPEGs with the same pixels but different bytes (a comment segment each)."""
    copies = []
    for index in range(count):
        comment = f"photo {index}".encode()
        segment = b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment
        copies.append(photo[:2] + segment + photo[2:])
    return copies


def timed(project: Project, out: Path) -> float:
    started = time.perf_counter()
    build(project, out)
    return (time.perf_counter() - started) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=100)
    parser.add_argument("--size", default="4032x3024")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--avif", action="store_true", help="AVIF variants too")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    with tempfile.TemporaryDirectory() as work:
        root = images_site(Path(work) / "site", small=True)
        if args.avif:
            with (root / "content" / "site.yml").open("a", encoding="utf-8") as settings:
                settings.write("images:\n  avif: true\n")
        project = Project(root)
        out = Path(work) / "dist"
        timed(project, out)  # warm: the site's own images cached, modules imported
        without = statistics.median(timed(project, out) for _ in range(args.repeat))

        buffer = io.BytesIO()
        generator.photo((width, height)).save(
            buffer, "JPEG", quality=92, exif=generator.camera_exif()
        )
        folder = root / "content" / "photos"
        folder.mkdir()
        lines = ["---", "title: 写真集", "description: 写真の一覧です。", "---", ""]
        for index, data in enumerate(distinct_copies(buffer.getvalue(), args.photos)):
            (folder / f"photo-{index:03}.jpg").write_bytes(data)
            lines += [f"![写真 {index + 1}](photo-{index:03}.jpg)", ""]
        (folder / "index.md").write_text("\n".join(lines), encoding="utf-8")
        megabytes = len(buffer.getvalue()) * args.photos / 1e6

        first = timed(project, out)
        cached = [timed(project, out) for _ in range(args.repeat)]
    kinds = "AVIF, WebP and JPEG" if args.avif else "WebP and JPEG"
    print(f"photos: {args.photos} × {width}×{height} JPEG ({megabytes:.0f} MB in all) -> {kinds}")
    print(f"build without them: {without:.0f} ms (median of {args.repeat})")
    print(f"first build with them (all variants encoded): {first:.0f} ms")
    print(
        f"cached builds with them: {', '.join(f'{c:.0f}' for c in cached)} ms; "
        f"median {statistics.median(cached):.0f} ms, "
        f"{statistics.median(cached) - without:+.0f} ms over the build without them"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
