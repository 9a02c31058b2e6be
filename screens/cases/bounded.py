"""A text box with a length limit that says so, instead of silently refusing what does not fit."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Input


class BoundedInput(Input):
    """An Input whose `max_length` refusal (a long paste, one key too many) posts `TooLong`.

    Textual's Input drops such a change whole and only rings the bell: a 3,000-character
    paste into a 200-character field left it empty with no word. The screen shows the
    message; nothing already in the box is touched.
    """

    class TooLong(Message):
        def __init__(self, box: BoundedInput, most: int, offered: int) -> None:
            self.box = box
            self.most = most
            self.offered = offered
            super().__init__()

        @property
        def control(self) -> BoundedInput:
            return self.box

    def replace(self, text: str, start: int, end: int) -> None:
        value = self.value
        start, end = sorted((max(0, start), min(len(value), end)))
        offered = len(value) - (end - start) + len(text)
        if self.max_length and offered > self.max_length:
            self.post_message(self.TooLong(self, self.max_length, offered))
            self.restricted()
            return
        super().replace(text, start, end)
