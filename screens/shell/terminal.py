"""What the terminal sends, read as text whatever its bytes.

Textual's Linux driver decodes the keyboard's bytes as strict UTF-8: one byte sequence that is
no UTF-8 (a paste from a GBK window, a broken copy holding an encoded surrogate `ED A0 BD`)
raised in its input thread and ended the desk with a traceback, and what was on the form with it.
Here such bytes come in as "�", in the box where they were pasted, for the officer to see and
delete; everything typed around them stays.
"""

from __future__ import annotations

import codecs
import functools

from textual.driver import Driver
from textual.drivers import linux_driver


def lenient_decoder(encoding: str):
    """An incremental decoder for `encoding` that puts U+FFFD where bytes do not decode."""
    return functools.partial(codecs.getincrementaldecoder(encoding), errors="replace")


class DeskTerminalDriver(linux_driver.LinuxDriver):
    """Textual's Linux driver, reading the terminal's bytes with `lenient_decoder`."""

    def run_input_thread(self) -> None:
        # The input loop asks its module for the decoder when it starts (textual 8's linux_driver).
        linux_driver.getincrementaldecoder = lenient_decoder
        super().run_input_thread()


def terminal_driver(chosen: type[Driver]) -> type[Driver]:
    """The driver the desk runs on: Textual's own choice, made lenient where it is the Linux driver."""
    return DeskTerminalDriver if chosen is linux_driver.LinuxDriver else chosen
