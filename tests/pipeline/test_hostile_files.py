"""Files that must not crash the build (issue 30): a corpus of hostile and damaged inputs.

Each is what an editor's machine can bring into a site folder: text pasted from elsewhere
with thousands of quote marks, a damaged file, an image whose header claims 30,000 × 30,000
pixels. None may reach E901 ("unexpected"): each gets its own message at its file (and
line), found before the expensive work, and `dist/` stays as it was.
"""

from __future__ import annotations

import shutil
import struct
import zlib
from pathlib import Path

import pytest

from sitegen.commands import build as build_command
from sitegen.commands import check as check_command
from sitegen.core.project import Project

from conftest import FLYER_SITE, copy_project, tree_digest

HEAD = "---\ntitle: 試験のページ\n---\n\n"  # the body starts on line 5
BODY_LINE = 5


def _lines(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


# Markdown past the converter's limits: (body, code, line of the body it is reported at).
PAST_LIMITS = {
    "5,000 nested quote marks": (">" * 5000 + " 引用\n", "E507", 1),
    "quote marks spaced out": ("> " * 3000 + "引用\n", "E507", 1),
    "quotes deep inside a list item": ("- 項目\n\n    " + ">" * 4000 + " x\n", "E507", 3),
    "lists nested 600 deep": (_lines(*("  " * i + "- 項目" for i in range(600))), "E508", 21),
    "numbered lists nested 600 deep": (
        _lines(*("   " * i + "1. 項目" for i in range(600))),
        "E508",
        21,
    ),
    "20,000 emphasis marks": ("*" * 20000 + "x" + "*" * 20000 + "\n", "E509", 1),
    "20,000 brackets": ("[" * 20000 + "x" + "]" * 20000 + "\n", "E509", 1),
    "300 unclosed brackets on a line of 40,000 characters": (
        "![" * 300 + "-" * 40000 + "\n",
        "E511",
        1,
    ),
    "30,000 headings": ("# 見出し\n" * 30000, "E510", 1001),
    "2,000 footnotes": ("".join(f"x[^{i}]\n\n[^{i}]: y\n" for i in range(2000)), "E510", 3003),
}
# Large but harmless: built, or refused with an ordinary message, never E901.
BUILT_OR_TOLD = {
    "5,000 nested divs": "<div>" * 5000 + "x" + "</div>" * 5000 + "\n",
    "5,000 nested spans": "<span>" * 5000 + "x" + "</span>" * 5000 + "\n",
    "3,000 unclosed tables": "<table>" * 3000 + "\n",
    "a line of 3 million characters": "あ" * 3_000_000 + "\n",
    "a table of 20,000 rows": "| a | b |\n| --- | --- |\n" + "| 1 | 2 |\n" * 20000,
    "a table 2,000 columns wide": (
        "|" + " a |" * 2000 + "\n|" + " --- |" * 2000 + "\n" + ("|" + " 1 |" * 2000 + "\n") * 50
    ),
    "100,000 backticks": "`" * 100000 + "\n",
    "a rule of 5,000 marks": "*" * 5000 + "\n",
    "code indented 20,000 spaces": " " * 20000 + "x\n",
    "numeric references out of range": "&#x110000; &#0; &#xD800; &#99999999999;\n",
    "10,000 unclosed comments": "<!--" * 10000 + "\n",
    "a footnote of 3,000 quote marks": "[^1]\n\n[^1]: " + ">" * 3000 + "x\n",
}


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


def _gif(width: int, height: int) -> bytes:
    return (
        b"GIF89a" + struct.pack("<HH", width, height) + b"\x00\x00\x00"
        b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    )


# Images whose headers claim more pixels than any photo: (file, bytes), reported as E808.
BOMBS = {
    "a PNG claiming 30,000 × 30,000 among the photos": (
        "assets/images/bomb.png",
        _png(30000, 30000),
    ),
    "a PNG claiming 30,000 × 30,000 among the icons": ("assets/bomb.png", _png(30000, 30000)),
    "a PNG claiming 30,000 × 30,000 beside a page": ("content/bomb.png", _png(30000, 30000)),
    "a PNG 2,000,000,000 pixels tall": ("assets/images/tall.png", _png(1, 2_000_000_000)),
    "a GIF claiming 40,000 × 40,000": ("assets/anime.gif", _gif(40000, 40000)),
    "a GIF claiming 40,000 × 40,000 among the photos": (
        "assets/images/anime.gif",
        _gif(40000, 40000),
    ),
}
# Every image format we accept, damaged, where a photo goes: (file, bytes), reported as E802.
DAMAGED = {
    "a truncated JPEG": ("trunc.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 10),
    "a PNG of no pixels": ("zero.png", _png(0, 0)),
    "a WebP of garbage": ("garbage.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\xff" * 30),
    "an empty HEIC": ("empty.heic", b""),
    "a text file named .jpeg": ("note.jpeg", "写真ではありません".encode()),
}
# Library words an editor must not be shown.
ENGLISH = ("Error", "cannot identify", "could not", "decoder", "exceeds limit", "Traceback")


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = copy_project(FLYER_SITE, tmp_path_factory.mktemp("good") / "site")
    assert build_command.run(Project(root), root / "dist") == 0
    return root, tree_digest(root / "dist")


def _copy(good: tuple[Path, dict[str, str]], tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(good[0], root)
    return root


def _build(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = build_command.run(Project(root), root / "dist")
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize("case", sorted(PAST_LIMITS))
def test_markdown_past_the_converters_limits_is_named_at_its_line(
    case: str, good: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body, code, line = PAST_LIMITS[case]
    root = _copy(good, tmp_path)
    (root / "content" / "hostile.md").write_text(HEAD + body, encoding="utf-8")
    status, said = _build(root, capsys)
    assert status == 1
    assert f"content/hostile.md:{BODY_LINE + line - 1}:" in said and f" {code} エラー:" in said, (
        said[:2000]
    )
    assert "E901" not in said
    assert tree_digest(root / "dist") == good[1]
    assert check_command.run(Project(root)) == 1  # check, which converts without rendering
    checked = capsys.readouterr().out
    assert f" {code} エラー:" in checked and "E901" not in checked


@pytest.mark.parametrize("case", sorted(BUILT_OR_TOLD))
def test_large_markdown_is_built_or_told_never_unexpected(
    case: str, good: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _copy(good, tmp_path)
    (root / "content" / "hostile.md").write_text(HEAD + BUILT_OR_TOLD[case], encoding="utf-8")
    status, said = _build(root, capsys)
    assert "E901" not in said and "Traceback" not in said, said[:2000]
    if status == 1:
        assert "content/hostile.md:" in said and " エラー: " in said, said[:2000]
    else:
        assert (root / "dist" / "hostile" / "index.html").is_file()


@pytest.mark.parametrize("case", sorted(BOMBS))
def test_an_image_claiming_too_many_pixels_is_refused_from_its_header(
    case: str, good: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    relative, data = BOMBS[case]
    root = _copy(good, tmp_path)
    (root / relative).parent.mkdir(parents=True, exist_ok=True)
    (root / relative).write_bytes(data)
    status, said = _build(root, capsys)
    assert status == 1
    assert f"{relative}: E808 エラー: 画像「{Path(relative).name}」は " in said, said[:2000]
    assert "ピクセルあると書かれていて" in said
    assert not any(word in said for word in ENGLISH), said[:2000]
    assert tree_digest(root / "dist") == good[1]
    # Again, with the header's size known from the first build (the layer's image table).
    again, said_again = _build(root, capsys)
    assert again == 1
    assert f"{relative}: E808 エラー: 画像「{Path(relative).name}」は " in said_again


@pytest.mark.parametrize("folder", ["assets/images", "content"])
@pytest.mark.parametrize("case", sorted(DAMAGED))
def test_a_damaged_image_of_every_format_is_named_in_japanese(
    case: str,
    folder: str,
    good: tuple[Path, dict[str, str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    name, data = DAMAGED[case]
    root = _copy(good, tmp_path)
    (root / folder).mkdir(parents=True, exist_ok=True)
    (root / folder / name).write_bytes(data)
    status, said = _build(root, capsys)
    assert status == 1
    assert f"{folder}/{name}: E802 エラー: 画像ファイル「{name}」を読み込めません(" in said, said
    assert not any(word in said for word in ENGLISH), said


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("'" + ">" * 5000 + " 見出し'", "E507"),
        ("'" + "*" * 20000 + "x'", "E509"),
        ("'" + "[" * 20000 + "'", "E509"),
    ],
)
def test_a_text_templates_render_as_markdown_is_named_at_its_yaml_line(
    value: str,
    code: str,
    good: tuple[Path, dict[str, str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """coverage's heading goes through the markdown_heading filter: checked before rendering."""
    root = _copy(good, tmp_path)
    heading = root / "content" / "sections" / "coverage" / "index.md"
    lines = heading.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("heading:"))
    lines[number - 1] = f"heading: {value}"
    heading.write_text("\n".join(lines), encoding="utf-8")
    status, said = _build(root, capsys)
    assert status == 1
    assert f"content/sections/coverage/index.md:{number}:1: {code} エラー:" in said, said[:2000]
    assert "E901" not in said


def test_a_template_saved_in_shift_jis_is_named_at_its_line(
    good: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _copy(good, tmp_path)
    template = root / "templates" / "page.html"
    text = template.read_text(encoding="utf-8")
    template.write_bytes(text.replace("\n", "\n<!-- 会員向け -->\n", 1).encode("cp932"))
    status, said = _build(root, capsys)
    assert status == 1
    assert "templates/page.html:2: E001 エラー:" in said and "Shift_JIS" in said, said[:2000]
    assert "E901" not in said
    assert tree_digest(root / "dist") == good[1]
    assert check_command.run(Project(root)) == 1
    assert "templates/page.html:2: E001 エラー:" in capsys.readouterr().out
