"""Photos and pictures: resized variants, WebP (and AVIF), metadata stripped, cached.

Every raster image of the site (in assets/, or beside the page that shows it in content/) is
a `Source`. Its `Plan` names the files it is published as before anything is encoded: WebP at
the widths the layout shows (never upscaled), AVIF at the same widths when the site asks for
it (`images: {avif: true}` in site.yml: smaller files, slower builds), and one fallback in a
format every browser shows (JPEG, or PNG for an image with transparency). Names carry a hash
of the source and of the recipe, so pages can be rendered first and the variants encoded (or
taken from the cache) afterwards, only for the images the pages show.

Encoding applies the EXIF orientation, converts to sRGB, and writes no metadata at all (no
EXIF, GPS, XMP or ICC profile). The encoders' settings are fixed, so the same source gives the
same bytes on every run, from the cache or not. iPhone photos (HEIC) are read with
`pillow-heif` and published as WebP and JPEG.

This stage keeps nothing between builds: a file's hash, an image's size and a plain copy of
an asset come from functions marked pure, which the incremental layer answers from what it
remembers (sitegen.incremental.image_memo); the layer places the variants it keeps and has
the rest encoded here, each told to it as it is written (`tell("image variant", …)`).
"""

from __future__ import annotations

import hashlib
import html
import io
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from sitegen.core.files import write_new
from sitegen.core.problems import Problem
from sitegen.core.remembered import pure, tell
from sitegen.source.editor_junk import is_editor_junk
from sitegen.source.sync_copies import is_conflict_copy

RASTER_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif"})
# Photos: never published as they are, only as variants (they may be huge and carry GPS).
PHOTO_FOLDER = "images"
HEIF_SUFFIXES = frozenset({".heic", ".heif"})
# The widths (px) the layout shows an image at, on screens of 1x to 3x density.
WIDTHS = (320, 640, 960, 1440, 1920)
FALLBACK_WIDTH = 960
# Editors are warned about originals past these (the page still builds).
LARGE_BYTES = 10_000_000
LARGE_PIXELS = 6000
# The encoders' settings: fixed, so output is the same from run to run.
WEBP_OPTIONS = {"quality": 78, "method": 4}
# AVIF: at about the SSIM of the WebP above, most photos come out 5-25% smaller, for 1-2 s
# of encoding per 12 MP photo (speed 6 takes 2-3 times as long for 1-2% less; bench/avif.py
# measures the choices). One encoder thread: libaom writes other bytes with one thread than
# with several, and the count must not depend on the computer (images are encoded in
# parallel already, one per core).
AVIF_OPTIONS = {"quality": 60, "speed": 7, "max_threads": 1}
JPEG_OPTIONS = {"quality": 80, "optimize": True, "progressive": True, "subsampling": "4:2:0"}
PNG_OPTIONS = {"optimize": True}
RECIPE = "v1"
# The column of a page's text (42rem) less the page's margins (2 × 1rem) on a phone.
DEFAULT_SIZES = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"
HASH_LENGTH = 10


# An image claiming more pixels is refused from its header, before it is decoded: 100 MP
# holds every phone's photo (48 MP) and a scanned poster; decoding 30,000 × 30,000 would take
# gigabytes. Pillow's own guard (DecompressionBombError, past 179 MP) is turned off for it.
MAX_PIXELS = 100_000_000
# Formats published as they are (favicons, GIF animations, AVIF files): their headers too.
CHECKED_AS_IS = frozenset({".png", ".jpg", ".jpeg", ".webp", ".gif", ".avif", ".bmp", ".ico"})


class ImageError(Exception):
    """A file that cannot be read as an image."""


class ImageTooLargeError(ImageError):
    """An image whose header claims more than MAX_PIXELS."""

    def __init__(self, width: int, height: int):
        from sitegen.core.messages import text

        super().__init__(text("image_too_large", width=width, height=height))
        self.width, self.height = width, height


@dataclass(frozen=True)
class Variant:
    """One published file of an image."""

    output: str  # below the output folder: "assets/images/office-960.0123456789.webp"
    width: int
    height: int
    kind: str  # "avif", "webp", "jpeg", "png"
    key: str  # the cache key of its bytes


