"""The images test site built as an editor would: pictures, notes, downloads, no GPS anywhere."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from conftest import run_build, soup, tree_digest
from images_site import images_site

GPS_IFD = 0x8825


# The full-size site is built once for the session and shared with the browser's tests
# (conftest.py: images_built): both modules run in one worker.
pytestmark = pytest.mark.xdist_group("images-site")


@pytest.fixture
def built(images_built: tuple[Path, str]) -> tuple[Path, str]:
    """The full-size site (a 6000×4000 photo among others), built once; (root, stderr)."""
    return images_built


def _images(dist: Path) -> list[Path]:
    return [p for p in dist.rglob("*") if p.suffix in (".jpg", ".jpeg", ".png", ".webp")]


def test_no_published_image_holds_exif_or_gps(built: tuple[Path, str]) -> None:
    root, _ = built
    published = _images(root / "dist")
    assert len(published) > 10
    for path in published:
        with Image.open(path) as image:
            exif = image.getexif()
            assert not exif, path
            assert not exif.get_ifd(GPS_IFD), path
            assert not {"exif", "xmp", "icc_profile"} & set(image.info), path
    # The originals (the camera's 17 MB JPEG, the HEIC) are not published at all.
    names = [p.name for p in (root / "dist").rglob("*")]
    assert not any(name.endswith((".heic", "office.jpg")) for name in names)
    assert max(p.stat().st_size for p in published) < 2_000_000


def test_every_image_is_a_picture_with_sizes_and_dimensions(built: tuple[Path, str]) -> None:
    root, _ = built
    page = soup(root / "dist" / "index.html")
    pictures = page.select("main picture")
    assert len(pictures) == 5  # office, iPhone, two logos, the card
    for picture in pictures:
        source, img = picture.find("source"), picture.find("img")
        assert source["type"] == "image/webp" and source["sizes"]
        widths = [int(item.split()[-1][:-1]) for item in source["srcset"].split(", ")]
        assert widths == sorted(widths) and widths[-1] <= 1920
        assert int(img["width"]) > 0 and int(img["height"]) > 0
        assert (root / "dist" / img["src"].lstrip("/")).is_file()
        for item in source["srcset"].split(", "):
            assert (root / "dist" / item.split()[0].lstrip("/")).is_file()
    first, *others = [p.find("img") for p in pictures]
    assert first["fetchpriority"] == "high" and not first.get("loading")
    for img in others:
        assert img["loading"] == "lazy" and img["decoding"] == "async"
        assert not img.get("fetchpriority")
    office = first
    assert (office["width"], office["height"]) == ("6000", "4000")
    assert office["alt"].startswith("事務局の様子")


def test_raw_img_keeps_its_size_class_and_empty_alt(built: tuple[Path, str]) -> None:
    root, _ = built
    page = soup(root / "dist" / "index.html")
    marks = [img for img in page.select("main picture img") if "logo" in img["src"]]
    assert [(m["width"], m["height"], m["alt"]) for m in marks] == [
        ("240", "240", "協会のマーク"),
        ("64", "64", ""),
    ]
    assert marks[0]["class"] == ["mark"]
    assert marks[0]["src"].endswith(".png")  # transparency: a PNG fallback


def test_an_image_beside_its_page_is_published(built: tuple[Path, str]) -> None:
    root, _ = built
    page = soup(root / "dist" / "about" / "index.html")
    img = page.select_one("main picture img")
    assert img["alt"] == "職員の集合写真" and img["fetchpriority"] == "high"
    assert img["src"].startswith("/assets/about/team-")
    assert not (root / "dist" / "about" / "team.jpg").exists()


def test_a_card_shows_its_image_field(built: tuple[Path, str]) -> None:
    root, _ = built
    card = soup(root / "dist" / "index.html").select_one(".card picture")
    img = card.find("img")
    assert img["alt"] == "書類が机の上に広げられている様子"
    assert "card-leak-" in img["src"] and img["loading"] == "lazy"
    assert card.find("source")["sizes"].startswith("(min-width: 44rem) 20rem")


def test_a_download_keeps_its_name_and_shows_its_kind_and_size(built: tuple[Path, str]) -> None:
    root, _ = built
    pdf = root / "dist" / "files" / "チラシ.pdf"
    assert pdf.read_bytes() == (root / "assets" / "files" / "チラシ.pdf").read_bytes()
    paragraph = next(
        p
        for p in soup(root / "dist" / "index.html").select("main p")
        if p.find("a", href=True) and "files" in p.a["href"]
    )
    assert paragraph.a["href"] == "/files/チラシ.pdf"
    size = pdf.stat().st_size
    assert f"チラシ(PDF・{round(size / 1000)}KB)をダウンロード" in paragraph.get_text()
    assert "public, max-age=86400" in (root / "dist" / "_headers").read_text()
    assert "pdf" in (root / "dist" / ".htaccess").read_text()


def test_a_huge_original_is_noted_at_its_line(built: tuple[Path, str]) -> None:
    _, err = built
    assert re.search(r"content/index\.md:8:\d+: W811 注意: 画像「/assets/images/office\.jpg」", err)


def test_a_cached_build_and_a_cold_build_give_the_same_bytes(
    built: tuple[Path, str], tmp_path: Path
) -> None:
    root, _ = built
    first = tree_digest(root / "dist")
    assert run_build(root, "--out", str(tmp_path / "cached")).code == 0
    assert tree_digest(tmp_path / "cached") == first
    shutil.rmtree(root / ".cache")
    assert run_build(root, "--out", str(tmp_path / "cold")).code == 0
    assert tree_digest(tmp_path / "cold") == first
    assert (root / ".cache").is_dir()


# --- mistakes, on the small version of the site -------------------------------------------


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return images_site(tmp_path / "site", small=True)


def _append(root: Path, text: str) -> int:
    """Add text at the end of the home page; the line number it starts at."""
    page = root / "content" / "index.md"
    before = page.read_text(encoding="utf-8")
    page.write_text(before + "\n" + text + "\n", encoding="utf-8")
    return before.count("\n") + 2


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("![](/assets/images/logo.png)", "E803"),
        ('<img src="/assets/images/logo.png">', "E805"),
        ('<img src="/assets/images/logo.png" alt="x" style="width:9px">', "E804"),
        ("![写真](nothing.jpg)", "E801"),
        ("![写真](/assets/images/nothing.jpg)", "E403"),
    ],
)
def test_image_mistakes_are_errors_at_their_line(small: Path, text: str, code: str) -> None:
    line = _append(small, text)
    result = run_build(small)
    assert result.code == 1
    assert re.search(rf"content/index\.md:{line}:\d+: {code} エラー", result.err), result.err
    assert "Traceback" not in result.err


def test_an_image_shown_wider_than_its_pixels_is_noted(small: Path) -> None:
    line = _append(small, '<img src="/assets/images/card-leak.jpg" alt="書類" width="400">')
    result = run_build(small)
    assert result.code == 0, result.err
    assert re.search(rf"content/index\.md:{line}:\d+: W812 注意", result.err), result.err


def test_a_broken_image_file_is_an_error_naming_it(small: Path) -> None:
    (small / "assets" / "images" / "office.jpg").write_bytes(b"\xff\xd8\xff\xe0broken")
    result = run_build(small)
    assert result.code == 1
    assert "assets/images/office.jpg: E802 エラー: 画像ファイル「office.jpg」" in result.err
    assert "Traceback" not in result.err


def test_an_svg_with_a_script_is_an_error_naming_it(small: Path) -> None:
    bad = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    (small / "assets" / "bad.svg").write_text(bad, encoding="utf-8")
    result = run_build(small)
    assert result.code == 1
    assert "assets/bad.svg: E806 エラー: SVG 画像「bad.svg」" in result.err


def test_a_raw_img_of_an_asset_is_no_missing_page(small: Path) -> None:
    _append(
        small, '<img src="/assets/share.jpg" width="600" height="315" alt="紹介" loading="lazy">'
    )
    result = run_build(small)
    assert result.code == 0, result.err
    img = [
        i for i in soup(small / "dist" / "index.html").select("picture img") if "share" in i["src"]
    ]
    assert img and img[0]["width"] == "600" and img[0]["height"] == "315"
    assert (small / "dist" / img[0]["src"].lstrip("/")).is_file()


def test_a_damaged_cache_entry_is_noted_and_the_output_unchanged(
    small: Path, tmp_path: Path
) -> None:
    assert run_build(small).code == 0
    before = tree_digest(small / "dist")
    for label in (small / ".cache" / "entries").rglob("*.label"):
        label.write_bytes(b"garbage")
    result = run_build(small, "--out", str(tmp_path / "again"))
    assert result.code == 0, result.err
    assert "W801" in result.err
    assert tree_digest(tmp_path / "again") == before


def test_a_page_share_image_is_a_processed_photo(built: tuple[Path, str]) -> None:
    root, _ = built
    about = soup(root / "dist" / "about" / "index.html")
    address = about.find("meta", property="og:image")["content"]
    assert address.startswith("https://example.org/assets/images/card-leak-960.")
    assert address.endswith(".jpg")
    with Image.open(root / "dist" / address.removeprefix("https://example.org/")) as image:
        assert not image.getexif()


def test_a_card_image_without_its_description_is_an_error(small: Path) -> None:
    card = small / "content" / "sections" / "cards" / "1-leak.md"
    text = card.read_text(encoding="utf-8")
    card.write_text(text.replace("image_alt: 書類が机の上に広げられている様子\n", ""), "utf-8")
    result = run_build(small)
    assert result.code == 1
    assert "E807 エラー: 画像「images/card-leak.jpg」の説明" in result.err
    assert "Traceback" not in result.err


# --- AVIF, when site.yml asks for it (on the small site: AVIF is slow to encode) ----------


def _ask_for_avif(root: Path) -> int:
    """Turn AVIF on in the site's site.yml; the line of `avif: true`."""
    settings = root / "content" / "site.yml"
    before = settings.read_text(encoding="utf-8")
    settings.write_text(before + "images:\n  avif: true\n", encoding="utf-8")
    return before.count("\n") + 2


