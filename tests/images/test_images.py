"""Processing one image: sizes planned, orientation applied, no metadata, same bytes each run."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import time
from pathlib import Path

import pytest
from PIL import Image

from sitegen.images import images, svg
from sitegen.incremental import image_memo
from sitegen.incremental.cache import Cache

from images_site import generator

GPS_IFD = 0x8825


def _library(tmp_path: Path, avif: bool = False) -> images.Library:
    """The stage alone: no layer, nothing kept."""
    return images.load_library(tmp_path / "assets", tmp_path / "content", "/", avif=avif)


def _published(tmp_path: Path, library: images.Library) -> dict[str, bytes]:
    out = tmp_path / "out"
    _, problems = images.publish(library.sources.values(), out)
    assert problems == []
    return _files(out)


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def _through_layer(project: Path, out: Path, avif: bool = False) -> dict[str, bytes]:
    """The images planned and published as a build does: the layer remembers."""
    cache = Cache(project / ".cache")
    table = image_memo.ImageTable(cache)
    with image_memo.remembering(cache, table):
        library = images.load_library(project / "assets", project / "content", "/", avif=avif)
    assert image_memo.publish(cache, table, library.sources.values(), out) == []
    return _files(out)


def test_variants_are_never_wider_than_the_original(tmp_path: Path) -> None:
    generator.save_jpeg(tmp_path / "assets" / "images" / "wide.jpg", (1000, 500))
    generator.save_jpeg(tmp_path / "assets" / "images" / "tiny.jpg", (200, 100))
    library = _library(tmp_path)
    wide = library.find(tmp_path / "assets" / "images" / "wide.jpg")
    tiny = library.find(tmp_path / "assets" / "images" / "tiny.jpg")
    assert wide is not None and tiny is not None
    assert [v.width for v in wide.webp] == [320, 640, 960, 1000]
    assert [v.height for v in wide.webp] == [160, 320, 480, 500]
    assert [v.width for v in tiny.webp] == [200]
    assert (wide.fallback.kind, wide.fallback.width) == ("jpeg", 960)
    files = _published(tmp_path, library)
    for variant in wide.variants:
        with Image.open(io.BytesIO(files[variant.output])) as image:
            assert image.size == (variant.width, variant.height)


def test_exif_orientation_is_applied_and_every_tag_stripped(tmp_path: Path) -> None:
    path = tmp_path / "content" / "about" / "phone.jpg"
    # Stored 800×600 landscape, shown portrait (orientation 6: rotate 90° clockwise).
    generator.save_jpeg(path, (800, 600), exif=generator.camera_exif(orientation=6))
    library = _library(tmp_path)
    source = library.find(path)
    assert source is not None and (source.width, source.height) == (600, 800)
    files = _published(tmp_path, library)
    assert set(files) == {v.output for v in source.variants}
    assert all(name.startswith("assets/about/phone-") for name in files)
    for data in files.values():
        with Image.open(io.BytesIO(data)) as image:
            assert image.height > image.width
            assert not image.getexif()
            assert not {"exif", "xmp", "icc_profile"} & set(image.info)


def test_transparency_keeps_a_png_fallback_and_heic_becomes_web_formats(tmp_path: Path) -> None:
    generator.save_png_alpha(tmp_path / "assets" / "images" / "logo.png", (400, 400))
    generator.save_heic(tmp_path / "assets" / "images" / "phone.heic", (320, 240))
    library = _library(tmp_path)
    logo = library.find(tmp_path / "assets" / "images" / "logo.png")
    phone = library.find(tmp_path / "assets" / "images" / "phone.heic")
    assert logo is not None and phone is not None
    assert logo.fallback.kind == "png" and logo.alpha
    assert phone.fallback.kind == "jpeg"
    files = _published(tmp_path, library)
    with Image.open(io.BytesIO(files[logo.webp[0].output])) as image:
        assert image.mode == "RGBA"
        assert image.getpixel((0, 0))[3] == 0
    assert not any(name.endswith((".heic", ".png")) for name in files if "phone" in name)


@pytest.mark.parametrize("avif", [False, True], ids=["webp", "avif"])
def test_the_same_source_gives_the_same_bytes_with_or_without_the_cache(
    tmp_path: Path, avif: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    generator.save_jpeg(
        tmp_path / "assets" / "images" / "a.jpg", (700, 400), exif=generator.camera_exif()
    )
    first = _through_layer(tmp_path, tmp_path / "first", avif)
    encoded = []

    def counted(image, variant: images.Variant) -> bytes:  # type: ignore[no-untyped-def]
        encoded.append(variant.output)
        return real_encode(image, variant)

    real_encode = images.encode
    monkeypatch.setattr(images, "encode", counted)
    cached = _through_layer(tmp_path, tmp_path / "again", avif)
    assert encoded == []  # every variant, AVIF too, came from the cache
    cold = _published(tmp_path / "cold", _library(tmp_path, avif))
    assert sorted(encoded) == sorted(first)  # the stage alone encodes each one again
    assert first == cached == cold
    assert any(name.endswith(".avif") for name in first) == avif


def test_avif_variants_come_at_the_webp_widths_and_hold_no_metadata(tmp_path: Path) -> None:
    photo = generator.save_jpeg(
        tmp_path / "assets" / "images" / "walk.jpg", (700, 400), exif=generator.camera_exif()
    )
    logo = generator.save_png_alpha(tmp_path / "assets" / "images" / "logo.png", (200, 200))
    library = _library(tmp_path, avif=True)
    files = _published(tmp_path, library)
    for path in (photo, logo):
        source = library.find(path)
        assert source is not None
        assert [(v.width, v.height) for v in source.avif] == [
            (v.width, v.height) for v in source.webp
        ]
        for variant in source.avif:
            assert variant.output.endswith(".avif")
            with Image.open(io.BytesIO(files[variant.output])) as image:
                assert image.format == "AVIF"
                assert image.size == (variant.width, variant.height)
                exif = image.getexif()
                assert not exif and not exif.get_ifd(GPS_IFD)
                assert not {"exif", "xmp", "icc_profile"} & set(image.info)
                if path == logo:  # transparency is kept
                    assert image.mode == "RGBA" and image.getpixel((0, 0))[3] == 0
    assert [v.width for v in library.find(photo).avif] == [320, 640, 700]  # type: ignore[union-attr]


def test_avif_bytes_do_not_depend_on_the_computers_cores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """libaom writes other bytes with one thread than with several: the count is fixed."""
    from PIL import AvifImagePlugin

    generator.save_jpeg(tmp_path / "assets" / "images" / "a.jpg", (640, 400))
    made = []
    for cores in (1, 4):
        monkeypatch.setattr(AvifImagePlugin, "DEFAULT_MAX_THREADS", cores)
        library = _library(tmp_path, avif=True)
        out = tmp_path / f"cores-{cores}"
        out.mkdir()
        made.append(_published(out, library))
    assert made[0] == made[1]


def test_a_broken_image_is_listed_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "assets" / "images" / "broken.jpg"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    library = _library(tmp_path)
    assert library.find(path) is None
    assert path.absolute() in library.broken


def test_an_image_that_fails_while_decoding_is_a_problem_naming_it(tmp_path: Path) -> None:
    path = generator.save_jpeg(tmp_path / "assets" / "images" / "cut.jpg", (900, 600))
    source = _library(tmp_path).find(path)
    assert source is not None
    path.write_bytes(path.read_bytes()[:400])  # its header whole, its pixels cut short
    # As if it had been hashed cut (a photo saved meanwhile is E809, the test below).
    cut = dataclasses.replace(source, digest=hashlib.sha256(path.read_bytes()).hexdigest())
    _, problems = images.publish([cut], tmp_path / "out")
    assert [(p.code, p.path) for p in problems] == [("E802", path)]


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ('<circle r="4"/>', None),
        ('<a href="#x"><circle r="4"/></a>', None),
        ('<image href="data:image/png;base64,AAAA"/>', None),
        ("<script>alert(1)</script>", "<script>"),
        ('<circle r="4" onclick="alert(1)"/>', "onclick="),
        ("<foreignObject><div/></foreignObject>", "<foreignobject>"),
        ('<image href="https://example.jp/a.png"/>', 'href="https://example.jp/a.png"'),
        (
            '<use xlink:href="other.svg#a" xmlns:xlink="http://www.w3.org/1999/xlink"/>',
            'href="other.svg#a"',
        ),
        ('<rect fill="url(https://x/y#a)"/>', 'fill="url(https://x/y#a)"'),
    ],
)
def test_svg_with_script_or_outside_references_is_refused(body: str, found: str | None) -> None:
    data = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{body}</svg>'.encode()
    result = svg.findings(data)
    assert (result == []) if found is None else (found in result)


def test_svg_with_a_doctype_is_refused_before_parsing() -> None:
    data = b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'
    assert svg.findings(data) == ["<!DOCTYPE>"]
    assert svg.size("x.svg", data) is None
    assert svg.size("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 16"/>') == (
        32,
        16,
    )


def test_the_layer_reads_each_image_and_asset_once_and_the_stage_alone_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hashes, headers and plain assets are remembered by the layer, not the stage."""
    generator.save_jpeg(tmp_path / "assets" / "images" / "a.jpg", (700, 400))
    icon = generator.save_png_alpha(tmp_path / "assets" / "icon.png", (64, 64))
    phone = generator.save_jpeg(
        tmp_path / "assets" / "share.jpg", (300, 200), exif=generator.camera_exif()
    )
    # Files saved a moment ago are hashed every time (Cache.file_hash): these were saved earlier.
    a_minute_ago = time.time_ns() - 60_000_000_000
    for path in (tmp_path / "assets").rglob("*.*"):
        os.utime(path, ns=(a_minute_ago, a_minute_ago))
    read: list[str] = []
    real_info, real_hash = images._info, images._sha256_file
    real_large = images.too_large
    monkeypatch.setattr(
        images, "_info", lambda path, data=None: read.append("info") or real_info(path, data)
    )
    monkeypatch.setattr(images, "_sha256_file", lambda path: read.append("hash") or real_hash(path))
    monkeypatch.setattr(images, "too_large", lambda data: read.append("open") or real_large(data))

    def layered() -> tuple[images.Library, list[bytes]]:
        cache = Cache(tmp_path / ".cache")
        with image_memo.remembering(cache, image_memo.ImageTable(cache)):
            library = images.load_library(tmp_path / "assets", tmp_path / "content", "/")
            cleaned = [images.clean_asset(p.name, p.read_bytes()) for p in (icon, phone)]
        return library, cleaned

    first, cleaned = layered()
    assert sorted(set(read)) == ["hash", "info", "open"]
    assert read.count("info") == 3 and read.count("open") == 2
    read.clear()
    again, cleaned_again = layered()
    assert read == []  # nothing hashed, opened or read again
    alone = _library(tmp_path)
    plain = [images.clean_asset(p.name, p.read_bytes()) for p in (icon, phone)]
    assert read.count("info") == 3 and read.count("open") == 2
    assert first.sources == again.sources == alone.sources
    assert cleaned == cleaned_again == plain
    assert cleaned[0] == icon.read_bytes() and cleaned[1] != phone.read_bytes()
    assert real_hash(phone) == first.find(phone).digest  # type: ignore[union-attr]


def test_a_photo_saved_after_it_was_hashed_is_not_published_under_the_old_name(
    tmp_path: Path,
) -> None:
    """Variants are named by the photo's digest: made from other bytes, they would show the
    new photo under the old one's name (and be kept so). The build says so instead."""
    photo = tmp_path / "assets" / "images" / "a.jpg"
    generator.save_jpeg(photo, (700, 400))
    library = _library(tmp_path)  # the photo is hashed here
    Image.new("RGB", (700, 400), (200, 30, 30)).save(photo, "JPEG")  # saved again meanwhile
    out = tmp_path / "out"
    _, problems = images.publish(library.sources.values(), out)
    assert [(p.code, p.path) for p in problems] == [("E809", photo)]
    assert not out.exists() or not any(out.rglob("*.webp"))
    again = _library(tmp_path)  # the next build hashes it again, and publishes it
    assert _published(tmp_path, again)
    # Its header too is read from bytes of the digest it is kept under, or not at all.
    digest = images.file_digest(photo)
    generator.save_jpeg(photo, (300, 200))
    with pytest.raises(images.ImageError):
        images.image_info(photo, digest)
