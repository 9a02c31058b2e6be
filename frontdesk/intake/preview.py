"""The import's preview: a logbook's first rows as they would be imported, each with its problems, and
which of them are in already."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from db.engine import read_session
from frontdesk.errors import officer_words
from frontdesk.i18n import listed, parenthesised, t
from frontdesk.intake.cells import BadValue, cell_text, read_when
from frontdesk.intake.masking import masked_numbers
from frontdesk.intake.logbook import Opened, data_rows, missing_columns
from frontdesk.intake.logbook_file import SourceRow
from frontdesk.intake.rows import ParsedRow, RowReader
from frontdesk.intake.service_requests import police_agencies_text
from frontdesk.intake.source_keys import settle_keys
from frontdesk.vocab import label

PREVIEW_ROWS = 20
#: How many different readings of the date cells the preview names.
READINGS_SHOWN = 2


@dataclass(frozen=True)
class Preview:
    rows: list[ParsedRow]
    already: frozenset[str]
    header_row: int
    #: Rows shown that had no status and will be closed with the mapping's default disposition.
    closed_by_default: int
    #: How the first rows' dates were read, e.g. "08/10/2022 12:00:00 AM + 6:10:00 AM → 10 Aug 2022 06:10
    #: (month first)": one line per different reading, so a wrong one is seen before anything is written.
    readings: tuple[str, ...] = ()
    #: Rows shown that are service requests done with no closed time in the file (done, the time unknown).
    done_untimed: int = 0
    #: Rows shown whose reporter will be kept as text only (no full phone or ID number in the file).
    kept_as_text: int = 0
    #: Closed rows shown whose closed time cannot be read: closed at their received time.
    closed_unread: int = 0
    #: Service requests shown whose agency is read as the police (the station's own cases) -> their rows.
    police_agencies: Counter = field(default_factory=Counter)
    #: Every row shown was received at midnight, with no time column: the file gives days only.
    days_only: bool = False


def file_notes(opened: Opened) -> list[str]:
    """What the officer is told of the file before anything is imported: the workbook's sheets that are not
    read, a file with no header row while a field the import needs has no column letter yet, a hotline's or 311
    export read as requests handed off (from which columns), the columns the mapping names that the file does not
    have."""
    notes = [sheets_text(opened)] if opened.file.sheets or opened.file.chosen else []
    notes += [other_sheets_text(opened)] if opened.file.other_sheets else []
    # (once the letters are given, asking for them again read as though those given were not taken)
    notes += [no_header_text(opened)] if opened.no_header and missing_columns(opened.mapping) else []
    if opened.local_hours and opened.mapping.date_format.endswith("Z"):
        notes.append(t("import.marked_utc_local", column=opened.mapping.column("received_at"),
                       hours=opened.local_hours, format=opened.mapping.date_format))
    if (clock := opened.mapping.column("received_time")) and opened.mapping.time_digits:
        notes.append(t("import.time.stated", column=clock, digits=opened.mapping.time_digits))
    elif clock and opened.time_columns.get(clock):  # (known once read)
        notes.append(t(f"import.time.{opened.time_columns[clock]}", column=clock))
    mapping = opened.mapping
    requests = mapping.service_requests
    if requests is not None:
        column = lambda header: f"“{header}”" if header else t("import.not_in_file")  # noqa: E731
        notes.append(t("import.service_requests_read", agency=column(requests.agency),
                       status=column(requests.status), closed=column(requests.closed_at),
                       reference=column(requests.reference)))
    if absent := absent_text(opened):
        notes.append(absent)
    return notes


def handoff_column_text(opened: Opened, name: str) -> str:
    """A hotline's or 311 export's column read for the hand-off rather than the case (its status is the
    hand-off's step, its closed time when the hand-off was done), shown for the case's field it stands in for;
    "" for another field or a file read as a logbook."""
    requests = opened.mapping.service_requests
    column = getattr(requests, name, "") if requests is not None and name in ("status", "closed_at") else ""
    return t(f"import.field.handoff.{name}", column=column) if column and not opened.mapping.column(name) else ""


def absent_text(opened: Opened) -> str:
    """The columns a saved mapping names that the file does not have (but those since given one), or ""."""
    mapping = opened.mapping
    absent = {name: written for name, written in opened.absent.items()
              if not mapping.column(name) and not mapping.has_default(name)}
    if not absent:
        return ""
    return t("import.columns_absent", mapping=mapping.name, columns=listed(
        parenthesised(f"“{written}”", t(f"import.field.{name}")) for name, written in absent.items()))


def opened_text(opened: Opened, header_row: int) -> str:
    """The file read, in which encoding, and its header's row; a file with no header row says so, and once every
    field the import needs has a column, that its columns are read by the letters given."""
    key = "import.screen.opened" if not opened.no_header else "import.screen.opened_no_header" \
        if missing_columns(opened.mapping) else "import.screen.opened_by_letters"
    return t(key, path=str(opened.file.path), encoding=opened.file.encoding or "xlsx", row=header_row)


def no_header_text(opened: Opened) -> str:
    """A file with no header row: its columns named by letter, with its first record's cells (numbers masked
    as the lists show them) to tell them by."""
    return t("import.no_header", cells=" · ".join(
        f"{name}: {masked_numbers(cell)[:24]}" for name, cell in zip(opened.headers, opened.no_header) if cell))


def sheets_text(opened: Opened) -> str:
    """Which of a workbook's sheets are read, when the mapping names them or several are read: those the
    mapping's `sheets` names, or those laid out alike (and how a mapping chooses some of them)."""
    file = opened.file
    if file.chosen:
        return t("import.sheets_chosen", sheets=listed(f"“{name}”" for name in file.chosen))
    return t("import.sheets_read", sheets=listed(f"“{name}”" for name in file.sheets), first=file.sheets[0])