@pytest.fixture
def with_avif(images_avif_built: Path) -> Path:
    """The small site with AVIF asked for as _ask_for_avif asks, built once (conftest.py)."""
    return images_avif_built


def _widths(source) -> list[int]:  # type: ignore[no-untyped-def]
    return [int(item.split()[-1][:-1]) for item in source["srcset"].split(", ")]


def test_with_avif_every_picture_offers_avif_first_at_the_webp_widths(with_avif: Path) -> None:
    pictures = [
        picture
        for page in ("index.html", "about/index.html")
        for picture in soup(with_avif / "dist" / page).select("picture")
    ]
    assert len(pictures) >= 6  # five on the home page, the card among them; one on about/
    for picture in pictures:
        avif, webp = picture.find_all("source")
        assert (avif["type"], webp["type"]) == ("image/avif", "image/webp")
        assert _widths(avif) == _widths(webp) and avif["sizes"] == webp["sizes"]
        assert [child.name for child in picture.find_all(True)] == ["source", "source", "img"]
        for item in avif["srcset"].split(", "):
            path = with_avif / "dist" / item.split()[0].lstrip("/")
            assert path.suffix == ".avif"
            with Image.open(path) as image:
                assert image.format == "AVIF"
                assert image.width == int(item.split()[-1][:-1])
                exif = image.getexif()
                assert not exif and not exif.get_ifd(GPS_IFD), path
                assert not {"exif", "xmp", "icc_profile"} & set(image.info), path


