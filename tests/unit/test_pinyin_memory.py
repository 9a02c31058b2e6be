"""pypinyin loaded late and held compactly: the same readings, so the same keys, in less memory."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest

from db.pinyin import CompactPhrases, CompactReadings, compact_phrases, compact_readings, packed

ROOT = Path(__file__).resolve().parents[2]
FOLDER = Path(next(iter(find_spec("pypinyin").submodule_search_locations)))
PHRASES = FOLDER / "phrases_dict.json"
CHARACTERS = FOLDER / "pinyin_dict.json"


def deep_size(thing, seen=None) -> int:
    """Bytes a structure holds, its parts counted once (sys.getsizeof of everything reachable)."""
    seen = set() if seen is None else seen
    if id(thing) in seen:
        return 0
    seen.add(id(thing))
    size = sys.getsizeof(thing)
    if isinstance(thing, dict):
        size += sum(deep_size(k, seen) + deep_size(v, seen) for k, v in dict.items(thing))
    elif isinstance(thing, (list, tuple, set)):
        size += sum(deep_size(item, seen) for item in thing)
    elif hasattr(thing, "__dict__"):
        size += deep_size(vars(thing), seen)
    return size


def test_every_phrase_reads_back_as_pypinyin_reads_it():
    stock = json.loads(PHRASES.read_text(encoding="utf-8"))
    compact = compact_phrases(PHRASES)
    assert len(compact) == len(stock) and list(compact) == sorted(stock) and list(compact.keys()) == sorted(stock)
    assert all(compact[phrase] == readings for phrase, readings in stock.items())
    assert compact.get("一丁不识") == [["yī"], ["dīng"], ["bù"], ["shí"]] and compact.get("不是词") is None
    words = {phrase[:n] for phrase in stock for n in range(1, len(phrase) + 2)} | {phrase + "人" for phrase in stock}
    words |= {"", "张建国", "zz", "\U0010ffff", "一\t", "一\n", "\t", "\n"}
    assert [word in compact for word in sorted(words)] == [word in stock for word in sorted(words)]
    assert 5 not in compact and None not in compact
    with pytest.raises(KeyError):
        compact["不是词"]


def test_every_character_reads_as_pypinyin_reads_it():
    stock = {int(code): readings for code, readings in json.loads(CHARACTERS.read_text(encoding="utf-8")).items()}
    compact = compact_readings(CHARACTERS)
    assert len(compact) == len(stock) and list(compact) == sorted(stock)
    assert all(compact[code] == readings for code, readings in stock.items())
    assert [code in compact for code in range(0x110000)] == [code in stock for code in range(0x110000)]
    assert "12295" not in compact and compact.get(ord("a")) is None and compact[ord("重")] == "zhòng,chóng,tóng"
    with pytest.raises(KeyError):
        compact[ord("a")]


def test_the_dictionaries_are_held_in_a_few_large_objects():
    """pypinyin's own: 6.8 MiB for the characters, 50 MiB for the phrases as it reads them (10 MiB as one
    packed string each in a dict); compact, under 2.5 MiB both, in a handful of objects."""
    phrases, characters = compact_phrases(PHRASES), compact_readings(CHARACTERS)
    assert deep_size(phrases) + deep_size(characters) < 2.5 * 2**20
    assert len(vars(phrases)) + len(vars(characters)) < 20  # no object per phrase or per character


def test_a_reading_is_a_fresh_list_each_time():
    phrases = CompactPhrases([f"重庆\t{packed([['chóng', 'zhòng'], ['qìng']])}"])
    first = phrases["重庆"]
    first[0].append("x")
    assert phrases["重庆"] == [["chóng", "zhòng"], ["qìng"]]


def test_phrases_and_characters_added_later_read_as_in_a_dict():
    """pypinyin's load_phrases_dict / load_single_dict write into its dictionaries."""
    phrases = CompactPhrases([f"重庆\t{packed([['chóng', 'zhòng'], ['qìng']])}", "银行\tyín|háng"])
    phrases["重庆"] = [["zhòng"], ["qìng"]]
    phrases.update({"单雄信": [["shàn"], ["xióng"], ["xìn"]]})
    assert phrases["重庆"] == [["zhòng"], ["qìng"]] and "单雄信" in phrases and len(phrases) == 3
    assert sorted(phrases) == sorted(["重庆", "银行", "单雄信"]) and phrases.get("银行") == [["yín"], ["háng"]]
    characters = CompactReadings({ord("重"): "zhòng,chóng"})
    characters[ord("覃")] = "qín"
    characters.update({ord("重"): "chóng"})
    assert characters[ord("重")] == "chóng" and ord("覃") in characters and len(characters) == 2


