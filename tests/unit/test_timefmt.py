"""Times as typed at the desk: whole ones, a clock time alone, and what is wrong with one that cannot be."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from frontdesk.i18n import DeskError, set_language
from frontdesk.timefmt import parse_local, parse_past

ZONE = ZoneInfo("Asia/Shanghai")
#: 00:20 on the 23rd at the desk: a night shift, just past midnight.
AFTER_MIDNIGHT = datetime(2026, 11, 22, 16, 20, tzinfo=timezone.utc)
#: 20:30 on the 22nd at the desk.
EVENING = datetime(2026, 11, 22, 12, 30, tzinfo=timezone.utc)


def _local(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=ZONE)


def _messages(error: DeskError) -> tuple[str, str]:
    set_language("en")
    english = error.message
    set_language("zh")
    chinese = error.message
    set_language("en")
    return english, chinese


@pytest.mark.parametrize("typed", ["2026-11-22 19:30", " 2026/11/22  19:30 ", "2026-11-22T19:30", "20261122 1930",
                                   "2026-11-22 19:30:00", "2026-11-22 19：30"])
def test_a_whole_time_is_read_as_written(typed):
    assert parse_local(typed, ZONE) == _local("2026-11-22 19:30")
    assert parse_past(typed, ZONE, now=EVENING) == _local("2026-11-22 19:30")


def test_a_time_that_cannot_be_says_everything_wrong_with_it_in_both_languages():
    with pytest.raises(DeskError) as caught:
        parse_local("2026-13-40 25:00", ZONE)
    english, chinese = _messages(caught.value)
    assert english == ('time "2026-13-40 25:00" does not exist: there is no month 13 (months go 01–12), '
                       'there is no hour 25 (hours go 00–23)')
    assert chinese == "时间“2026-13-40 25:00”不存在：没有 13 月（月份为 01–12）、没有 25 时（小时为 00–23）"
    assert "YYYY-MM-DD" not in english + chinese  # it is written so: the form was not the trouble


def test_a_day_the_month_has_not_and_a_minute_past_59_are_named():
    with pytest.raises(DeskError) as caught:
        parse_past("2026-02-29 08:61", ZONE, now=EVENING)
    english, chinese = _messages(caught.value)
    assert english.endswith("2026-02 has no day 29 (it has 28 days), there is no minute 61 (minutes go 00–59)")
    assert chinese.endswith("2026-02 没有 29 日（该月只有 28 天）、没有 61 分（分钟为 00–59）")
    assert parse_local("2028-02-29 08:00", ZONE) == _local("2028-02-29 08:00")  # a leap year has it


def test_text_that_is_no_time_at_all_is_told_how_to_write_one():
    with pytest.raises(DeskError) as caught:
        parse_past("yesterday", ZONE, now=EVENING)
    english, chinese = _messages(caught.value)
    assert english.startswith('time "yesterday" is not a time: write it as YYYY-MM-DD HH:MM, or HH:MM alone')
    assert chinese.startswith("时间“yesterday”格式不对，应为 YYYY-MM-DD HH:MM，或只写 HH:MM")
    with pytest.raises(DeskError) as caught:
        parse_past("24:10", ZONE, now=EVENING)
    assert _messages(caught.value) == ('time "24:10" does not exist: there is no hour 24 (hours go 00–23)',
                                       "时间“24:10”不存在：没有 24 时（小时为 00–23）")


@pytest.mark.parametrize("typed", ["19:30", "1930", "19：30", " 19:30 "])
def test_a_clock_time_alone_is_todays(typed):
    assert parse_past(typed, ZONE, now=EVENING) == _local("2026-11-22 19:30")


def test_after_midnight_a_clock_time_of_the_evening_is_last_nights():
    """At 00:20 the officer records the walk-in of 23:50: last night, not tonight 23 hours ahead."""
    assert parse_past("23:50", ZONE, now=AFTER_MIDNIGHT) == _local("2026-11-22 23:50")
    assert parse_past("00:05", ZONE, now=AFTER_MIDNIGHT) == _local("2026-11-23 00:05")
    assert parse_past("1:25", ZONE, now=AFTER_MIDNIGHT) == _local("2026-11-22 01:25")  # 1 h 5 min ahead: yesterday


def test_a_clock_time_a_little_ahead_stays_today_to_be_refused_not_read_as_a_day_earlier():
    """20:40 typed at 20:30 is a slip (of a key, or of the desk's clock): taken as yesterday's it would
    date the case a day early without a word; as today's it is refused as not yet come."""
    assert parse_past("20:40", ZONE, now=EVENING) == _local("2026-11-22 20:40")
    assert parse_past("21:30", ZONE, now=EVENING) == _local("2026-11-22 21:30")  # an hour ahead: still today
    assert parse_past("21:31", ZONE, now=EVENING) == _local("2026-11-21 21:31")


def test_a_due_time_is_not_read_from_a_clock_time_alone():
    """parse_local (hand-off due dates, looking ahead) keeps to whole times: "past" makes no sense there."""
    with pytest.raises(DeskError) as caught:
        parse_local("19:30", ZONE)
    assert caught.value.key == "form.bad_time"
