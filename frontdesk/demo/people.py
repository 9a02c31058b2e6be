"""Who the demo's people are: names, mobile numbers, resident ID numbers, addresses.

Every value is one the desk's own checks accept: numbers go through
`normalize_phone`, ID numbers carry a correct GB 11643 check digit and a real
county code, names get their pinyin from `name_pinyin` as a typed name would.

Places come from `places.csv` beside this module, a few hundred rows taken once
from the national division codes: the cities, counties and townships of 杭州市 and
绍兴市, plus counties elsewhere ("origin") that migrant workers' IDs come from.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources

from stdnum.cn import ric

from frontdesk.i18n import DeskError
from frontdesk.validation import digits_reversed, name_pinyin, normalize_phone

# Share of the population per 10,000 (rounded national figures): 王 and 李 alone
# are one person in seven, which makes look-up by name realistically ambiguous.
SURNAMES = {
    "王": 725, "李": 719, "张": 690, "刘": 540, "陈": 460, "杨": 310, "黄": 220, "赵": 210,
    "吴": 200, "周": 190, "徐": 160, "孙": 150, "马": 150, "朱": 130, "胡": 130, "郭": 110,
    "何": 110, "高": 110, "林": 110, "罗": 90, "郑": 90, "梁": 80, "谢": 80, "宋": 70,
    "唐": 70, "许": 65, "韩": 60, "冯": 60, "邓": 60, "曹": 55, "彭": 55, "曾": 50, "肖": 50,
    "田": 50, "董": 50, "袁": 45, "潘": 45, "于": 45, "蒋": 45, "蔡": 45, "余": 45, "杜": 40,
    "叶": 40, "程": 40, "苏": 35, "魏": 35, "吕": 35, "丁": 35, "任": 35, "沈": 35, "姚": 30,
    "卢": 30, "姜": 30, "崔": 30, "钟": 30, "谭": 30, "陆": 30, "汪": 30, "范": 30, "金": 30,
    "石": 28, "廖": 28, "贾": 28, "夏": 27, "韦": 26, "方": 25, "白": 24, "邹": 24, "孟": 23,
    "熊": 23, "秦": 22, "邱": 22, "江": 22, "尹": 20, "薛": 20, "段": 20, "雷": 20, "侯": 19,
    "龙": 19, "史": 19, "陶": 18, "黎": 18, "贺": 17, "顾": 17, "毛": 17, "郝": 16, "龚": 16,
    "邵": 16, "万": 15, "钱": 15, "严": 15, "覃": 14, "武": 14, "戴": 14, "莫": 13, "孔": 13,
    "向": 13, "汤": 13, "单": 8, "查": 6,
}

# Given names by generation and sex: names follow fashions, so an 80-year-old
# 秀英 and a 20-year-old 梓涵 both look right, and the reverse would not.
GIVEN_NAMES = {
    ("old", "m"): "建国 国强 德明 志强 建华 福生 金水 国华 永康 海林 根宝 荣华 德胜 保国 长生 "
                  "树林 文斌 志明 明华 玉林 水根 富贵 伟 军 强 明 华 平 林 勇 斌 刚 忠 福",
    ("old", "f"): "秀英 桂英 玉兰 桂兰 秀兰 凤英 玉珍 金凤 秀珍 月英 美华 彩英 素珍 丽华 淑珍 "
                  "桂芳 玉梅 翠英 芳 英 兰 珍 凤 娟 霞 萍 琴",
    ("mid", "m"): "伟 磊 军 勇 杰 涛 斌 超 明 刚 平 辉 鹏 华 飞 鑫 波 宁 健 亮 建军 海涛 志刚 "
                  "俊杰 晓东 文杰 国栋 立新 建平 卫东 晓峰 永强 伟东 海峰 剑锋 少华 建伟 振华 宏伟",
    ("mid", "f"): "芳 娜 敏 静 丽 艳 娟 霞 燕 玲 红 萍 琳 丹 洁 颖 慧 倩 婷 雪 晓燕 丽娟 海燕 "
                  "红梅 晓丽 美玲 春梅 秀芳 丽萍 晓红 雪梅 慧敏 丽君 晓霞 雅琴 玉梅",
    ("young", "m"): "浩 宇 轩 杰 博 涛 鹏 辰 磊 昊 铭 睿 子豪 浩然 宇轩 梓轩 俊熙 子轩 一鸣 博文 "
                    "天宇 思远 皓轩 宇航 家豪 文博 晨阳 嘉诚 子墨 俊杰 泽宇 雨泽 明哲",
    ("young", "f"): "婷 雪 琪 欣 悦 佳 颖 萱 怡 妍 欣怡 雨桐 梓涵 诗涵 可馨 子琪 一诺 思琪 雨萱 "
                    "佳怡 梦瑶 紫涵 欣妍 晓雯 佳琪 思雨 若曦 文静 心怡 雨欣 婉婷 静怡",
}
_GIVEN = {key: value.split() for key, value in GIVEN_NAMES.items()}

# Mobile prefixes weighted roughly by subscribers; all are ranges phonenumbers
# accepts in full, and every number is still checked with normalize_phone.
MOBILE_PREFIXES = {
    "138": 9, "139": 9, "135": 7, "136": 6, "137": 6, "158": 6, "159": 6, "150": 5, "151": 5,
    "152": 4, "188": 5, "187": 4, "182": 4, "183": 3, "130": 4, "131": 4, "132": 4, "155": 3,
    "156": 3, "185": 3, "186": 4, "133": 3, "153": 3, "180": 3, "189": 3, "181": 2, "177": 2,
    "176": 2, "173": 1, "199": 2, "198": 1, "166": 1, "170": 1, "171": 1, "191": 1, "157": 1,
}

ESTATES = ("阳光花园 锦绣家园 金色港湾 和谐家园 翠苑 东方名苑 桂花城 湖畔花园 江南春晓 "
           "新城花苑 丽都公寓 紫荆苑 香樟园 水岸人家 世纪新城 绿园 建设新村 幸福里").split()
ROADS = ("人民路 解放路 建设路 中山路 文化路 新华路 环城东路 环城西路 体育路 育才路 市心路 "
         "工人路 江滨路 通惠路 金城路 湖滨路 学士路 振兴路 城河街 北干路").split()
VILLAGE_STEMS = ("东山 西湖 前进 新联 南阳 大桥 王家 李家 下湾 上塘 青山 长乐 白鹤 石门 "
                 "新塘 永兴 河口 双桥 凤凰 红星").split()
COMMUNITY_STEMS = ("城北 城南 新华 文化 湖滨 人民 春晖 江滨 育才 百合 金山 惠民").split()


@dataclass(frozen=True)
class Places:
    """The demo's geography: the station's county and what surrounds it."""

    city: str
    county: str
    townships: tuple[str, ...]  # of the station's own county
    nearby: tuple[tuple[str, str], ...]  # (county, township) elsewhere in the two cities
    local_counties: tuple[str, ...]  # codes, for people born here
    origin_counties: tuple[str, ...]  # codes, for people born elsewhere


@cache
def _place_rows() -> tuple[tuple[str, str, str], ...]:
    text = resources.files(__package__).joinpath("places.csv").read_text(encoding="utf-8")
    return tuple((row["level"], row["code"], row["name"]) for row in csv.DictReader(text.splitlines()))


def load_places(rng: random.Random) -> Places:
    """Pick the station's county (one with townships) and gather the rest around it."""
    rows = _place_rows()
    cities = {code: name for level, code, name in rows if level == "city"}
    counties = {code: name for level, code, name in rows if level == "county"}
    townships = [(code[:6], name) for level, code, name in rows if level == "township"]
    # A county of at least a dozen townships keeps addresses from repeating.
    candidates = [code for code in counties if sum(1 for c, _ in townships if c == code) >= 12]
    home = rng.choice(candidates)
    return Places(
        city=cities[home[:4]],
        county=counties[home],
        townships=tuple(name for code, name in townships if code == home),
        nearby=tuple((counties[code], name) for code, name in townships if code != home),
        local_counties=tuple(counties),
        origin_counties=tuple(code for level, code, _ in rows if level == "origin"),
    )