def other_sheets_text(opened: Opened) -> str:
    """What the officer is told of a workbook's sheets that are not read ("" when there are none)."""
    others = opened.file.other_sheets
    if not others:
        return ""
    named = listed(f"“{name}”" for name in others)
    if opened.file.chosen:
        return t("import.other_sheets_not_chosen", others=named)
    if opened.file.sheets:
        return t("import.other_sheets_unlike", others=named)
    return t("import.other_sheets", sheet=opened.file.sheet, others=named)


def preview(engine: Engine, opened: Opened, *, zone: ZoneInfo, now: datetime, limit: int = PREVIEW_ROWS,
            reader=None) -> Preview:
    """The first rows as they would be imported, each with its problems, and which are in already.
    `reader` is the one the import will use (a service request's), else the file is read as a logbook."""
    reader = reader or RowReader(opened, zone=zone, now=now)
    rows: list[ParsedRow] = []
    sources: list[SourceRow] = []
    for source_row in data_rows(opened):
        rows.append(reader.read(source_row))
        sources.append(source_row)
        if len(rows) >= limit:
            break
    with officer_words(), read_session(engine) as session:
        rows, there = settle_keys(session, rows)  # as the import settles them: a shared number is not "in"
        already = frozenset(there)
    return Preview(rows, already, opened.header_row, sum(1 for row in rows if row.closed_by_default),
                   date_readings(opened, sources, rows, zone), getattr(reader, "done_untimed", 0),
                   sum(1 for row in rows if row.kept_as_text), sum(1 for row in rows if row.closed_unread and row.draft
                                                                and row.source_key not in already),
                   Counter(getattr(reader, "police_agencies", {})), _days_only(opened, rows, zone))


def _days_only(opened: Opened, rows: list[ParsedRow], zone: ZoneInfo) -> bool:
    """Whether the rows shown give a day and no time: each received at midnight, and no column of times."""
    received = [row.received_at.astimezone(zone).time() for row in rows if row.received_at is not None]
    return bool(received) and not opened.mapping.column("received_time") and all(
        moment == time(0) for moment in received)


