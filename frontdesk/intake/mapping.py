"""How a logbook's columns and values map to a case, and the mappings the station keeps.

A mapping says which column holds which case field and which of the file's words
mean which category, channel, status or disposition; it is proposed from the
headers and values (the words logbooks use are listed here), and kept as a TOML
file under `mappings/` in the config folder (frontdesk.intake.mapping_file).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from frontdesk.intake.han_forms import simplified
from frontdesk.intake.header_words import (CATEGORY_FALLBACKS, DATE_ONLY_WORDS, HEADER_WORDS, OFFICER_WORDS,
                                           REPORTER_WORDS, TIME_ONLY_WORDS)

#: The case fields a column can hold, in the order the screen shows them.
FIELDS = ("received_at", "received_time", "category", "channel", "place", "summary", "narrative",
          "reporter_name", "reporter_phone", "reporter_id", "status", "disposition", "closed_at", "record_no")
#: Fields without which a row cannot be imported (summary may come from the narrative instead).
#: A dispatch system's log names no caller: reporter columns are optional (a row with no
#: reporter at all is imported without one; a named reporter needs a phone or ID number).
REQUIRED = ("received_at", "category")
#: The header of the column a rejects file carries so that a fixed row keeps its identity.
SOURCE_KEY_HEADER = "source_key"
#: Fields proposed only for a header that is one of their words: 回访完成时间 (the call-back's) and 要求办结时间
#: (a deadline) hold 完成时间 and 办结时间 and are no closed time.
EXACT_ONLY = frozenset({"closed_at"})
#: How many distinct words of a value column are collected for mapping.
MAX_VALUES = 200


_PUNCTUATION = re.compile(r"[\s_\-.:：/\\()（）\[\]【】*#№'\"“”]+")


def fold(text: object) -> str:
    """A header or value as compared: full-width to half-width, lower case, no spaces or punctuation, traditional
    characters as simplified (處理結果 is 处理结果: one list of words for both scripts)."""
    return simplified(plain_fold(text))


def plain_fold(text: object) -> str:
    """`fold` keeping the characters as written: what a row's stored keys are made of (frontdesk.intake.record_keys)."""
    return _PUNCTUATION.sub("", unicodedata.normalize("NFKC", str(text or "")).lower())


@dataclass
class Mapping:
    """Which column holds which field, what the file's words mean, and the defaults for what it lacks."""

    name: str = ""
    #: field -> the file's header text
    columns: dict[str, str] = field(default_factory=dict)
    #: the file's word (as written) -> category code; "" means: reject rows with it
    categories: dict[str, str] = field(default_factory=dict)
    channels: dict[str, str] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)
    dispositions: dict[str, str] = field(default_factory=dict)
    default_channel: str = "walk_in"
    #: The category of rows that name none (a duty log with no category column): a code of the station's list.
    default_category: str = ""
    #: Rows without a status or disposition were closed this way (historic logbooks record finished matters).
    default_disposition: str = "resolved_on_site"
    #: 05/03/2024 is 5 March (day first, as written in China and Europe) unless this is False.
    day_first: bool = True
    #: Whether the mapping says so (a saved file's `day_first`); if not, the file's own dates settle it.
    day_first_stated: bool = False
    #: The column whose dates settled it (a date that reads one way only): a saved mapping states it while that
    #: column is still the received (or closed) one.
    day_first_settled: str = ""
    #: An explicit strptime format for the date cells (e.g. "%d.%m.%Y %H:%M"): it wins over every guess.
    date_format: str = ""
    #: The IANA zone the file's times were written in (a system that exported UTC): converted to the desk's.
    time_zone: str = ""
    #: How the time column writes a time in digits alone, "hours", "hhmm" or "hhmmss", where the mapping says it
    #: (else worked out from the column's first values: frontdesk.intake.received.hhmm_column).
    time_digits: str = ""
    #: A workbook's sheets to read, by name, in this order (`sheets = ["HECHOS"]`): a sheet laid out as the first
    #: but holding other rows (Zapopan's DETENIDOS repeats its HECHOS) is left out. () reads the sheet shown when
    #: the workbook opens, with those laid out as it (a register's months). A CSV file has none to choose.
    sheets: tuple[str, ...] = ()
    #: A hotline's or 311 export's `[service_requests]` table: each row is imported as a case handed off.
    service_requests: ServiceRequests | None = None
    #: The saved file's other keys and tables, which the desk does not read: written back when it is saved.
    kept: dict = field(default_factory=dict)

    def column(self, name: str) -> str | None:
        return self.columns.get(name) or None

    def order_settled(self) -> bool:
        """Whether the day order is the mapping's or a format's, or its date columns' own dates settled it."""
        requests = self.service_requests.closed_at if self.service_requests else ""
        dated = (self.column("received_at"), self.column("closed_at"), requests)
        return self.day_first_stated or bool(self.date_format) or bool(self.day_first_settled) and \
            self.day_first_settled in dated

    def has_default(self, name: str) -> bool:
        """Whether a row with nothing in the field still has a value for it (the category: `default_category`)."""
        return name == "category" and bool(self.default_category)


