"""A reporter an import keeps as text. Another system's export often names a reporter with no number the desk
can use: a privacy-masked 110 export writes 138****5678 and 110105********002X, an old register leaves the
number out. The case form asks for a phone or an ID number, because a person record is matched by them later;
so such a row is imported as a case with no linked person (frontdesk.intake.rows), and the reporter as the
file wrote them is kept at the head of its narrative. A masked number is nobody's: it is never stored as a
phone, matched to a person or turned into E.164.

Only masking and absence take that path: a number merely wrong (letters, too short, a wrong check digit) is
still a problem of the row, as the case form would say."""

from __future__ import annotations

import re
import unicodedata

from frontdesk.i18n import t

#: What stands for a hidden digit, as masking systems write it (after NFKC, which makes ＊ a *).
MASKS = "*xX•●×"
#: What a number is written with besides its digits: spaces, dashes, brackets, dots, a leading +.
_SEPARATORS = re.compile(r"[\s\-–.()+]")
_MASKED = re.compile(rf"[0-9{re.escape(MASKS)}]*[{re.escape(MASKS)}]{{2}}[0-9{re.escape(MASKS)}]*")
#: Real digits a masked number still shows, at least (138********, ****5678): fewer is not a number.
SHOWN_DIGITS = 3
#: How many places a phone number has, hidden or not (a local number to an international one).
PHONE_PLACES = range(7, 16)
#: A resident ID number's places: 18, or 15 for the first-generation card.
ID_PLACES = (15, 18)


def _places(text: str) -> str | None:
    """The number's places (digits and masks), if `text` is a number with a run of hidden digits, else None."""
    places = _SEPARATORS.sub("", unicodedata.normalize("NFKC", text))
    if not _MASKED.fullmatch(places) or sum(ch.isdecimal() for ch in places) < SHOWN_DIGITS:
        return None
    return places


def masked_phone(text: str) -> bool:
    """A phone number with digits hidden: 138****5678, 138xxxx5678, 1381234****, 555-***-1234, +86 138＊＊＊＊5678.
    Two hidden digits in a row at least (an extension's lone x is not a mask), 3 real digits at least, as
    many places as a phone has. Asked before the phone library, which reads 555-***-1234 as +86 555 1234."""
    places = _places(text)
    return places is not None and len(places) in PHONE_PLACES


def masked_id(text: str) -> bool:
    """A resident ID number with digits hidden: 110105********002X, 11010519491231****. (An ID whose only X
    is its check digit is not masked: it is checked as the case form checks it.)"""
    places = _places(text.upper())
    return places is not None and len(places) in ID_PLACES


def _hidden(value: str) -> bool:
    return any(ch in MASKS for ch in unicodedata.normalize("NFKC", value))


def _written(value: str) -> bool:
    """Whether a cell says something: a lone dash or slash where a register has no number says nothing."""
    return any(ch.isalnum() for ch in value) or _hidden(value)


def reporter_line(name: str, phone: str, resident_id: str) -> str:
    """The reporter as the file wrote them, for the head of the case's narrative, in the officer's language:
    `报警人：张三，电话 138****5678（原表未留完整号码）`; a number hidden in part or whole is said to be so,
    else that the file gives none."""
    parts = [name] if name else []
    if _written(phone):
        parts.append(t("import.reporter_text.phone", value=phone))
    if _written(resident_id):
        parts.append(t("import.reporter_text.id", value=resident_id))
    masked = _hidden(phone) or _hidden(resident_id)
    why = t("import.reporter_text.masked" if masked else "import.reporter_text.none")
    return t("import.reporter_text", reporter=t("import.reporter_text.sep").join(parts), why=why)