@dataclass(frozen=True)
class Source:
    """One original image and what it is published as."""

    path: Path
    digest: str
    width: int  # as shown, after the EXIF orientation
    height: int
    format: str  # Pillow's name: JPEG, PNG, WEBP, HEIF
    alpha: bool
    size: int  # bytes
    webp: tuple[Variant, ...]
    fallback: Variant
    avif: tuple[Variant, ...] = ()  # none unless the site asks for AVIF

    @property
    def large(self) -> bool:
        return self.size > LARGE_BYTES or max(self.width, self.height) > LARGE_PIXELS

    @property
    def variants(self) -> tuple[Variant, ...]:
        return (*self.avif, *self.webp, self.fallback)


@dataclass
class Library:
    """Every image of a site, by source file, and what the build found wrong with them."""

    base_path: str
    sources: dict[Path, Source] = field(default_factory=dict)
    broken: dict[Path, str] = field(default_factory=dict)  # file -> reason
    too_large: dict[Path, tuple[int, int]] = field(default_factory=dict)  # and what it claims

    def find(self, path: Path) -> Source | None:
        return self.sources.get(_key(path))

    def url(self, variant: Variant) -> str:
        return self.base_path + quote(variant.output)

    def outputs(self) -> dict[str, Variant]:
        """Every file of every image, by output path."""
        return {v.output: v for source in self.sources.values() for v in source.variants}


def _key(path: Path) -> Path:
    return Path(os.path.normpath(path.absolute()))


def is_raster(path: Path | PurePosixPath) -> bool:
    return path.suffix.lower() in RASTER_SUFFIXES


def is_photo_asset(relative: PurePosixPath) -> bool:
    """An asset published only as variants, never as it is (assets/images/, and HEIC)."""
    if relative.suffix.lower() in HEIF_SUFFIXES:
        return True
    return is_raster(relative) and relative.parts[:1] == (PHOTO_FOLDER,)


def image_files(assets: Path, content: Path) -> list[tuple[Path, str]]:
    """Every raster image of the site, with the output folder its variants go to.

    An image in assets/x/ is published in assets/x/; one beside a page in content/about/ in
    assets/about/ (with the pages' assets, which hosts cache for long).
    """
    found = []
    for root in (assets, content):
        if not root.is_dir():
            continue
        for path in sorted(_raster_files(root)):
            relative = PurePosixPath(path.relative_to(root).as_posix())
            if not is_raster(relative) or not path.is_file():
                continue
            if any(is_editor_junk(p) or p.startswith((".", "_")) for p in relative.parts):
                continue
            if is_conflict_copy(path):
                continue
            if root == content and relative.parts[0] == "data":
                continue
            found.append((path, (PurePosixPath("assets") / relative.parent).as_posix()))
    return found


def _raster_files(root: Path) -> list[Path]:
    """The files below root named as raster images (unsorted), as rglob would find them.

    Walked with strings: making a Path of each of 1,000 pages took 0.04 s of every build.
    """
    found = []
    for folder, _, names in os.walk(root):
        found += [
            Path(folder, n) for n in names if os.path.splitext(n)[1].lower() in RASTER_SUFFIXES
        ]
    return found


def avif_available() -> bool:
    """Whether this Pillow writes AVIF (built in since 11.3; older ones do not know it)."""
    from PIL import features

    try:
        return bool(features.check_module("avif"))
    except ValueError:  # "Unknown module": a Pillow from before AVIF
        return False


def load_library(
    assets: Path,
    content: Path,
    base_path: str,
    widths: Iterable[int] = WIDTHS,
    avif: bool = False,
) -> Library:
    """The plans of every image, from each one's hash and header (file_digest, image_info:
    the incremental layer remembers both).

    With avif, every image gets AVIF variants too (the caller checks `avif_available()`).
    """
    library = Library(base_path)
    widths = tuple(widths)
    for path, folder in image_files(assets, content):
        try:
            digest = file_digest(path)
            info = image_info(path, digest)
        except ImageTooLargeError as error:
            library.broken[_key(path)] = str(error)
            library.too_large[_key(path)] = (error.width, error.height)
            continue
        except ImageError as error:
            library.broken[_key(path)] = str(error)
            continue
        except OSError as error:  # unreadable file, or a header Pillow cannot decode
            library.broken[_key(path)] = _os_reason(path, error)
            continue
        library.sources[_key(path)] = _plan(path, folder, digest, info, widths, avif)
    return library