#: A column a two-row header names with both rows: "报警人（姓名）" (frontdesk.intake.header_rows).
_COMPOSED = re.compile(r"^(.+?)（(.+)）$")
_NUMBERED = re.compile(r" \(\d+\)$")
#: The fields a column about a person may hold: never the officer's (处警民警（姓名）).
PERSON_FIELDS = ("reporter_name", "reporter_phone", "reporter_id")


def unnumbered(header: str) -> str:
    """A header without the number given to one written alike: "姓名" of "姓名 (2)"."""
    return _NUMBERED.sub("", header)


def own_words(header: str) -> str:
    """A header's own words: "姓名" of "报警人（姓名）" and of "姓名 (2)"; the header itself otherwise."""
    header = unnumbered(header)
    composed = _COMPOSED.match(header)
    return composed.group(2) if composed else header


def _person_score(folded: str) -> int | None:
    """None for a column about the officer (民警, 处警人 …); more for one under the reporter (报警人 …)."""
    if any(word in folded for word in OFFICER_WORDS):
        return None
    return next((len(REPORTER_WORDS) - rank for rank, word in enumerate(REPORTER_WORDS)
                 if word in folded and "被" + word not in folded), 0)  # 被申请人: the other side


#: A time zone written after a column's name (Phoenix's call_date_time_mst, created_utc): the name is the rest.
_ZONE_SUFFIX = re.compile(r"(?<=[a-z]{6})(utc|gmt|mst|mdt|est|edt|cst|cdt|pst|pdt|local)$")
#: The fields whose column holds words: one whose values are numbers is not proposed for them (a place may be a
#: house number alone, not a pair of coordinates: frontdesk.intake.proposal).
WORDS_ONLY = frozenset({"summary", "narrative", "place", "disposition"})