class PersonMaker:
    """Makes believable, valid personal details; deterministic for a given `rng`."""

    def __init__(self, rng: random.Random, places: Places, today: date):
        self.rng = rng
        self.places = places
        self.today = today
        self._surnames = list(SURNAMES)
        self._surname_weights = list(SURNAMES.values())
        self._prefixes = list(MOBILE_PREFIXES)
        self._prefix_weights = list(MOBILE_PREFIXES.values())
        self._phones_used: set[str] = set()
        self._pinyin: dict[str, tuple[str, str]] = {}

    def birth_date(self, min_age: int, max_age: int) -> date:
        age_days = self.rng.randrange(min_age * 365 + 1, max_age * 365 + 360)
        return self.today - timedelta(days=age_days)

    def name(self, born: date, male: bool) -> str:
        generation = "old" if born.year < 1962 else "mid" if born.year < 1990 else "young"
        surname = self.rng.choices(self._surnames, self._surname_weights)[0]
        return surname + self.rng.choice(_GIVEN[generation, "m" if male else "f"])

    def pinyin(self, name: str) -> tuple[str, str]:
        # Names repeat a lot across 250,000 people; pinyin conversion is the slow part.
        if name not in self._pinyin:
            self._pinyin[name] = name_pinyin(name)
        return self._pinyin[name]

    def mobile(self) -> str:
        """A new mainland mobile number in E.164, unique within this build."""
        while True:
            prefix = self.rng.choices(self._prefixes, self._prefix_weights)[0]
            national = f"{prefix}{self.rng.randrange(100_000_000):08d}"
            try:
                e164 = normalize_phone(national)
            except DeskError:
                continue
            if e164 not in self._phones_used:
                self._phones_used.add(e164)
                return e164

    def resident_id(self, born: date, male: bool, *, local: bool) -> str:
        """An ID number: birthplace county, birth date, a sequence whose parity is the sex."""
        county = self.rng.choice(self.places.local_counties if local else self.places.origin_counties)
        sequence = self.rng.randrange(0, 1000, 2) + (1 if male else 0)
        body = f"{county}{born:%Y%m%d}{sequence:03d}"
        return body + ric.calc_check_digit(body + "0")

    def home(self, *, local: bool = True) -> tuple[str, str]:
        """(address, village or community) in the station's county, or nearby."""
        rng = self.rng
        if local:
            county, township = self.places.county, rng.choice(self.places.townships)
        else:
            county, township = rng.choice(self.places.nearby)
        if township.endswith("街道"):
            community = township + rng.choice(COMMUNITY_STEMS) + "社区"
            if rng.random() < 0.7:
                estate = rng.choice(ESTATES)
                flat = f"{rng.randint(1, 30)}幢{rng.randint(1, 4)}单元{rng.randint(1, 18)}0{rng.randint(1, 4)}室"
                return f"{county}{township}{estate}{flat}", community
            return f"{county}{township}{rng.choice(ROADS)}{rng.randint(1, 399)}号", community
        village = township + rng.choice(VILLAGE_STEMS) + "村"
        return f"{county}{village}{rng.randint(1, 180)}号", village

    def person(self, *, min_age: int = 18, max_age: int = 85, id_share: float = 0.6,
               notes: str = "") -> tuple[dict, list[tuple[str, str]]]:
        """Column values for one Person, and their phones as (E.164, label)."""
        rng = self.rng
        male = rng.random() < 0.52
        born = self.birth_date(min_age, max_age)
        name = self.name(born, male)
        pinyin, initials = self.pinyin(name)
        local = rng.random() < 0.6
        address, village = self.home(local=local or rng.random() < 0.7)
        rid = self.resident_id(born, male, local=local) if rng.random() < id_share else None
        values = {
            "name": name, "name_pinyin": pinyin, "name_initials": initials,
            "resident_id": rid, "resident_id_reversed": rid[::-1] if rid else None,
            "address": address, "village": village, "notes": notes,
        }
        phones = [(self.mobile(), "手机")]
        if rng.random() < 0.1:
            phones.append((self.mobile(), "备用"))
        return values, phones


def phone_row(person_id, e164: str, label: str) -> dict:
    """Column values for a PersonPhone."""
    return {"person_id": person_id, "e164": e164, "digits_reversed": digits_reversed(e164), "label": label}