@pure("file hash")
def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes (the layer reads a file again only when its size or
    modification time changed)."""
    return _sha256_file(path)


def _sha256_file(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


@pure("image info")
def image_info(path: Path, digest: str) -> dict[str, object]:
    """Width, height (upright), format, transparency and size of the image at path, whose
    bytes have the hash digest (what the result depends on: the layer keeps it by that).

    Read from bytes that have that digest, or ImageError: a photo saved since it was hashed
    must not be kept under the old photo's digest."""
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != digest:
        from sitegen.core.messages import text

        raise ImageError(text("image_changed"))
    return _info(path, data)


def _os_reason(path: Path, error: OSError) -> str:
    """Why a file could not be read, in an editor's words where Pillow's are a library's."""
    from sitegen.core.messages import text

    if error.filename is not None or not path.is_file():
        return str(error)  # the file system's own (permission, missing): named as it is
    return text("image_unreadable")


def _info(path: Path, data: bytes | None = None) -> dict[str, object]:
    """Width, height (upright), format and transparency of an image (of its bytes data, if
    read already), from its header."""
    with _open(path, data) as image:
        width, height = image.size
        orientation = image.getexif().get(0x0112, 1)
        if orientation in (5, 6, 7, 8):
            width, height = height, width
        return {
            "width": width,
            "height": height,
            "format": image.format or "",
            "alpha": _has_alpha(image),
            "size": path.stat().st_size if data is None else len(data),
        }


def _open(path: Path, data: bytes | None = None):  # type: ignore[no-untyped-def]
    """The image at path (or of its bytes data, already read), opened lazily; ImageError if
    it is not one Pillow can read."""
    from PIL import Image, UnidentifiedImageError

    from sitegen.core.messages import text

    _own_size_guard()
    if path.suffix.lower() in HEIF_SUFFIXES:
        _register_heif()
    try:
        image = Image.open(path if data is None else io.BytesIO(data))
    except (UnidentifiedImageError, SyntaxError, ValueError) as error:
        raise ImageError(text("image_unreadable")) from error
    _check_size(image)
    return image


def _own_size_guard() -> None:
    """Leave Pillow's size guard to ours (MAX_PIXELS, checked at each open, with a message)."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = None


def _check_size(image) -> None:  # type: ignore[no-untyped-def]
    width, height = image.size
    if width * height > MAX_PIXELS:
        image.close()
        raise ImageTooLargeError(width, height)


@pure("image header")
def claimed_size(data: bytes) -> tuple[int, int] | None:
    """The width and height an image's header claims (nothing decoded); None if unreadable."""
    from PIL import Image, UnidentifiedImageError

    _own_size_guard()
    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        return None


def too_large(data: bytes) -> tuple[int, int] | None:
    """The size an image claims, if it is past MAX_PIXELS."""
    size = claimed_size(data)
    return size if size is not None and size[0] * size[1] > MAX_PIXELS else None


_heif_registered = False


def _register_heif() -> None:
    global _heif_registered
    if not _heif_registered:
        from pillow_heif import register_heif_opener

        register_heif_opener()
        _heif_registered = True


def _has_alpha(image) -> bool:  # type: ignore[no-untyped-def]
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
        image.mode == "P" and "transparency" in image.info
    )


def _plan(
    path: Path,
    folder: str,
    digest: str,
    info: dict[str, object],
    widths: tuple[int, ...],
    avif: bool = False,
) -> Source:
    width, height = int(info["width"]), int(info["height"])  # type: ignore[call-overload]
    alpha = bool(info["alpha"])
    fallback_kind = "png" if alpha else "jpeg"
    stem = path.stem

    def variant(at: int, kind: str) -> Variant:
        shown_height = max(1, round(height * at / width))
        key = f"image:{RECIPE}:{_encoder_version(kind)}:{digest}:{kind}:{at}x{shown_height}"
        tag = hashlib.sha256(key.encode("utf-8")).hexdigest()[:HASH_LENGTH]
        extension = "jpg" if kind == "jpeg" else kind
        output = f"{folder}/{stem}-{at}.{tag}.{extension}"
        return Variant(output, at, shown_height, kind, key)

    sizes = sorted({min(w, width) for w in widths})
    webp = tuple(variant(w, "webp") for w in sizes)
    fallback = variant(min(FALLBACK_WIDTH, width), fallback_kind)
    return Source(
        path,
        digest,
        width,
        height,
        str(info["format"]),
        alpha,
        int(info["size"]),  # type: ignore[call-overload]
        webp,
        fallback,
        tuple(variant(w, "avif") for w in sizes) if avif else (),
    )