def propose_columns(headers: list[str], *, numbers: frozenset[str] = frozenset()) -> dict[str, str]:
    """field -> header for the headers whose words obviously name a field (Chinese or English); a column
    under two headers (报警人（姓名）) by its own words, a person's field never from the officer's columns,
    a field of words (WORDS_ONLY) never from a column of `numbers`."""
    scored: list[tuple[int, int, str, str]] = []
    for position, header in enumerate(headers):
        folded = fold(header)
        if not folded or header == SOURCE_KEY_HEADER:
            continue
        person = _person_score(folded)
        for name, words in HEADER_WORDS.items():
            if name in PERSON_FIELDS and person is None or name in WORDS_ONLY and header in numbers:
                continue
            texts = dict.fromkeys((fold(own_words(header)), folded, _ZONE_SUFFIX.sub("", folded)))
            loose = {form for text in texts for form in loose_forms(text)} - set(texts)
            for text in [*texts, *loose]:
                for rank, word in enumerate(words):
                    if text == word:
                        score = (1000 if text in texts else LOOSE_SCORE) - rank
                    elif len(word) >= 2 and not word.isascii() and word in text and name not in EXACT_ONLY:
                        score = 100 + len(word) * 10 - rank
                    elif name == "record_no" and len(word) >= 10 and text.endswith(word) and \
                            len(text) - len(word) <= 6 and not text.startswith(_OTHER_RECORDS):
                        score = 100 - rank  # a system's name before its number's: umpd_case_number
                    else:
                        continue
                    scored.append((score + (person or 0) * (name in PERSON_FIELDS), -position, name, header))
    columns: dict[str, str] = {}
    taken: set[str] = set()
    for _score, _position, name, header in sorted(scored, reverse=True):
        if name not in columns and header not in taken:
            columns[name] = header
            taken.add(header)
    if "category" not in columns:  # Baltimore's Description, San Diego's call_type: the category after all
        fallback = next((h for word in CATEGORY_FALLBACKS for h in columns.values() if fold(h) == word), None)
        if fallback is not None:
            columns = {name: h for name, h in columns.items() if h != fallback} | {"category": fallback}
    # A separate time-of-day column only makes sense beside a date-only one. A register's 接警日期 | 接警时间:
    # the date is the first, the second only its time of day (the words rank it first alone).
    dates = [h for h in headers if h not in taken and _date_only(h)]
    if dates and "received_time" not in columns and fold(own_words(columns.get("received_at", ""))) in TIME_ONLY_WORDS:
        columns["received_time"], columns["received_at"] = columns["received_at"], dates[0]
        taken.add(dates[0])
    if "received_time" in columns and "received_at" not in columns:
        columns["received_at"] = columns.pop("received_time")
    elif "received_time" in columns and not _date_only(columns["received_at"]):
        del columns["received_time"]  # e.g. call_date_time beside call_time: the first says it all
    if "received_time" in columns and not _same_event(columns["received_at"], columns["received_time"]):
        del columns["received_time"]
    if _date_only(columns.get("received_at", "")) and "received_time" not in columns:
        spare = [h for h in headers if h not in taken and _same_event(columns["received_at"], h) and (
                 fold(own_words(h)) in TIME_ONLY_WORDS or _hour_of(columns["received_at"], h))]
        if spare:
            columns["received_time"] = spare[0]
    return columns


#: A header matched loosely (loose_forms) ranks below any header one of the field's words names exactly.
LOOSE_SCORE = 700
#: How exports shorten "number" at the end of a header (report_num, CASE_NBR, Incident No), and the words' own.
_NUMBER_ENDS = ("number", "nmbr", "numb", "num", "nbr", "no")
_DESCRIPTION_ENDS = ("description", "descr", "desc")


def loose_forms(text: str) -> set[str]:
    """A folded Latin header as the words may write it: without a plural's -s or -es (OFFENSES: offense;
    categories: category), with "number" written another way (report_num: reportnumber, reportno) and
    "description" (offense_desc). A form is proposed only where it is one of a field's words."""
    if not text.isascii() or len(text) < 4:
        return set()
    forms = set()
    if text.endswith("ies") and len(text) > 5:
        forms.add(text[:-3] + "y")
    elif text.endswith("es") and len(text) > 5:
        forms.update((text[:-1], text[:-2]))
    elif text.endswith("s") and not text.endswith(("ss", "us", "is")) and len(text) > 4:
        forms.add(text[:-1])
    for ends in (_NUMBER_ENDS, _DESCRIPTION_ENDS):
        end = next((end for end in ends if text.endswith(end) and len(text) - len(end) >= 3), None)
        if end is not None:
            forms.update(text[:-len(end)] + other for other in ends if other != end)
    return forms


#: A Spanish or Portuguese date or time header's own word (Fecha denuncia, Hora del hecho, DATAOCORRENCIA), and
#: the little words before the event it names.
_DATE_WORD = re.compile(r"^(fecha|horario|hora|data)(.*)$")
_LINKS = frozenset({"de", "del", "la", "el", "da", "do", "dos", "das"})


def _event_of(header: str) -> tuple[str, str] | None:
    """(its own word, the event) of a Spanish or Portuguese date or time header: ("hora", "hecho") of "Hora del
    hecho" and of HORAHECHO; None for another header."""
    words = [word for word in re.split(r"[\W_]+", unicodedata.normalize("NFKC", header).lower()) if word]
    if not words or not (found := _DATE_WORD.match(words[0])):
        return None
    rest = [found.group(2)] if found.group(2) else []
    rest += words[1:]
    while rest and rest[0] in _LINKS:
        rest.pop(0)
    return found.group(1), "".join(rest)