def test_with_avif_cached_and_cold_builds_give_the_same_bytes(
    with_avif: Path, tmp_path: Path
) -> None:
    first = tree_digest(with_avif / "dist")
    assert any(name.endswith(".avif") for name in first)
    assert run_build(with_avif, "--out", str(tmp_path / "cached")).code == 0
    assert tree_digest(tmp_path / "cached") == first
    shutil.rmtree(with_avif / ".cache")
    assert run_build(with_avif, "--out", str(tmp_path / "cold")).code == 0
    assert tree_digest(tmp_path / "cold") == first


def test_hosts_send_avif_as_image_avif_cached_for_long(with_avif: Path) -> None:
    dist = with_avif / "dist"
    avif = [p.relative_to(dist).as_posix() for p in dist.rglob("*.avif")]
    assert avif
    htaccess = (dist / ".htaccess").read_text(encoding="utf-8")
    assert re.search(r"^AddType image/avif \.avif$", htaccess, flags=re.M)
    # Apache: the last <FilesMatch> that matches a name sets its caching: long, for each one.
    rules = re.findall(r'<FilesMatch "([^"]+)">\n +Header set Cache-Control "([^"]+)"', htaccess)
    for name in avif:
        matching = [cache for pattern, cache in rules if re.search(pattern, name)]
        assert matching and "max-age=31536000, immutable" in matching[-1], name
    # Netlify and Cloudflare Pages: every AVIF file is under the long-cached /assets/ block.
    headers = (dist / "_headers").read_text(encoding="utf-8")
    blocks = dict(re.findall(r"^(/\S*)\n((?:  .+\n)+)", headers, flags=re.M))
    assert "immutable" in blocks["/assets/*"]
    assert all(name.startswith("assets/") for name in avif)


