"""`build.py --help`, each command's help and every argument error, in Japanese."""

from __future__ import annotations

import argparse
import ast
import re
from pathlib import Path

import pytest

from sitegen.core.help_format import columns
from sitegen.core.messages import ARGPARSE

from conftest import run_build

COMMANDS = ["build", "check", "serve", "deploy", "test"]
# argparse's English, as it would appear if a text slipped through untranslated.
ENGLISH = re.compile(
    r"usage:|options|positional arguments|show this help|error:|invalid|expected|"
    r"unrecognized|required|choose from|[Aa]rgument"
)


def _argparse_message_ids() -> set[str]:
    """Every text the running Python's argparse passes through gettext."""
    tree = ast.parse(Path(argparse.__file__).read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("_", "ngettext"):
            found |= {
                arg.value
                for arg in node.args
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            }
    return found


def test_every_argparse_message_has_a_japanese_text() -> None:
    ids = _argparse_message_ids()
    assert len(ids) > 20  # the scan found argparse's texts
    assert sorted(ids - set(ARGPARSE)) == []
    for english, japanese in ARGPARSE.items():
        # The same placeholders, so that argparse can fill them in (%r may become %s).
        assert _placeholders(english) == _placeholders(japanese), english


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%(\(\w+\))?[rs]", text))


@pytest.mark.parametrize("args", [["--help"], *[[name, "--help"] for name in COMMANDS]])
def test_help_is_japanese(project: Path, args: list[str]) -> None:
    result = run_build(project, *args)
    assert result.code == 0
    assert result.out.startswith("使い方: build.py")
    assert "この説明を表示して終わります" in result.out
    assert not ENGLISH.search(result.out), result.out
    # Every option and command line has its explanation, in Japanese.
    for line in result.out.splitlines():
        if re.match(r"\s+(-|build|check|serve|edit|deploy|test)", line):
            assert re.search(r"[ぁ-んァ-ン一-龥]", line), line


@pytest.mark.parametrize("args", [["--help"], *[[name, "--help"] for name in COMMANDS]])
def test_help_lines_up_in_the_columns_a_terminal_shows(
    project: Path, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Japanese takes two columns: each explanation starts at one column, within 70."""
    monkeypatch.setenv("COLUMNS", "70")
    result = run_build(project, *args)
    assert result.code == 0
    lines = result.out.splitlines()
    assert all(columns(line) <= 70 for line in lines), result.out
    starts = set()
    for line in lines[lines.index("") :]:  # after the usage
        entry = re.match(
            r"(\s+(?:-|コマンド|build|check|serve|edit|deploy|test)\S*(?: \S+)?\s\s+)\S", line
        )
        if entry:
            starts.add(columns(entry[1]))
        elif line.startswith("    ") and line.strip():  # an explanation's next line
            starts.add(columns(line) - columns(line.lstrip()))
    assert len(starts) == 1, result.out
    usage = result.out.split("\n\n", 1)[0].splitlines()
    for more in usage[1:]:  # the usage's next lines start under its first option
        assert columns(more) - columns(more.lstrip()) == columns(usage[0].split("[", 1)[0])


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--nope"], "知らない引数があります: --nope"),
        (["check", "--nope"], "知らない引数があります: --nope"),
        (["publish"], "「publish」というコマンドはありません"),
        (["build", "--out"], "--out: 値を 1 つ書いてください"),
        (["serve", "--port", "abc"], "ポート番号は 1〜65535 の整数で書いてください(いまは「abc」)"),
        (["serve", "--port", "70000"], "いまは「70000」"),
        (["deploy", "--dry-run", "extra"], "知らない引数があります: extra"),
    ],
)
def test_argument_errors_are_japanese_and_exit_2(
    project: Path, args: list[str], expected: str
) -> None:
    result = run_build(project, *args)
    assert result.code == 2
    assert expected in result.err
    assert "エラー:" in result.err and "--help` で表示されます" in result.err
    assert not ENGLISH.search(result.err), result.err
    assert "Traceback" not in result.err


def test_required_and_invalid_int_messages_of_argparse_itself_are_japanese() -> None:
    """argparse's own texts for what our command line does not use yet, through our parser."""
    from sitegen import cli

    with cli.japanese_argparse():
        parser = cli.Parser(prog="build.py")
        parser.add_argument("--count", type=int)
        parser.add_argument("name")
        errors = []
        parser.error = errors.append  # type: ignore[method-assign]
        parser.exit = lambda *a: None  # type: ignore[method-assign]
        parser.parse_known_args(["--count", "x", "a"])
        parser.parse_known_args([])
    assert errors[0].startswith("--count: 「x」は正しい値ではありません")
    assert errors[1] == "次の引数が必要です: name"