def _same_event(date: str, clock: str) -> bool:
    """Whether a time column is of the event a date column is (Hora hecho is not the time of the Fecha denuncia:
    the offence's hour beside the day it was reported)."""
    of_date, of_clock = _event_of(date), _event_of(clock)
    return not (of_date and of_clock and of_date[1] and of_clock[1] and of_date[1] != of_clock[1])


def _hour_of(date: str, clock: str) -> bool:
    """Whether a column is the hour of the event a Spanish or Portuguese date names (Hora denuncia beside
    Fecha denuncia)."""
    of_date, of_clock = _event_of(date), _event_of(clock)
    return bool(of_date and of_clock and of_clock[0].startswith("hora") and of_date[1] and of_date[1] == of_clock[1])


#: Dates of another moment than the call's: a date column beside 接警时间 is not its day when it is one of these.
_OTHER_DATES = ("出生", "生日", "答复", "回复", "反馈", "录入", "更新", "修改", "办结", "结案", "完成", "关闭", "截止",
                "到期", "审核", "归档")


#: A number of another record than the row's: one shared by many rows (parent_incident_number).
_OTHER_RECORDS = ("parent", "related", "previous", "prior", "supplement", "original", "linked", "alt", "other", "old")


def _date_only(header: str) -> bool:
    """A column of dates without their time: its words say so (接警日期, Date Rptd; 來所日期, 發生(現)日期: a
    Chinese header ending in 日期), but for a date of another moment (出生日期, 答复日期)."""
    words = fold(own_words(header))
    return words in DATE_ONLY_WORDS or words.endswith("日期") and not any(word in words for word in _OTHER_DATES)


def propose_value(text: str, known: dict[str, tuple[str, ...]]) -> str | None:
    """The code whose words (names in both languages, synonyms) match the file's word, or None."""
    folded = fold(text)
    if not folded:
        return None
    for code, words in known.items():
        if folded == fold(code) or folded in (fold(word) for word in words):
            return code
    best: tuple[int, str] | None = None
    for code, words in known.items():
        for word in words:
            w = fold(word)
            if len(w) >= 2 and not w.isascii() and w in folded and (best is None or len(w) > best[0]):
                best = (len(w), code)
    return best[1] if best else _by_latin_words(text, known)


#: Words that name a category alone ("Report" → tip) but say nothing of it inside a longer name.
_TOO_GENERIC = frozenset({"report", "other", "misc", "otros", "otro", "outros"})  # (Hurto - OUTROS: a theft)
#: Words that name a status in a name of two words ("Case Open", "New Request") but not in a longer one
#: (Seattle's "SUSPICIOUS CIRCUMSTANCES - BUILDING (OPEN DOOR, ETC.)" is not an open matter).
_SHORT_ONLY = frozenset({"open", "new"})


