"""Checking and showing the personal fields officers type: phones, ID numbers, names.

Phones go through `phonenumbers` (mainland mobiles and landlines with area code)
and are stored in E.164; resident ID numbers through `stdnum.cn.ric` (GB 11643
check digit, birth date, region). Both are masked in lists.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import phonenumbers
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric

from db.pinyin import word_pinyin
from db.search_index import normalize, syllables
from frontdesk.i18n import DeskError, as_typed

DEFAULT_REGION = "CN"
#: An extension after the number (ext. 12, x12, 转12, 分机12号): its letters are not the number's.
_EXTENSION = re.compile(r"(?i)\s*(?:ext\.?|extension|x|#|转|分机)\s*\d{1,6}\s*号?\s*$")
#: What a number is labelled with (手机：, 电话, Tel:, Mob:, Phone No.:) and a note in brackets with no digit in it
#: ((手机), (home), (本人)): neither is the number.
_LABEL = re.compile(r"(?i)^\s*(?:telephone|tel|phone(?:\s*no\.?)?|mobile|mob|cell|m|手机号?|电话|座机|固话|联系电话)"
                    r"\s*[:：.]?\s*(?=[+\d(（])")
_NOTE = re.compile(r"\s*[(（][^)）\d]*[)）]\s*")

def normalize_phone(text: str, region: str = DEFAULT_REGION) -> str:
    """E.164 form of a phone number typed at the desk, or DeskError saying why not."""
    # A number copied from a message or a spreadsheet: full-width forms (１３８, ：), tabs between its groups,
    # an invisible mark (a zero-width space, a direction mark) before or after it.
    raw = " ".join(as_typed(text).split())
    if not raw:
        raise DeskError("phone.empty")
    # (E.164 has no extension: the desk keeps the number.)
    number_part = _NOTE.sub(" ", _LABEL.sub("", _EXTENSION.sub("", raw))).strip()
    if re.search(r"[A-Za-z]", number_part):
        # The phone library reads a keypad's letters as digits: 138abcd5678 would be stored as 138 2223 5678.
        raise DeskError("phone.letters", value=raw)
    try:
        number = phonenumbers.parse(number_part, region)
    except phonenumbers.NumberParseException:
        raise DeskError("phone.unreadable", value=raw)
    if not phonenumbers.is_valid_number(number):
        digits = "".join(ch for ch in raw if ch.isdecimal())
        if number.country_code == 86 and len(digits) == 11 and digits.startswith("1"):
            raise DeskError("phone.bad_mobile", value=raw)
        raise DeskError("phone.invalid", value=raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def mobile_is_valid(digits: str) -> bool:
    """Whether an 11-digit mainland mobile number is in the numbering plan (what `normalize_phone`'s
    parse and check find for it, without the parse)."""
    return phonenumbers.is_valid_number(phonenumbers.PhoneNumber(country_code=86, national_number=int(digits)))


def display_phone(e164: str) -> str:
    """A stored number as the desk writes it: national form for mainland numbers."""
    if len(e164) == 14 and e164.startswith("+861") and e164[1:].isdecimal():
        return e164[3:]  # a mainland mobile: the common case, without a parse (lists show many)
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code == 86:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL).replace(" ", "")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def mask_phone(e164: str) -> str:
    """`138****5678`: enough to recognise a caller, not enough to call them."""
    shown = display_phone(e164)
    digits = [i for i, ch in enumerate(shown) if ch.isdecimal()]
    if len(digits) < 8:
        return shown
    hide = set(digits[3:-4])
    return "".join("*" if i in hide else ch for i, ch in enumerate(shown))


def digits_reversed(e164: str) -> str:
    """The number's digits back to front, for indexed last-digits search."""
    return "".join(ch for ch in e164 if ch.isdecimal())[::-1]


@dataclass(frozen=True)
class ResidentId:
    number: str
    birth_date: date


def id_characters(text: str) -> str:
    """`text` as an ID number is written: full-width forms made half-width (an IME's １１０…Ｘ), the X upper
    case, and the spaces, hyphens and invisible characters a copied number brings (110105 19491231 002X, a
    zero-width space after it) left out."""
    return "".join(ch for ch in as_typed(text).upper()
                   if not ch.isspace() and ch != "-" and unicodedata.category(ch)[0] != "C")


