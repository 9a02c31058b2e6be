"""Dates and times written in Chinese words made plain for reading: 2023年3月5日 星期日 下午两点二十分 →
"PM 2023-3-5 2:20"; traditional characters (下午3時20分), Chinese numerals, 许 and 左右, 凌晨12点 and 晚上12点."""

from __future__ import annotations

import re
import unicodedata

#: 年月日 and 时分 as the separators of a date and time written in figures.
_CN_DATE = str.maketrans({"年": "-", "月": "-", "日": " ", "号": " ", "时": ":", "点": ":", "分": " ", "秒": " ",
                          "半": "30", "/": "-", ".": "-", "T": " "})

#: A weekday beside the date (2023年3月5日 星期日, 周日, 礼拜天, in brackets or not): said, never needed.
_CN_WEEKDAY = re.compile(r"[（(]?(?:星期|礼拜|周)[一二三四五六日天七][)）]?")
#: Dates and times written in Chinese numerals: 二〇二三年三月十五日 下午两点二十分.
_CN_NUMERAL = re.compile(r"[〇○零一二两三四五六七八九十]+")
_CN_DIGITS = {ch: n for n, chars in enumerate(("〇○零", "一", "二两", "三", "四", "五", "六", "七", "八", "九")) for ch in chars}
#: The words that make a date or time Chinese.
CJK_WORDS = re.compile(r"[年月日号时点分秒半上下午晚凌早傍中]")


def _cn_number(run: str) -> str:
    """二〇二三 → 2023 (digit by digit), 十五 → 15, 二十 → 20, 三十一 → 31, 两 → 2."""
    if "十" not in run:
        return "".join(str(_CN_DIGITS[ch]) for ch in run)
    tens, _, ones = run.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return run  # not a number a date or time is written with: left for the reading to refuse
    return str((_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0))


#: Police records write a time as about that: 14时30分许, 9时10分左右, 约14时.
_ABOUT = re.compile(r"许|左右|前后|^约|(?<=\s)约")
#: Words before a time: morning ones keep the hour (凌晨12点30分 is 00:30), evening ones add 12 to an hour
#: before noon (晚8时, 晚上9点), night ones add 12 only from 6 on (深夜1时 is 1:00, 夜间11时 23:00).
_MORNING = ("上午", "凌晨", "早上", "早晨", "清晨")
_EVENING = ("下午", "晚上", "傍晚", "晚间", "午后", "晚")
_NIGHT = ("深夜", "夜间", "夜里", "半夜", "夜晚", "夜")
#: Every word before a time, taken out once read (the longer first: 晚上 before 晚, 夜晚 before 夜).
_TIME_WORDS = (*_MORNING, "中午", *_NIGHT, *_EVENING)
_NIGHT_HOUR = re.compile("(?:" + "|".join(_NIGHT) + r")\s*(\d{1,2})")
_EVENING_HOUR = re.compile(r"晚\s*\d")
#: 晚上12点, 夜12时: the midnight that ends the day, written 24时 as well (the next day at 0:00).
_LATE_TWELVE = re.compile("((?:" + "|".join(("晚上", "晚间", *_NIGHT, "晚")) + r")\s*)12(?=\s*[点时:])")
_SMALL_HOURS_TWELVE = re.compile(r"凌晨\s*12\s*[点时:]")


#: The traditional characters of date and time words (Taiwan, Hong Kong): 下午3時20分, 週日, 兩點.
TRADITIONAL = str.maketrans({"時": "时", "點": "点", "號": "号", "週": "周", "禮": "礼", "兩": "两", "許": "许"})
#: A time written with a dot, as a register writes it (15.17), after the date or a word before a time: 9.20.
_DOTTED_TIME = re.compile(r"(?<=[\s日号])([01]?\d|2[0-3])\.([0-5]\d)(?=\s*$)")
#: 16时29分00秒: the seconds after the minutes.
_SECONDS = re.compile(r"(\d)\s*分\s*(\d{1,2})\s*秒")


def clean_time_words(text: str) -> str:
    """The text with Chinese date and time words made plain (年月日 → -, 时分 → :, numerals → digits), "PM "
    in front when a word put the time after noon; 凌晨12点 is made 0, 晚上12点 24 (the next day's 0:00)."""
    text = unicodedata.normalize("NFKC", text).strip().translate(TRADITIONAL)
    if CJK_WORDS.search(text) or "许" in text or "夜" in text:
        text = _CN_WEEKDAY.sub(" ", text)
        if _CN_NUMERAL.search(text):
            text = _CN_NUMERAL.sub(lambda run: _cn_number(run.group(0)), text)
        text = _ABOUT.sub(" ", text)
    midnight = "凌晨" in text and _SMALL_HOURS_TWELVE.search(text) is not None
    if "12" in text:
        text = _LATE_TWELVE.sub(r"\g<1>24", text)
    night = _NIGHT_HOUR.search(text)
    afternoon = (any(word in text for word in _EVENING[:-1]) or _EVENING_HOUR.search(text) is not None
                 or (night is not None and 6 <= int(night.group(1)) < 12))
    for word in _TIME_WORDS:
        text = text.replace(word, " ")
    text = _DOTTED_TIME.sub(r"\1:\2", text)  # 2023.1.5 9.20, 下午3.30: a register's time after its date
    text = _SECONDS.sub(r"\1:\2", text)  # 16时29分00秒: the seconds after the minutes
    text = re.sub(r"\s+", " ", text.translate(_CN_DATE)).strip().rstrip(":").strip()
    text = re.sub(r"\s*:\s*", ":", text)
    text = re.sub(r"\s*-\s*", "-", text)
    if midnight:
        text = re.sub(r"(^|\s)12(?=:|$)", r"\g<1>0", text, count=1)
    return ("PM " if afternoon else "") + text
