"""The command line in the desk's language: argparse's own words (usage, options, its error
messages) from the catalogue, and the language chosen before anything is parsed."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Mapping, Sequence

from frontdesk.i18n import DeskError, choose_language, set_language, t

#: argparse's English, as it asks gettext for it, and the catalogue entry that says it.
ARGPARSE_WORDS = {
    "usage: ": "cli.argparse.usage",
    "positional arguments": "cli.argparse.positional",
    "options": "cli.argparse.options",
    "show this help message and exit": "cli.argparse.help",
    "%(prog)s: error: %(message)s\n": "cli.argparse.error",
    "unrecognized arguments: %s": "cli.argparse.unrecognized",
    "the following arguments are required: %s": "cli.argparse.required",
    "invalid choice: %(value)r (choose from %(choices)s)": "cli.argparse.invalid_choice",
    "argument %(argument_name)s: %(message)s": "cli.argparse.argument",
    "expected one argument": "cli.argparse.expected_one",
    "expected at least one argument": "cli.argparse.expected_at_least_one",
    "invalid %(type)s value: %(value)r": "cli.argparse.invalid_value",
    "ambiguous option: %(option)s could match %(matches)s": "cli.argparse.ambiguous",
    "not allowed with argument %s": "cli.argparse.not_allowed",
}


def _argparse_words(message: str) -> str:
    key = ARGPARSE_WORDS.get(message)
    return t(key) if key is not None else message


def speak_argparse() -> None:
    """argparse asks gettext for its words at the moment it writes them: from here on, the catalogue."""
    argparse._ = _argparse_words  # type: ignore[attr-defined]


def _option(argv: Sequence[str], name: str) -> str | None:
    value = None
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith(name + "="):
            value = arg.split("=", 1)[1]
    return value


def configured_language(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """The language FRONTDESK_LANG or the config file (--config, FRONTDESK_CONFIG or the usual
    one) asks for; "" if neither does or the file cannot be read (its problem is said later)."""
    if environ.get("FRONTDESK_LANG"):
        return environ["FRONTDESK_LANG"]
    from frontdesk.station.config import config_dir, read_config_file

    named = _option(argv, "--config") or environ.get("FRONTDESK_CONFIG")
    try:
        language = read_config_file(Path(named) if named else config_dir() / "config.toml").get("language", "")
    except DeskError:
        return ""
    return language if language in ("zh", "en") else ""


def choose_before_parsing(argv: Sequence[str], environ: Mapping[str, str]) -> None:
    """The language of --help and of every message, before argparse prints anything:
    --lang, then FRONTDESK_LANG, then the config file's `language`, then the system locale."""
    flag = _option(argv, "--lang")
    set_language(choose_language(flag if flag in ("zh", "en") else None, configured_language(argv, environ), environ))
    speak_argparse()


#: Characters a line never starts with, and characters it never ends with (Chinese line breaking).
_NO_LINE_START = set("，。、；：？！）」』》〉】”’…·%,.;:?!)]}")
_NO_LINE_END = set("（「『《〈【“‘([{")
#: A word, a wide character (each may end a line), or a run of spaces.
_PIECES = re.compile(r"\s+|[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
                     r"|[^\s\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]+")


def wrap_cells(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` terminal cells (a Chinese character takes two): broken at
    spaces or between Chinese characters, never before a closing mark or after an opening one."""
    from rich.cells import cell_len

    width = max(width, 8)
    lines: list[list[str]] = [[]]
    for piece in _PIECES.findall(text.strip()):
        line = lines[-1]
        if piece.isspace():
            if line and not line[-1].isspace():
                line.append(" ")
            continue
        if cell_len(piece) > width:  # a word longer than a line (a long path): cut into lines of its own
            if "".join(line).strip():
                lines.append(line := [])
            while cell_len(piece) > width:
                cut = len(piece)
                while cell_len(piece[:cut]) > width:
                    cut -= 1
                line.append(piece[:cut])
                piece = piece[cut:]
                lines.append(line := [])
        if cell_len("".join(line).rstrip() + piece) <= width or not "".join(line).strip():
            line.append(piece)
            continue
        while line and line[-1].isspace():
            line.pop()
        carried = [piece]
        if piece in _NO_LINE_START and len(line) > 1:
            carried.insert(0, line.pop())
        while len(line) > 1 and line[-1] in _NO_LINE_END:
            carried.insert(0, line.pop())
        lines.append(carried)
    return ["".join(line).rstrip() for line in lines if "".join(line).strip()] or [""]


class DeskHelpFormatter(argparse.HelpFormatter):
    """Help that fits the terminal (80 columns when it is no terminal) by what the terminal shows, a
    Chinese character taking two columns; an example keeps its line; in Chinese a heading ends in a
    full-width colon."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap_cells(self._whitespace_matcher.sub(" ", text), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        from rich.cells import cell_len

        shown = []
        for line in text.splitlines():
            lead = line[: len(line) - len(line.lstrip())]
            if cell_len(line) <= width:
                shown.append(indent + line)
            elif line.lstrip().startswith("frontdesk "):  # an example: a shell continuation, still one command
                parts = wrap_cells(line, width - len(lead) - 6)
                ends = [" \\"] * (len(parts) - 1) + [""]
                shown.extend(indent + lead + ("    " if n else "") + part + end
                             for n, (part, end) in enumerate(zip(parts, ends)))
            else:
                shown.extend(indent + lead + part for part in wrap_cells(line, width - len(lead)))
        return "\n".join(shown)

    def _format_usage(self, usage, actions, groups, prefix):
        from rich.cells import cell_len

        # argparse lines the usage up by characters: "用法：" is three of them but six columns.
        prefix = argparse._("usage: ") if prefix is None else prefix  # type: ignore[attr-defined]
        stand_in = "u" * cell_len(prefix)
        text = super()._format_usage(usage, actions, groups, stand_in)
        return prefix + text[len(stand_in):] if text.startswith(stand_in) else text

    def format_help(self) -> str:
        text = super().format_help()
        return text.replace(":\n", "：\n") if t("cli.argparse.options") != "options" else text