def check_resident_id(text: str, *, today: date | None = None) -> ResidentId:
    """A validated 18-character resident ID number, or DeskError saying what is wrong."""
    raw = id_characters(text)
    if not raw:
        raise DeskError("rid.empty")
    if len(raw) != 18:
        raise DeskError("rid.length", value=raw, length=len(raw), count=len(raw))
    if not raw[:17].isdecimal() or not (raw[17].isdecimal() or raw[17] == "X"):
        raise DeskError("rid.format", value=raw)
    try:
        birth = ric.get_birth_date(raw)
    except stdnum_errors.ValidationError:
        raise DeskError("rid.birth_date", value=raw, date=raw[6:14])
    if birth > (today or date.today()) or birth.year < 1900:
        raise DeskError("rid.birth_date", value=raw, date=raw[6:14])
    expected = ric.calc_check_digit(raw)
    if raw[17] != expected:
        raise DeskError("rid.check_digit", value=raw, given=raw[17], expected=expected)
    return ResidentId(number=raw, birth_date=birth)


def mask_resident_id(number: str) -> str:
    """`110105********002X`: region code and last four only."""
    if len(number) != 18:
        return "*" * len(number)
    return number[:6] + "*" * 8 + number[14:]


def name_pinyin(name: str) -> tuple[str, str]:
    """Toneless full pinyin and initials of a name: ('zhangjianguo', 'zjg').

    Non-Chinese characters pass through lower-cased, so 'Li Lei' gives ('lilei', 'll').
    """
    parts = syllables(name)
    return "".join(parts), "".join(p[0] for p in parts if p[0].isalnum())


@lru_cache(maxsize=1024)  # a list's few names, asked for at every key typed on it
def spoken_forms(name: str) -> tuple[str, ...]:
    """The ways a name on a list is typed to find it, each compared from its start: as written (full width as half,
    lower case, no spaces), and a Chinese name also in toneless full pinyin and in its initials, read as words:
    纠纷 → ("纠纷", "jiufen", "jf"). pypinyin is loaded only for a name that is not all ASCII."""
    written = normalize(name)
    if written.isascii():
        return (written,)
    return tuple(dict.fromkeys(form for form in (written, *word_pinyin(name)) if form))


def first_named(names: list[str], typed: str) -> int | None:
    """Which of `names` (0: the first) is the first that `typed` is the start of, in any of its `spoken_forms`;
    None for none, or for nothing typed."""
    typed = normalize(typed)
    if not typed:
        return None
    return next((index for index, name in enumerate(names)
                 if any(form.startswith(typed) for form in spoken_forms(name))), None)


#: A phone or ID number inside free text: E.164, a mainland mobile (maybe spaced), a landline
#: with its area code, an 18- or 15-digit ID. Case numbers and dates do not match. Chinese text runs
#: straight into a number (电话13812345678): only Latin letters, digits and hyphens keep one from matching.
_NUMBER_IN_TEXT = re.compile(
    r"(?<![0-9A-Za-z_-])(?:\+\d{8,15}|1[3-9]\d[ -]?\d{4}[ -]?\d{4}|0\d{2,3}-?\d{7,8}|\d{17}[\dXx]|\d{15})(?![0-9A-Za-z_-])"
)


def mask_numbers(text: str) -> str:
    """Free text (a reason, a log line) with every phone or ID number in it masked:
    the first three and last four digits stay, as in the lists."""
    def masked(match: re.Match) -> str:
        number = match.group(0)
        digits = [i for i, ch in enumerate(number) if ch.isdecimal() or ch in "Xx"]
        if len(digits) < 8:
            return number
        hide = set(digits[3:-4])
        return "".join("*" if i in hide else ch for i, ch in enumerate(number))

    return _NUMBER_IN_TEXT.sub(masked, text)


#: Characters that show nothing where they stand: a zero-width space, word joiner or byte-order mark pasted
#: with a name from a web page or a chat, a soft hyphen.
_SHOWS_NOTHING = re.compile("[\u00ad\u180e\u200b\u2060-\u2064\ufeff]")
_SPACES = re.compile(r"\s+")


def one_line_name(text: str) -> str:
    """A name as the station's lists show it: one line (tabs and line breaks a space, runs of spaces one),
    trimmed, without the characters that show nothing; "" when nothing in it shows (it is then no name)."""
    name = _SPACES.sub(" ", _SHOWS_NOTHING.sub("", text)).strip()
    shows = any(not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Zs") for ch in name)
    return name if shows else ""
