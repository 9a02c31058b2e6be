"""Times as typed at the desk: whole ones, a clock time alone, and what is wrong with one that cannot be."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from frontdesk.i18n import DeskError, set_language
from frontdesk.timefmt import parse_day, parse_local, parse_past

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


@pytest.mark.parametrize(("typed", "english", "chinese"), [
    pytest.param("2026-13-40 25:00",
                 'time "2026-13-40 25:00" does not exist: there is no month 13 (months go 01–12), '
                 "there is no hour 25 (hours go 00–23)",
                 "时间“2026-13-40 25:00”不存在：没有 13 月（月份为 01–12）、没有 25 时（小时为 00–23）",
                 id="everything wrong with it"),
    pytest.param("2026-02-29 08:61",
                 'time "2026-02-29 08:61" does not exist: 2026-02 has no day 29 (it has 28 days), '
                 "there is no minute 61 (minutes go 00–59)",
                 "时间“2026-02-29 08:61”不存在：2026-02 没有 29 日（该月只有 28 天）、没有 61 分（分钟为 00–59）",
                 id="a day the month has not"),
    pytest.param("24:10", 'time "24:10" does not exist: there is no hour 24 (hours go 00–23)',
                 "时间“24:10”不存在：没有 24 时（小时为 00–23）", id="a clock time alone"),
    pytest.param("24：10", 'time "24：10" does not exist: there is no hour 24 (hours go 00–23)',
                 "时间“24：10”不存在：没有 24 时（小时为 00–23）", id="with a full-width colon"),
    pytest.param("yesterday",
                 'time "yesterday" is not a time: write it as YYYY-MM-DD HH:MM, or HH:MM alone for today '
                 "(a time more than an hour ahead is yesterday's)",
                 "时间“yesterday”格式不对，应为 YYYY-MM-DD HH:MM，或只写 HH:MM 表示当天（比现在晚一小时以上的为前一天）",
                 id="no time at all: told how to write one"),
])
def test_a_time_that_cannot_be_says_why_in_both_languages(typed, english, chinese):
    """A time written as one that cannot be names every part that cannot (the form was not the trouble);
    only text that is no time at all is told how to write one."""
    with pytest.raises(DeskError) as caught:
        parse_past(typed, ZONE, now=EVENING)
    assert _messages(caught.value) == (english, chinese)


def test_a_whole_time_that_cannot_be_is_named_alike_where_no_clock_time_alone_is_taken():
    with pytest.raises(DeskError) as caught:
        parse_local("2026-13-40 25:00", ZONE)
    english, chinese = _messages(caught.value)
    assert english.startswith('time "2026-13-40 25:00" does not exist: there is no month 13')
    assert "YYYY-MM-DD" not in english + chinese  # it is written so: the form was not the trouble
    assert parse_local("2028-02-29 08:00", ZONE) == _local("2028-02-29 08:00")  # a leap year has it


@pytest.mark.parametrize(("typed", "now", "read"), [
    *[pytest.param(typed, EVENING, "2026-11-22 19:30", id=f"{typed!r} is today's")
      for typed in ("19:30", "1930", "19：30", " 19:30 ")],
    # At 00:20 the officer records the walk-in of 23:50: last night, not tonight 23 hours ahead.
    pytest.param("23:50", AFTER_MIDNIGHT, "2026-11-22 23:50", id="after midnight, the evening is last night's"),
    pytest.param("00:05", AFTER_MIDNIGHT, "2026-11-23 00:05", id="after midnight, a moment ago"),
    pytest.param("1:25", AFTER_MIDNIGHT, "2026-11-22 01:25", id="1 h 5 min ahead: yesterday's"),
    # 20:40 typed at 20:30 is a slip (of a key, or of the desk's clock): taken as yesterday's it would date
    # the case a day early without a word; as today's it is refused as not yet come.
    pytest.param("20:40", EVENING, "2026-11-22 20:40", id="a little ahead stays today"),
    pytest.param("21:30", EVENING, "2026-11-22 21:30", id="an hour ahead: still today"),
    pytest.param("21:31", EVENING, "2026-11-21 21:31", id="more than an hour ahead: yesterday's"),
])
def test_a_clock_time_alone_is_the_latest_such_time_but_one_a_little_ahead_stays_today(typed, now, read):
    assert parse_past(typed, ZONE, now=now) == _local(read)


def test_a_due_time_is_not_read_from_a_clock_time_alone():
    """parse_local (hand-off due dates, looking ahead) keeps to whole times: "past" makes no sense there."""
    with pytest.raises(DeskError) as caught:
        parse_local("19:30", ZONE)
    assert caught.value.key == "form.bad_time"


@pytest.mark.parametrize(("typed", "english", "chinese"), [
    pytest.param("2026-13-01", 'date "2026-13-01" does not exist: there is no month 13 (months go 01–12)',
                 "日期“2026-13-01”不存在：没有 13 月（月份为 01–12）", id="no such month"),
    pytest.param("2026/02/30", 'date "2026/02/30" does not exist: 2026-02 has no day 30 (it has 28 days)',
                 "日期“2026/02/30”不存在：2026-02 没有 30 日（该月只有 28 天）", id="no such day, with slashes"),
    pytest.param("20261131", 'date "20261131" does not exist: 2026-11 has no day 31 (it has 30 days)',
                 "日期“20261131”不存在：2026-11 没有 31 日（该月只有 30 天）", id="digits alone"),
    pytest.param("next week", 'date "next week" is not a date: write it as YYYY-MM-DD',
                 "日期“next week”格式不对，应为 YYYY-MM-DD", id="no date at all: told how to write one"),
])
def test_a_day_that_cannot_be_says_why_in_both_languages(typed, english, chinese):
    """A day typed for a period or a shift names what cannot be, as a whole time does; only text that is no
    date at all is told how to write one."""
    with pytest.raises(DeskError) as caught:
        parse_day(typed)
    assert _messages(caught.value) == (english, chinese)


@pytest.mark.parametrize("typed", ["2026-11-22", " 2026/11/22 ", "20261122", "2026-11-2"])
def test_a_day_is_read_as_written(typed):
    assert parse_day(typed).isoformat() == ("2026-11-02" if typed.endswith("-2") else "2026-11-22")


@pytest.mark.parametrize(("typed", "meant"), [
    ("２０２６－１１－２２ １９：３０", "2026-11-22 19:30"),  # a Chinese input method in full-width mode
    ("2026年11月22日 19:30", "2026-11-22 19:30"),
    ("2026年11月22日19时30分", "2026-11-22 19:30"),
    ("2026年11月22号 晚上7点半", "2026-11-22 19:30"),
    ("11月22日 19点30", "2026-11-22 19:30"),  # no year: this year's
    ("11-22 19:30", "2026-11-22 19:30"),
    ("12-24 19:30", "2025-12-24 19:30"),  # a day still to come this year: last year's
    ("02-29 10:00", "2024-02-29 10:00"),  # the last 29 February there was
    ("2026.11.22 19:30", "2026-11-22 19:30"),
    ("2026-11-22 7:30 PM", "2026-11-22 19:30"),
    ("2026-11-22\u200b 19:30", "2026-11-22 19:30"),  # a zero-width space copied with it
    ("下午3点", "2026-11-22 15:00"),
    ("中午12点", "2026-11-22 12:00"),
    ("中午1点10分", "2026-11-22 13:10"),
    ("凌晨12点30", "2026-11-22 00:30"),
    ("12:10 am", "2026-11-22 00:10"),
    ("8:05 p.m.", "2026-11-22 20:05"),
    ("昨天 19:30", "2026-11-21 19:30"),
    ("昨晚11点", "2026-11-21 23:00"),
    ("前天 8:00", "2026-11-20 08:00"),
    ("yesterday 23:40", "2026-11-21 23:40"),
    ("今天 7点", "2026-11-22 07:00"),
])
def test_a_time_as_an_officer_writes_it_in_either_language_is_read(typed, meant):
    assert parse_past(typed, ZONE, now=EVENING) == _local(meant)


@pytest.mark.parametrize(("typed", "english"), [
    ("11-31 19:30", "30 days"),  # no 31 November in any year
    ("13月2日 10:00", "no month 13"),
    ("2026年11月22日 25点", "no hour 25"),
])
def test_a_time_written_in_another_form_that_cannot_be_says_why(typed, english):
    with pytest.raises(DeskError) as refused:
        parse_past(typed, ZONE, now=EVENING)
    assert english in _messages(refused.value)[0]


@pytest.mark.parametrize("typed", ["２０２６－１１－２２", "2026年11月22日", "2026.11.22", "2026/11/22"])
def test_a_day_as_an_officer_writes_it_is_read(typed):
    assert parse_day(typed).isoformat() == "2026-11-22"