def _singular(word: str) -> str:
    """An English word's singular, as category names are written: thefts → theft, burglaries → burglary."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


#: Category words that name the category at the end of a German compound (Fahrraddiebstahl, Wildunfall), and the
#: compounds of those ends that are not it: a fall through the ice, water coming in, a swimmer's or a worker's
#: accident.
_COMPOUND_ENDS = frozenset({"diebstahl", "betrug", "einbruch", "unfall"})
_NOT_BROKEN_INTO = ("eis", "wasser", "winter", "bade", "arbeits", "sport", "haushalts", "ski", "berg", "freizeit",
                    "schul", "wege", "dienst", "betriebs")


def _unaccented(text: str) -> str:
    """Lower case with no accents: colisión → colision, Atropelamento stays."""
    return "".join(char for char in unicodedata.normalize("NFKD", text).lower() if not unicodedata.combining(char))


def _by_latin_words(text: str, known: dict[str, tuple[str, ...]]) -> str | None:
    """The code whose Latin words name the most words of `text` ("Noise - Residential" → noise;
    "Lost Property Report" → lost_property, two words against tip's one), or None when none or a tie that the
    part after a dash does not settle."""
    words = [word for word in re.split(r"[^0-9a-z]+", _unaccented(text)) if word]  # (Colisión: colision)
    singles = [_singular(word) for word in words]  # Philadelphia's "Thefts", "Other Assaults"
    pairs = {a + b for sequence in (words, singles) for a, b in zip(sequence, sequence[1:])}
    pairs |= {a + b + c for a, b, c in zip(words, words[1:], words[2:])}  # Break and Enter Residential
    pieces = (set(words) | set(singles) | pairs) - _TOO_GENERIC - (_SHORT_ONLY if len(words) > 2 else set())
    scores: dict[str, int] = {}
    for code, names in known.items():
        latin = {name for name in map(fold, names) if len(name) >= 3 and name.isascii()}
        hits = latin & pieces
        # the end of a German compound (Fahrraddiebstahl, Kellereinbruch), for the ends that say it alone: not
        # Badeunfall (a swimmer's), Eiseinbruch (through the ice), nor English run together (nondomestic)
        hits |= {name for name in latin & _COMPOUND_ENDS if any(
            len(word) > len(name) + 2 and word.endswith(name) and not word.startswith(_NOT_BROKEN_INTO)
            for word in words)}
        if hits:  # a two-word name ("identity theft") says more than one of its words
            scores[code] = sum(2 if hit in pairs else 1 for hit in hits)
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:  # as much one as the other: the kind after a dash, if
        # one (Seattle's GROUP - KIND: --DISTURBANCE - NOISE is a noise), else the officer decides
        parts = [part for part in re.split(r"\s+-+\s+", text.strip(" -")) if part.strip()]
        tied = {code: known[code] for code, score in ranked if score == ranked[0][1]}
        return _by_latin_words(parts[-1], tied) if len(parts) > 1 else None
    return ranked[0][0]


def with_columns(mapping: Mapping, headers: list[str]) -> Mapping:
    """`mapping` keeping only the columns this file has (a saved one may name others)."""
    present = set(headers)
    return replace(mapping, columns={k: v for k, v in mapping.columns.items() if v in present})


# ---- service requests: a hotline's or a city's 311 export, imported as cases handed off --------------------
#: Hand-off steps as hotlines and 311 systems write a request's status (matched after `fold`).
HANDOFF_STATUS_WORDS = {
    "pending": ("open", "new", "unspecified", "received", "initiated", "待处理", "未受理", "待受理", "待派单"),
    # After the Chinese words of each step, Kansas City's ASSIG (sent) and RESOL (done), Tempe's CLR (done).
    "sent": ("assigned", "dispatched", "sent", "referred", "pending", "已派单", "已转办", "已交办", "派单", "待签收",
             "assig"),
    "accepted": ("inprogress", "started", "accepted", "working", "处理中", "已受理", "办理中", "在办", "已签收",
                 "延期办理", "延期"),
    "done": ("closed", "done", "resolved", "completed", "finished", "已办结", "办结", "已完成", "已解决", "已处理",
             "已回访", "已归档", "已评价", "resol", "clr", "cleared", "close"),
    # Cancelled (Toronto): the body closed it without doing it, so it is not done; the word is kept as the reason.
    # Los Angeles's Referred Out: sent on to a body outside the city's, which did not do it either.
    "returned": ("returned", "rejected", "sentback", "cancelled", "canceled", "退回", "已退回", "退单", "已撤销",
                 "撤单", "canc", "cancel", "referredout"),
}


@dataclass(frozen=True)
class ServiceRequests:
    """The `[service_requests]` table of a mapping: rows are requests a hotline passed to another body.

    Each row becomes a non-police case with a hand-off to the body its agency is mapped to
    (`bodies`: the file's agency → receiving body code), the hotline's reference kept as theirs,
    its status as the hand-off's step (`statuses` adds to HANDOFF_STATUS_WORDS) and its closed
    time as done.
    """

    agency: str
    status: str = ""
    closed_at: str = ""
    reference: str = ""
    detail: str = ""
    bodies: dict[str, str] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)
    #: The agencies whose body the officer chose on the import screen: saved over a file's, they win (not
    #: written: the file holds only what they chose).
    chosen: frozenset[str] = field(default=frozenset(), compare=False)

    def table(self) -> dict:
        """As the mapping's file holds it."""
        columns = {key: getattr(self, key) for key in ("agency", "status", "closed_at", "reference", "detail")}
        return {**{key: value for key, value in columns.items() if value}, "bodies": dict(self.bodies),
                **({"statuses": dict(self.statuses)} if self.statuses else {})}