def pillow_version() -> str:
    import PIL

    return PIL.__version__


_avif_codecs: str | None = None


def _encoder_version(kind: str) -> str:
    """What the bytes of a kind of variant depend on besides the source and the recipe.

    AVIF's come from libavif and its AV1 encoder, which a Pillow built from source may take
    from the system: their versions are part of the key, not only Pillow's.
    """
    global _avif_codecs
    if kind != "avif":
        return pillow_version()
    if _avif_codecs is None:
        from PIL import AvifImagePlugin, features

        codecs = AvifImagePlugin._avif.codec_versions()  # type: ignore[union-attr]
        _avif_codecs = f"{features.version_module('avif')}/{codecs}"
    return f"{pillow_version()}:{_avif_codecs}"


# --- encoding ---------------------------------------------------------------------------------


def publish(
    sources: Iterable[Source], staging: Path | None
) -> tuple[dict[str, bytes], list[Problem]]:
    """Encode every variant of sources into staging (without staging, their bytes are
    returned); a source that fails to decode is a problem naming its file."""
    return encode_variants([(source, source.variants) for source in sources], staging)


def encode_variants(
    jobs: Sequence[tuple[Source, Sequence[Variant]]], staging: Path | None
) -> tuple[dict[str, bytes], list[Problem]]:
    """Encode these variants of each source into staging (without staging, their bytes
    are returned), one source per thread (Pillow releases the GIL while it decodes, resizes
    and encodes). Each variant written is told to the layer, if it listens."""
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    workers = max(1, min(len(jobs), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        made_all = pool.map(lambda job: _encode_all(*job), jobs)
        for made in made_all:
            if isinstance(made, Problem):
                problems.append(made)
                continue
            for variant, data in made:
                target = None if staging is None else staging / variant.output
                if staging is None:
                    files[variant.output] = data
                else:  # a new file: one left there may be a hard link into the cache
                    write_new(staging, variant.output, data)
                tell("image variant", variant, data, target)
    return files, problems


def _encode_all(
    source: Source, variants: Sequence[Variant]
) -> list[tuple[Variant, bytes]] | Problem:
    """The bytes of these variants of source, or why they could not be made."""
    name = source.path.name
    try:
        data = source.path.read_bytes()
        # Made from the very bytes whose digest names the variants: a photo saved since it
        # was hashed would otherwise be published, and kept, under the old photo's name.
        if hashlib.sha256(data).hexdigest() != source.digest:
            return Problem.of("E809", source.path, name=name)
        image = _decoded(source.path, data)
        return [(variant, encode(image, variant)) for variant in variants]
    except ImageError as error:
        return Problem.of("E802", source.path, name=name, detail=str(error))
    except OSError:  # a truncated or damaged file, found while decoding, or gone
        from sitegen.core.messages import text

        return Problem.of("E802", source.path, name=name, detail=text("image_damaged"))


def _decoded(path: Path, data: bytes):  # type: ignore[no-untyped-def]
    """The image of path (its bytes data), upright, in sRGB, as RGB or RGBA pixels."""
    from PIL import ImageCms, ImageOps

    with _open(path, data) as opened:
        opened.load()
        image = ImageOps.exif_transpose(opened)
    alpha = _has_alpha(image)
    icc = image.info.get("icc_profile")
    image = image.convert("RGBA" if alpha else "RGB")
    if icc:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            srgb = ImageCms.createProfile("sRGB")
            image = ImageCms.profileToProfile(image, profile, srgb, outputMode=image.mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a damaged profile: the pixels are shown as they are
    image.info = {}
    return image


def encode(image, variant: Variant) -> bytes:  # type: ignore[no-untyped-def]
    """One variant of a decoded image, with no metadata."""
    from PIL import Image

    resized = image
    if image.size != (variant.width, variant.height):
        resized = image.resize(
            (variant.width, variant.height), Image.Resampling.LANCZOS, reducing_gap=3.0
        )
    out = io.BytesIO()
    if variant.kind == "avif":
        resized.save(out, "AVIF", **AVIF_OPTIONS)
    elif variant.kind == "webp":
        resized.save(out, "WEBP", **WEBP_OPTIONS)
    elif variant.kind == "png":
        resized.save(out, "PNG", **PNG_OPTIONS)
    else:
        resized.convert("RGB").save(out, "JPEG", **JPEG_OPTIONS)
    return out.getvalue()


# --- clean copies of other raster assets ------------------------------------------------------


def clean_asset(name: str, data: bytes) -> bytes:
    """An asset image as it is if it carries no metadata, else re-encoded without any.

    Icons and the share image are published under their own (hashed) names for templates;
    a photo placed among them must not publish its EXIF (GPS) all the same.
    """
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in (".jpg", ".jpeg", ".png", ".webp"):
        return data
    return without_metadata(data)


@pure("clean image")
def without_metadata(data: bytes) -> bytes:
    """An image's bytes as they are (the same object) if they carry no metadata, else the
    image re-encoded without any. The layer remembers both answers: opening an image (and
    importing Pillow's image code) took 0.03 s of every build."""
    from PIL import Image, UnidentifiedImageError

    _own_size_guard()
    if too_large(data) is not None:
        return data  # refused by the build (E808) before it is published
    try:
        with Image.open(io.BytesIO(data)) as image:
            carries = bool(image.getexif()) or any(
                k in image.info for k in ("exif", "xmp", "XML:com.adobe.xmp", "comment")
            )
            carries = carries or bool(getattr(image, "text", None))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return data  # reported by the image checks when a page shows it
    if not carries:
        return data
    with Image.open(io.BytesIO(data)) as image:
        from PIL import ImageOps

        upright = ImageOps.exif_transpose(image)
        out = io.BytesIO()
        kind = image.format or "PNG"
        if kind == "JPEG":
            upright.convert("RGB").save(out, "JPEG", quality=90, optimize=True)
        elif kind == "WEBP":
            upright.save(out, "WEBP", quality=90, method=4)
        else:
            upright.save(out, "PNG", optimize=True)
    return out.getvalue()


# --- HTML ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """How one image is placed on a page."""

    alt: str
    width: int | None = None  # CSS px, when the editor set one
    sizes: str = DEFAULT_SIZES
    eager: bool = False  # the first image of a page: fetched first, never lazily
    css_class: str = ""
    loading: str = ""


def picture_attributes(
    library: Library, source: Source, shown: Shown
) -> tuple[list[dict[str, str]], dict[str, str]]:
    """The attributes of each `<source>` and of the `<img>` of a `<picture>` for source.

    AVIF comes before WebP: a browser takes the first source whose type it shows.
    """
    width = shown.width or source.width
    height = max(1, round(source.height * width / source.width))
    sizes = shown.sizes
    if shown.width:
        sizes = f"(min-width: {shown.width + 32}px) {shown.width}px, calc(100vw - 2rem)"
    sources = [
        {
            "type": f"image/{kind}",
            "srcset": ", ".join(f"{library.url(v)} {v.width}w" for v in variants),
            "sizes": sizes,
        }
        for kind, variants in (("avif", source.avif), ("webp", source.webp))
        if variants
    ]
    img = {"src": library.url(source.fallback), "alt": shown.alt}
    if shown.css_class:
        img["class"] = shown.css_class
    img["width"], img["height"] = str(width), str(height)
    if shown.eager:  # the largest image of the first screen: fetched at once, first
        img["fetchpriority"] = "high"
    else:
        img["loading"] = "eager" if shown.loading == "eager" else "lazy"
        img["decoding"] = "async"
    return sources, img


def picture_html(library: Library, source: Source, shown: Shown) -> str:
    sources, img = picture_attributes(library, source, shown)
    inner = "".join(f"<source{_attrs(attributes)}>" for attributes in sources)
    return f"<picture>{inner}<img{_attrs(img)}></picture>"


def _attrs(values: dict[str, str]) -> str:
    return "".join(f' {name}="{html.escape(value)}"' for name, value in values.items())