def test_a_mark_that_would_read_back_wrong_is_refused():
    for readings in ([["a,b"]], [["a|b"]], [["a\tb"]], [["a\nb"]]):
        with pytest.raises(ValueError):
            packed(readings)
    with pytest.raises(ValueError):
        CompactReadings({1: "a\nb"})


def run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}).stdout.strip()


def test_pypinyin_is_loaded_by_the_first_key_not_by_the_import():
    out = run("import sys; import db.search_index as s; import frontdesk.records; print('pypinyin' in sys.modules);"
              "print(s.syllables('曾建国'), s.syllables('Li Lei'), s.syllables('重庆'));"
              "print(type(sys.modules['pypinyin.phrases_dict'].phrases_dict).__name__,"
              " type(sys.modules['pypinyin.pinyin_dict'].pinyin_dict).__name__)")
    assert out.splitlines() == ["False", "['zeng', 'jian', 'guo'] ['li', 'lei'] ['chong', 'qing']",
                                "CompactPhrases CompactReadings"]


def test_data_pypinyin_lays_out_otherwise_leaves_it_its_own_dictionaries():
    """A pypinyin release whose data the compact tables refuse (or cannot find) loads its own: keys still come."""
    out = run("import sys, db.pinyin as p\n"
              "def refuse(path): raise ValueError(path)\n"
              "p.compact_phrases = refuse\n"
              "from db.search_index import syllables; print(syllables('重庆'));"
              "print(type(sys.modules['pypinyin.phrases_dict'].phrases_dict).__name__,"
              " type(sys.modules['pypinyin.pinyin_dict'].pinyin_dict).__name__)")
    assert out.splitlines() == ["['chong', 'qing']", "dict CompactReadings"]


def test_names_read_the_same_as_with_pypinyin_as_it_comes():
    names = ["张建国", "曾小贤", "单雄信", "解放", "查良镛", "乐嘉", "长孙无忌", "阿卜杜·艾力", "欧阳娜娜", "重庆",
             "朝阳", "银行", "行长", "Jean-Paul 王", "覃", "〇", "薄熙", "石家庄", "什么", "长大"]
    code = ("import sys; from db.search_index import syllables; from db.models.tags import tag_pinyin;"
            f"print([(syllables(n), tag_pinyin(n)) for n in {names!r}])")
    stock = run("import pypinyin; " + code)  # pypinyin's own dictionaries, copied as it does
    assert "CompactPhrases" not in run("import pypinyin; from pypinyin.constants import PHRASES_DICT as d;"
                                       " print(type(d).__name__)")
    assert run(code) == stock


def test_the_prefix_search_answers_as_pypinyins_prefix_set():
    from pypinyin.seg.mmseg import PrefixSet

    from db.pinyin import PhrasePrefixes

    phrases = list(json.loads(PHRASES.read_text(encoding="utf-8")))
    stock, ours = PrefixSet(), PhrasePrefixes(compact_phrases(PHRASES))
    stock.train(phrases)
    words = {phrase[:n] for phrase in phrases[::7] for n in range(1, len(phrase) + 2)}
    words |= {phrase + "人" for phrase in phrases[::50]} | {"", "张建国", "zz", "\U0010ffff", "一\n"}
    assert [word in ours for word in sorted(words)] == [word in stock for word in sorted(words)]
    stock.train(["单雄信", "一丁不识人"])  # what pypinyin's mmseg.retrain does after load_phrases_dict
    ours.train(["单雄信", "一丁不识人"])
    assert [w in ours for w in ("单", "单雄", "单雄信", "一丁不识人", "单信")] == [True, True, True, True, False]
    assert ours._added == {"单雄", "单雄信", "一丁不识人"}  # only the prefixes no phrase of pypinyin's starts


def test_an_empty_no_dict_copy_setting_does_not_break_the_readings():
    """PYPINYIN_NO_DICT_COPY set but empty: pypinyin would copy the compact phrases into a plain dict of
    packed strings and every reading would fail; the desk sets it whatever it finds."""
    out = subprocess.run([sys.executable, "-c", "from db.search_index import syllables; print(syllables('重庆银行'))"],
                         capture_output=True, text=True, check=True, cwd=ROOT,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "PYPINYIN_NO_DICT_COPY": ""}).stdout
    assert out.strip() == "['chong', 'qing', 'yin', 'hang']"
