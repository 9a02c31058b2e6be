"""A text box with a length limit that says so, instead of silently refusing what does not fit, and that keeps
every line of a paste; and a password's box, which takes a paste exactly as it is or not at all."""

from __future__ import annotations

import unicodedata

from textual import events
from textual.message import Message
from textual.widgets import Input

from frontdesk.i18n import t
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


#: What ends a line (str.splitlines): no password holds one, as Enter ends what is typed.
LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
#: Characters that show nothing and no key types: controls (NUL, tab, escape), format marks (a zero-width space, a
#: bidirectional mark), lone surrogates, line and paragraph separators.
UNSEEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def first_unseen(text: str) -> str | None:
    """The first character of `text` that shows nothing and no key types, or None."""
    return next((character for character in text if unicodedata.category(character) in UNSEEN), None)


def first_other_space(text: str) -> str | None:
    """The first space of `text` that looks like a plain one and is not (a no-break space a web page brings, U+00A0;
    the ideographic space, U+3000), or None."""
    return next((character for character in text if unicodedata.category(character) == "Zs" and character != " "),
                None)


class PasswordInput(Input):
    """A password's (or a passphrase's) box: what is pasted or typed goes in exactly as it is, or not at all, saying
    why (`Refused`, for the screen to show).

    Textual's Input took a paste's first line and dropped the rest without a word (an admin who pasted two lines
    set a password of the first one alone), kept a NUL or a tab that no key types again, and refused a paste longer
    than the box with only the bell. A password is not cleaned as BoundedInput cleans text: a character the officer
    may think part of it is refused, never left out. Only the line end a copy brings after its one line goes. A
    paste holding a space other than the plain one (a no-break space from a web page, an ideographic space) is
    refused too: it looks like a plain space, and the password, set with it, would not match as typed again.
    """

    class Refused(Message):
        def __init__(self, box: PasswordInput, message: str) -> None:
            self.box = box
            self.message = message
            super().__init__()

        @property
        def control(self) -> PasswordInput:
            return self.box

    def __init__(self, value: str | None = None, *, label: str, **kwargs) -> None:
        kwargs.setdefault("password", True)
        super().__init__(value, **kwargs)
        #: The box's name as its line shows it, for the messages.
        self.label = label

    def on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # (Input's own handler would paste the first line)
        event.stop()
        text = event.text.rstrip("\r\n")
        other_space = first_other_space(text)
        if any(character in LINE_BREAKS for character in text):
            self.refuse(t("secret.paste_lines", field=self.label))
        elif other_space is not None:  # kept, it would be typed again as a plain space, and not match
            self.refuse(t("secret.other_space", field=self.label, code=f"U+{ord(other_space):04X}"))
        elif text:
            selection = self.selection
            self.replace(text, *(selection if not selection.is_empty else (self.cursor_position,) * 2))

    def replace(self, text: str, start: int, end: int) -> None:
        unseen = first_unseen(text)
        if unseen is not None:
            self.refuse(t("secret.unseen", field=self.label, code=f"U+{ord(unseen):04X}"))
            return
        value = self.value
        start, end = sorted((max(0, start), min(len(value), end)))
        offered = len(value) - (end - start) + len(text)
        if self.max_length and offered > self.max_length:
            self.refuse(t("secret.too_long", field=self.label, most=self.max_length, offered=f"{offered:,}"))
            return
        super().replace(text, start, end)

    def refuse(self, message: str) -> None:
        """Nothing is changed: the screen says why."""
        self.post_message(self.Refused(self, message))
        self.restricted()
