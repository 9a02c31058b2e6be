"""A text box with a length limit that says so, instead of silently refusing what does not fit, and that keeps
every line of a paste."""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import Input

from frontdesk.records import clean_text
from frontdesk.validation import id_characters


def one_line(pasted: str) -> str:
    """A paste as one line: several lines joined by a space (blank ones left out), a tab a space."""
    lines = pasted.replace("\t", " ").splitlines()
    if len(lines) <= 1:
        return lines[0] if lines else ""
    return " ".join(line.strip() for line in lines if line.strip())


class BoundedInput(Input):
    """The desk's text box: an Input whose `max_length` refusal (a long paste, one key too many) posts `TooLong`,
    and that takes in what is typed or pasted less what no form means (`clean_text`).

    Textual's Input drops such a change whole and only rings the bell: a 3,000-character
    paste into a 200-character field left it empty with no word. The screen shows the
    message; nothing already in the box is touched.

    A lone surrogate, a NUL or a bidirectional override pasted into a box is dropped as it comes in, as every record
    drops it when saved: what the box shows is what is kept, and no search, check or file name is handed such a
    character (a team named with a lone surrogate failed its name check in the database driver, UnicodeEncodeError,
    before the save could clean it).
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

    def _on_paste(self, event: events.Paste) -> None:
        """Textual's Input keeps a paste's first line and drops the rest without a word: a summary copied from a
        message (Wallet taken on bus 12. / Suspect wore a red coat.) lost its second sentence. Here every line
        goes in, joined by spaces; what does not fit is refused whole, saying so (`replace`)."""
        text = one_line(event.text)
        if text:
            selection = self.selection
            if selection.is_empty:
                self.insert_text_at_cursor(text)
            else:
                self.replace(text, *selection)
        event.prevent_default()  # (Input's own handler would paste the first line again)
        event.stop()

    def replace(self, text: str, start: int, end: int) -> None:
        text = clean_text(text)
        value = self.value
        start, end = sorted((max(0, start), min(len(value), end)))
        offered = len(value) - (end - start) + len(text)
        if self.max_length and offered > self.max_length:
            self.post_message(self.TooLong(self, self.max_length, offered))
            self.restricted()
            return
        super().replace(text, start, end)


class IdNumberInput(BoundedInput):
    """A resident ID number's box: what is typed or pasted goes in as the number is written (`id_characters`),
    so a number copied with its spaces or a zero-width mark (110105 19491231 002X, 20 characters) fits the
    box's 18 instead of being refused as too long, and a Chinese input method's full-width digits read as
    digits."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("max_length", 18)
        super().__init__(*args, **kwargs)

    def replace(self, text: str, start: int, end: int) -> None:
        kept = id_characters(text)
        if text and not kept and start == end:
            return  # a space typed between the groups: nothing to insert, nothing to refuse
        super().replace(kept, start, end)