def preview_notes(opened: Opened, shown: Preview, *, counted_after: bool = False) -> list[str]:
    """What the officer is told of the rows shown, under them (the screen) or after them (the command line).
    `counted_after`: the import's outcome follows at once (the command line's real run), and says the notes it
    counts over the whole file itself, so they are not said twice."""
    notes = []
    if shown.closed_by_default:
        disposition = label("disposition", opened.mapping.default_disposition)
        notes.append(t("import.closed_by_default", disposition=disposition))
    if shown.done_untimed and not counted_after:
        notes.append(t("import.done_untimed", count=shown.done_untimed))
    if shown.closed_unread and not counted_after:
        notes.append(t("import.closed_unread", count=shown.closed_unread))
    if shown.police_agencies and not counted_after:
        notes.append(police_agencies_text(shown.police_agencies))
    if shown.kept_as_text:
        notes.append(t("import.preview.kept_as_text", count=shown.kept_as_text))
    if shown.days_only:
        notes.append(t("import.days_only", column=opened.mapping.column("received_at"),
                       field=t("import.field.received_time")))
    return notes


def checked_text(row: ParsedRow) -> str:
    """What a preview row with no problems says in their place: ✓, and that its reporter is kept as text."""
    return t("import.preview.text_only") if row.kept_as_text else "✓"


def _cell(opened: Opened, row: SourceRow, field: str) -> object:
    position = opened.index.get(opened.mapping.column(field) or "")
    return row.cells[position] if position is not None and position < len(row.cells) else None


def date_text(when: datetime) -> str:
    """A date and time written so that the day and the month cannot be taken one for the other."""
    month = t("import.reading.months").split()[when.month - 1]
    return t("import.reading.date", day=when.day, month=month, year=when.year, time=when.strftime("%H:%M"))


def date_readings(opened: Opened, sources: list[SourceRow], rows: list[ParsedRow], zone: ZoneInfo) -> tuple[str, ...]:
    """Each different way the first rows' dates were read, with the first row read that way."""
    mapping = opened.mapping
    seen: dict[str, str] = {}
    for source, row in zip(sources, rows):
        if row.received_at is None:
            continue
        written = _cell(opened, source, "received_at")
        try:  # (a year or a reading the row took from the rows around it is said so)
            how = row.reading or read_when(written, day_first=mapping.day_first, date_format=mapping.date_format)[1]
        except BadValue:
            continue
        guess = how in ("day_first", "month_first") and not opened.dates_settled  # (1/2/06 shown as 1/1/06)
        if how in seen or (len(seen) >= READINGS_SHOWN and not row.reading and not guess):
            continue  # (a reading taken from the rows around, or a guessed order, is said however many others are)
        said = t(f"import.reading.{how}", format=mapping.date_format)
        if guess:
            said = t("import.reading.in_sequence" if opened.dates_in_sequence else "import.reading.unsettled", how=said)
        if mapping.time_zone and how != "iso_offset":
            said = t("import.reading.zone", how=said, zone=mapping.time_zone)
        shown = cell_text(written) if not isinstance(written, datetime) else written.strftime("%Y-%m-%d %H:%M")
        clock = cell_text(_cell(opened, source, "received_time"))
        if clock:
            shown += f" + {clock}"
        seen[how] = t("import.reading.line", written=shown, read=date_text(row.received_at.astimezone(zone)),
                      how=said)
    return tuple(seen.values())


def status_text(row: ParsedRow) -> str:
    """The row's status as it would be imported; "?" where its status or outcome is a word not mapped (the row is
    rejected: not shown as closed by default)."""
    if any(problem.key in _UNMAPPED for problem in row.problems):
        return "?"
    shown = label("status", row.status)
    return f"{shown} · {label('disposition', row.disposition)}" if row.disposition else shown


_UNMAPPED = ("import.unknown_status", "import.unknown_disposition")


def time_left_text(seconds: float) -> str:
    seconds = max(round(seconds), 0)
    if seconds < 60:
        return t("import.left.seconds", count=seconds)
    if seconds < 3600:
        return t("import.left.minutes", minutes=seconds // 60, seconds=seconds % 60)
    return t("import.left.hours", hours=seconds // 3600, minutes=(seconds % 3600) // 60)


def speed_text(read: int, fraction: float, seconds: float) -> str:
    """Rows per second so far and the time left, from how far into the file the import is."""
    if read <= 0 or seconds <= 0 or fraction <= 0:
        return t("import.progress_rate_first")
    left = seconds * (1 - min(fraction, 1.0)) / fraction
    return t("import.progress_rate", rate=f"{read / seconds:,.0f}", left=time_left_text(left))
