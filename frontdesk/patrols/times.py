"""When a patrol shift is: its planned window, when it is closed for it, times as typed.

Times are typed as the officer says them: `23:40` on the shift's evening,
`00:30` for the next morning, or a whole `YYYY-MM-DD HH:MM`. A clock time is
read as the rest of the desk reads one (`frontdesk.timefmt.read_clock`): the
same forms, a full-width colon too, and the same words for one that cannot be.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from db.models import PatrolShift
from frontdesk.i18n import DeskError
from frontdesk.timefmt import local_text, parse_local, read_clock

#: Check-ins open this long before the planned start (volunteers gather early).
CHECK_IN_EARLY = timedelta(hours=3)
#: An open shift is closed after this local time on the morning after its day.
MORNING_AFTER = time(6, 0)
#: A time typed as HH:MM earlier than this before the planned start means the next morning.
NEXT_MORNING_PIVOT = timedelta(hours=6)


def clock_time(text: str) -> time:
    """`18:30`, `1830`, `8:05` or `18：30` as a time of day; DeskError if it is not one (`25:10`: no hour 25)."""
    clock = read_clock(text)
    if clock is None:
        raise DeskError("patrol.bad_clock", value=text.strip())
    return clock


def planned_window(day: date, start: time, end: time, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The planned start and end as moments; an end at or before the start is the next day."""
    begins = datetime.combine(day, start, tzinfo=zone)
    ends = datetime.combine(day, end, tzinfo=zone)
    if ends <= begins:
        ends = datetime.combine(day + timedelta(days=1), end, tzinfo=zone)
    return begins, ends


def closing_moment(shift: PatrolShift, zone: ZoneInfo) -> datetime:
    """When a shift still open is closed for it: the next morning, or its planned end if later."""
    morning = datetime.combine(shift.shift_date + timedelta(days=1), MORNING_AFTER, tzinfo=zone)
    return max(morning, shift.planned_end)


def shift_moment(text: str, shift: PatrolShift, zone: ZoneInfo) -> datetime:
    """A check-in or check-out time as typed: `23:40` on the shift's evening (`00:30`
    is the next morning), or a full `YYYY-MM-DD HH:MM`."""
    clock = read_clock(text)
    if clock is not None:
        moment = datetime.combine(shift.shift_date, clock, tzinfo=zone)
        if moment < shift.planned_start - NEXT_MORNING_PIVOT:
            moment = datetime.combine(shift.shift_date + timedelta(days=1), clock, tzinfo=zone)
        return moment
    try:
        return parse_local(text, zone)
    except DeskError as exc:
        if exc.key != "form.bad_time":
            raise  # written as a time that cannot be (2026-11-31 19:00): the reason says which part
        raise DeskError("patrol.bad_moment", value=text.strip()) from None


def check_moment(moment: datetime, shift: PatrolShift, *, now: datetime, zone: ZoneInfo) -> None:
    """A check-in or check-out must have happened, and around the shift."""
    if moment > now:
        raise DeskError("patrol.time_in_future", time=local_text(moment, zone))
    earliest, latest = shift.planned_start - CHECK_IN_EARLY, closing_moment(shift, zone)
    if not earliest <= moment <= latest:
        raise DeskError("patrol.time_outside_shift", time=local_text(moment, zone),
                        earliest=local_text(earliest, zone), latest=local_text(latest, zone))