def test_without_avif_in_pillow_the_build_notes_the_line_and_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from PIL import features

    from sitegen import cli

    root = images_site(tmp_path / "site", small=True)
    line = _ask_for_avif(root)
    real_check = features.check_module

    def without_avif(feature: str) -> bool | None:
        if feature == "avif":  # what a Pillow from before AVIF says
            raise ValueError(f"Unknown module {feature}")
        return real_check(feature)

    monkeypatch.setattr(features, "check_module", without_avif)
    code = cli.main(root, ["build"])
    shown = capsys.readouterr()
    assert code == 0, shown.err
    assert f"content/site.yml:{line}:" in shown.err
    assert re.search(rf"content/site\.yml:{line}:\d+: W813 注意: .*AVIF", shown.err), shown.err
    assert "Traceback" not in shown.err + shown.out
    dist = root / "dist"
    assert not list(dist.rglob("*.avif"))
    for picture in soup(dist / "index.html").select("picture"):
        assert [s["type"] for s in picture.find_all("source")] == ["image/webp"]


def test_a_mistake_in_site_yml_invents_no_missing_photo(small: Path) -> None:
    """A site that cannot be built still checks its pages: the photos they show are there."""
    line = _ask_for_avif(small)
    settings = small / "content" / "site.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("avif: true", "avif: はい"))
    result = run_build(small)
    assert result.code == 1 and "Traceback" not in result.err
    errors = re.findall(r"^(\S+): (E\d+) エラー", result.err, flags=re.M)
    assert [(where.rsplit(":", 1)[0], code) for where, code in errors] == [
        (f"content/site.yml:{line}", "E202")
    ], result.err


def test_a_missing_photo_beside_another_mistake_is_reported_once(small: Path) -> None:
    """When the site cannot be built, a missing photo is one error (E801), not also E601."""
    line = _ask_for_avif(small)
    settings = small / "content" / "site.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("avif: true", "avif: はい"))
    page = small / "content" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n![ない写真](nothing.jpg)\n")
    result = run_build(small)
    assert result.code == 1 and "Traceback" not in result.err
    codes = re.findall(r"^\S+: (E\d+) エラー", result.err, flags=re.M)
    assert sorted(codes) == ["E202", "E801"], result.err
    assert f"content/site.yml:{line}" in result.err


def test_an_icon_given_metadata_after_a_build_is_published_without(tmp_path: Path) -> None:
    from PIL import PngImagePlugin

    from conftest import ROOT, copy_project

    root = copy_project(ROOT / "tests" / "sites" / "growing", tmp_path / "site")
    assert run_build(root).code == 0  # the plain icon, remembered as plain
    icon = root / "assets" / "apple-touch-icon.png"
    with Image.open(icon) as image:
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", "撮影者の名前")
        image.save(icon, "PNG", pnginfo=info)
    assert run_build(root).code == 0
    published = list((root / "dist" / "assets").glob("apple-touch-icon.*.png"))
    assert len(published) == 1
    with Image.open(published[0]) as image:
        assert not getattr(image, "text", None) and "comment" not in image.info
