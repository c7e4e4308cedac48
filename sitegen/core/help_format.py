"""argparse's help laid out by the columns a terminal shows, not by characters.

A Japanese character takes two columns: argparse pads `--out フォルダ` and `コマンド` by their
length in characters, so the help texts beside them start one to four columns late, and
wraps Japanese help past the terminal's edge.
"""

from __future__ import annotations

import argparse
import unicodedata


def columns(text: str) -> int:
    """How many terminal columns text takes (wide and full-width characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def wrap(text: str, width: int) -> list[str]:
    """text in lines of at most width columns, broken at spaces and between phrases."""
    lines: list[str] = []
    line = ""
    for piece in _pieces(" ".join(text.split()), width):
        if line and columns(line + piece.rstrip()) > width:
            lines.append(line.rstrip())
            line = piece.lstrip()
        else:
            line += piece
    return [*lines, line.rstrip()] if line.strip() else lines


def _pieces(text: str, width: int) -> list[str]:
    """Words with the space after them and Japanese phrases (BudouX), none wider than width."""
    from sitegen.japanese.phrases import split  # only when help is shown

    pieces: list[str] = []
    for phrase in split(text):
        for word in phrase.replace(" ", " \0").split("\0"):
            while columns(word.rstrip()) > width:  # a phrase wider than a line: cut it
                cut = max(1, next(i for i in range(len(word), 0, -1) if columns(word[:i]) <= width))
                pieces.append(word[:cut])
                word = word[cut:]
            if word:
                pieces.append(word)
    return pieces


class ColumnsHelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, measuring by columns: help texts line up under each other."""

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS:
            invocations = [self._format_action_invocation(action)]
            invocations += [
                self._format_action_invocation(sub)
                for sub in self._iter_indented_subactions(action)
            ]
            widest = max(map(columns, invocations)) + self._current_indent
            self._action_max_length = max(self._action_max_length, widest)

    def _format_action(self, action: argparse.Action) -> str:
        help_position = min(self._action_max_length + 2, self._max_help_position)
        help_width = max(self._width - help_position, 11)
        header = self._format_action_invocation(action)
        indent = " " * self._current_indent
        parts = []
        help_text = self._expand_help(action) if action.help and action.help.strip() else ""
        if not help_text:
            parts.append(f"{indent}{header}\n")
        else:
            lines = wrap(help_text, help_width)
            room = help_position - self._current_indent - 2
            if columns(header) <= room:
                padding = " " * (room - columns(header) + 2)
                parts.append(f"{indent}{header}{padding}{lines[0]}\n")
            else:
                parts.append(f"{indent}{header}\n{' ' * help_position}{lines[0]}\n")
            parts += [f"{' ' * help_position}{line}\n" for line in lines[1:]]
        for sub in self._iter_indented_subactions(action):
            parts.append(self._format_action(sub))
        return self._join_parts(parts)

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in wrap(text, width - len(indent)))

    def _format_usage(self, usage, actions, groups, prefix) -> str:  # type: ignore[no-untyped-def]
        text = super()._format_usage(usage, actions, groups, prefix)
        extra = max(columns(line) - len(line) for line in text.split("\n"))
        if max(map(columns, text.split("\n"))) > self._width and extra:
            # argparse wraps by characters: wrap again, narrower by what wide ones add.
            self._width -= extra
            try:
                text = super()._format_usage(usage, actions, groups, prefix)
            finally:
                self._width += extra
        # Lines after the first are indented to follow the prefix, counted in characters.
        first, *rest = text.split("\n")
        head = first[: len(first) - len(first.lstrip())] + first.split("[", 1)[0]
        extra = columns(head) - len(head)
        rest = [" " * extra + line if line.startswith(" ") else line for line in rest]
        return "\n".join([first, *rest])
