"""Times typed on the patrol screens: read as the rest of the desk reads a clock time, on the shift's evening
or (00:30) the next morning, and refused with the same words when they cannot be."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from db.ids import new_id
from db.models import PatrolShift
from frontdesk.i18n import DeskError, set_language
from frontdesk.patrols.times import clock_time, shift_moment

ZONE = ZoneInfo("Asia/Shanghai")


def local(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=ZONE)


#: An evening shift: 18:30–21:00 on the 22nd.
EVENING = PatrolShift(team_id=new_id(), shift_date=date(2026, 11, 22), planned_start=local("2026-11-22 18:30"),
                      planned_end=local("2026-11-22 21:00"))


def _messages(error: DeskError) -> tuple[str, str]:
    set_language("en")
    english = error.message
    set_language("zh")
    chinese = error.message
    set_language("en")
    return english, chinese


@pytest.mark.parametrize(("typed", "read"), [
    ("21:40", "2026-11-22 21:40"),
    ("2140", "2026-11-22 21:40"),
    (" 21:40 ", "2026-11-22 21:40"),
    ("23：40", "2026-11-22 23:40"),  # the full-width colon a Chinese input method types
    ("00:30", "2026-11-23 00:30"),  # after an evening shift: the next morning
    ("1:05", "2026-11-23 01:05"),
    ("12:30", "2026-11-22 12:30"),  # six hours before the planned start is still the shift's day …
    ("12:29", "2026-11-23 12:29"),  # … earlier than that is the next day's
    ("2026-11-22 17:50", "2026-11-22 17:50"),
    ("2026/11/23 00：30", "2026-11-23 00:30"),
])
def test_a_patrol_time_is_read_on_the_shifts_evening_or_the_next_morning(typed, read):
    assert shift_moment(typed, EVENING, ZONE) == local(read)


@pytest.mark.parametrize(("typed", "english", "chinese"), [
    ("25:10", 'time "25:10" does not exist: there is no hour 25 (hours go 00–23)',
     "时间“25:10”不存在：没有 25 时（小时为 00–23）"),
    ("23：75", 'time "23：75" does not exist: there is no minute 75 (minutes go 00–59)',
     "时间“23：75”不存在：没有 75 分（分钟为 00–59）"),
    ("2026-11-31 19:00", 'time "2026-11-31 19:00" does not exist: 2026-11 has no day 31 (it has 30 days)',
     "时间“2026-11-31 19:00”不存在：2026-11 没有 31 日（该月只有 30 天）"),
    ("8 pm", 'time "8 pm" is not a time: write 21:40, 00:30 (the next morning) or YYYY-MM-DD HH:MM',
     "时间“8 pm”格式不对，应写作 21:40、00:30（次日凌晨）或 YYYY-MM-DD HH:MM"),
], ids=["25:10", "23：75", "2026-11-31 19:00", "8 pm"])
def test_a_patrol_time_that_cannot_be_says_why_in_both_languages(typed, english, chinese):
    with pytest.raises(DeskError) as refused:
        shift_moment(typed, EVENING, ZONE)
    assert _messages(refused.value) == (english, chinese)


@pytest.mark.parametrize(("typed", "read"), [
    ("18:30", time(18, 30)), ("1830", time(18, 30)), ("8:05", time(8, 5)), ("18：30", time(18, 30)),
    ("00:00", time(0, 0)),
])
def test_a_planned_start_or_end_is_a_clock_time_as_the_desk_reads_one(typed, read):
    assert clock_time(typed) == read


@pytest.mark.parametrize(("typed", "english", "chinese"), [
    ("25:00", 'time "25:00" does not exist: there is no hour 25 (hours go 00–23)',
     "时间“25:00”不存在：没有 25 时（小时为 00–23）"),
    ("24:60", 'time "24:60" does not exist: there is no hour 24 (hours go 00–23), '
              "there is no minute 60 (minutes go 00–59)",
     "时间“24:60”不存在：没有 24 时（小时为 00–23）、没有 60 分（分钟为 00–59）"),
    ("7.30", '"7.30" is not a time of day: write it as HH:MM, e.g. 18:30', "“7.30”不是时刻，应写作 HH:MM，如 18:30"),
], ids=["25:00", "24:60", "7.30"])
def test_a_planned_time_that_cannot_be_says_why_in_both_languages(typed, english, chinese):
    with pytest.raises(DeskError) as refused:
        clock_time(typed)
    assert _messages(refused.value) == (english, chinese)
