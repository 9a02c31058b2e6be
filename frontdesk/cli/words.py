"""The command line in the desk's language: argparse's own words (usage, options, its error
messages) from the catalogue, and the language chosen before anything is parsed."""

from __future__ import annotations

import argparse
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


class DeskHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Help as written (examples keep their lines); in Chinese a heading ends in a full-width colon."""

    def format_help(self) -> str:
        text = super().format_help()
        return text.replace(":\n", "：\n") if t("cli.argparse.options") != "options" else text
