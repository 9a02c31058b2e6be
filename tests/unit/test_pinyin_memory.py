"""pypinyin loaded late and held compactly: the same readings, so the same keys, in less memory."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest

from db.pinyin import CompactPhrases, compact_phrases, packed

ROOT = Path(__file__).resolve().parents[2]
PHRASES = Path(next(iter(find_spec("pypinyin").submodule_search_locations))) / "phrases_dict.json"


def test_every_phrase_reads_back_as_pypinyin_reads_it():
    stock = json.loads(PHRASES.read_text(encoding="utf-8"))
    compact = compact_phrases(PHRASES)
    assert set(compact) == set(stock)
    assert all(compact[phrase] == readings for phrase, readings in stock.items())
    assert compact.get("一丁不识") == [["yī"], ["dīng"], ["bù"], ["shí"]] and compact.get("不是词") is None


def test_a_reading_is_a_fresh_list_each_time():
    phrases = CompactPhrases()
    dict.__setitem__(phrases, "重庆", packed([["chóng", "zhòng"], ["qìng"]]))
    first = phrases["重庆"]
    first[0].append("x")
    assert phrases["重庆"] == [["chóng", "zhòng"], ["qìng"]]


def test_a_mark_that_would_read_back_wrong_is_refused():
    with pytest.raises(ValueError):
        packed([["a,b"]])


def run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}).stdout.strip()


def test_pypinyin_is_loaded_by_the_first_key_not_by_the_import():
    out = run("import sys; import db.search_index as s; import frontdesk.records; print('pypinyin' in sys.modules);"
              "print(s.syllables('曾建国'), s.syllables('Li Lei'), s.syllables('重庆'));"
              "print(type(sys.modules['pypinyin.phrases_dict'].phrases_dict).__name__)")
    assert out.splitlines() == ["False", "['zeng', 'jian', 'guo'] ['li', 'lei'] ['chong', 'qing']", "CompactPhrases"]


def test_names_read_the_same_as_with_pypinyin_as_it_comes():
    names = ["张建国", "曾小贤", "单雄信", "解放", "查良镛", "乐嘉", "长孙无忌", "阿卜杜·艾力", "欧阳娜娜", "重庆",
             "朝阳", "银行", "行长", "Jean-Paul 王", "覃", "〇", "薄熙", "石家庄", "什么", "长大"]
    code = ("import sys; from db.search_index import syllables; from db.models.tags import tag_pinyin;"
            f"print([(syllables(n), tag_pinyin(n)) for n in {names!r}])")
    stock = run("import pypinyin.phrases_dict; " + code)  # pypinyin's own dictionaries, copied as it does
    assert run(code) == stock


def test_the_prefix_search_answers_as_pypinyins_prefix_set():
    from pypinyin.seg.mmseg import PrefixSet

    from db.pinyin import SortedPrefixes

    phrases = list(json.loads(PHRASES.read_text(encoding="utf-8")))
    stock, ours = PrefixSet(), SortedPrefixes(phrases)
    stock.train(phrases)
    words = {phrase[:n] for phrase in phrases[::7] for n in range(1, len(phrase) + 2)}
    words |= {phrase + "人" for phrase in phrases[::50]} | {"", "张建国", "zz", "\U0010ffff"}
    assert [word in ours for word in sorted(words)] == [word in stock for word in sorted(words)]


def test_an_empty_no_dict_copy_setting_does_not_break_the_readings():
    """PYPINYIN_NO_DICT_COPY set but empty: pypinyin would copy the compact phrases into a plain dict of
    packed strings and every reading would fail; the desk sets it whatever it finds."""
    out = subprocess.run([sys.executable, "-c", "from db.search_index import syllables; print(syllables('重庆银行'))"],
                         capture_output=True, text=True, check=True, cwd=ROOT,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "PYPINYIN_NO_DICT_COPY": ""}).stdout
    assert out.strip() == "['chong', 'qing', 'yin', 'hang']"
