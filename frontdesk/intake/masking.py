"""Phone and ID numbers in a logbook's text shown as the desk's lists show them (138****5678): in the
preview, the rejects file and the report, which go where the numbers should not."""

from __future__ import annotations

import re
from functools import lru_cache


#: Phone and ID numbers anywhere in a cell, Chinese text around them included (报警人13912345678称).
_NUMBER = re.compile(r"(?<![\d+])(?:\+\d{8,15}|1[3-9]\d[ -]?\d{4}[ -]?\d{4}|0\d{2,3}-\d{7,8}|\d{17}[\dXx]|\d{15})"
                     r"(?!\d)")


def _masked(match: re.Match) -> str:
    number = match.group(0)
    places = [i for i, ch in enumerate(number) if ch.isdecimal() or ch in "Xx"]
    hide = set(places[3:-4])
    return "".join("*" if i in hide else ch for i, ch in enumerate(number))


def masked_numbers(text: str) -> str:
    """`text` with every phone or ID number in it shown as the lists show them: 138****5678."""
    return _NUMBER.sub(_masked, text) if text else text


@lru_cache(maxsize=1)
def _examples() -> frozenset[str]:
    """The numbers the messages themselves give as examples ("e.g. 0571-87654321"): nobody's number."""
    from frontdesk.i18n import catalogue

    found: set[str] = set()
    for entry in catalogue().values():
        for text in entry.values():
            for form in (text.values() if isinstance(text, dict) else (text,)):
                found.update(_NUMBER.findall(str(form)))
    return frozenset(found)


def masked_message(text: str) -> str:
    """A problem's message with every phone or ID number masked, but for the example the message gives
    (0571-87654321 in "a landline its area code (e.g. 0571-87654321)"), which must stay readable."""
    if not text:
        return text
    examples = _examples()
    return _NUMBER.sub(lambda match: match.group(0) if match.group(0) in examples else _masked(match), text)


def masked(text: str, values: tuple[str, ...]) -> str:
    """`text` with each of `values` (a phone, an ID number) shown as the lists show them: 138****5678."""
    for value in values:
        places = [i for i, ch in enumerate(value) if ch.isdecimal() or ch in "Xx"]
        if value and len(places) >= 8:
            hide = set(places[3:-4])
            text = text.replace(value, "".join("*" if i in hide else ch for i, ch in enumerate(value)))
    return text
