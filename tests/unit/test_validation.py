"""Phones, resident ID numbers and names, as the officer types them."""

from __future__ import annotations

from datetime import date

import pytest

from frontdesk.i18n import DeskError
from frontdesk.validation import (
    check_resident_id,
    digits_reversed,
    display_phone,
    first_named,
    mask_phone,
    mask_resident_id,
    name_pinyin,
    normalize_phone,
    spoken_forms,
)


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("13812345678", "+8613812345678"),
        ("138 1234 5678", "+8613812345678"),
        ("+86 138-1234-5678", "+8613812345678"),
        ("0571-87654321", "+8657187654321"),
        ("010 62345678", "+861062345678"),
        ("0571-87654321 转 802", "+8657187654321"),  # an extension, as a switchboard's number is written
        ("0571-87654321 ext. 802", "+8657187654321"),
        ("13812345678转802号", "+8613812345678"),
        ("手机13812345678", "+8613812345678"),  # labelled, as registers write a number
        ("手机：13812345678", "+8613812345678"),
        ("电话:0571-87654321", "+8657187654321"),
        ("Tel: 13812345678", "+8613812345678"),
        ("tel:+8613812345678", "+8613812345678"),
        ("１３８１２３４５６７８", "+8613812345678"),
        ("13812345678(手机)", "+8613812345678"),  # a note in brackets
        ("138 1234 5678 (本人)", "+8613812345678"),
        ("13812345678 (home)", "+8613812345678"),
        ("telephone 13812345678", "+8613812345678"),
        ("Mob: 13812345678", "+8613812345678"),
        ("Phone No.: 13812345678", "+8613812345678"),
        ("+1 (415) 555-0100", "+14155550100"),
        ("138\t1234\t5678", "+8613812345678"),  # copied from a spreadsheet's cells
        ("\u200b13812345678\u200b", "+8613812345678"),  # invisible marks a message app copies with it
        ("\u202d13812345678\u202c", "+8613812345678"),
        ("手机：１３８ １２３４ ５６７８", "+8613812345678"),
        ("（０５７１）８７６５４３２１", "+8657187654321"),
    ],
)
def test_mainland_numbers_are_stored_in_e164(typed, e164):
    assert normalize_phone(typed) == e164


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("", "phone.empty"),
        ("   ", "phone.empty"),
        ("abc", "phone.letters"),
        ("+", "phone.unreadable"),
        ("138abcd5678", "phone.letters"),  # a keypad's letters: the library would store +86 138 2223 5678
        ("O13812345678", "phone.letters"),  # a letter O typed for a zero
        ("1380013800O", "phone.letters"),
        ("1381234 (HOME)", "phone.invalid"),  # a note is not read as keypad digits (was +86 1381234 4663)
        ("0571-8765 (HOME)", "phone.invalid"),
        ("12012345678", "phone.bad_mobile"),
        ("1381234567", "phone.invalid"),
        ("138123456789", "phone.invalid"),
    ],
)
def test_bad_numbers_are_refused_with_the_reason(typed, key):
    with pytest.raises(DeskError) as caught:
        normalize_phone(typed)
    assert caught.value.key == key


def test_numbers_are_shown_masked_in_lists():
    assert display_phone("+8613812345678") == "13812345678"
    assert mask_phone("+8613812345678") == "138****5678"
    assert digits_reversed("+8613812345678").startswith("8765")


def test_a_valid_resident_id_is_accepted_with_its_birth_date():
    checked = check_resident_id("11010519491231002x")
    assert checked.number == "11010519491231002X"
    assert checked.birth_date == date(1949, 12, 31)
    assert mask_resident_id(checked.number) == "110105********002X"


@pytest.mark.parametrize("typed", [
    "１１０１０５１９４９１２３１００２Ｘ",  # a Chinese input method's full-width digits
    "１１０１０５１９４９１２３１００２ｘ",
    "110105 19491231 002X",  # grouped, as a card is read out or a message writes it
    "110105-19491231-002x",
    "11010519491231002X\u200b",  # a zero-width space copied with the number
    "\ufeff11010519491231002X",
    "\t11010519491231002X\n",
])
def test_an_id_number_as_it_is_copied_or_typed_in_full_width_is_read(typed):
    assert check_resident_id(typed).number == "11010519491231002X"


@pytest.mark.parametrize(
    ("typed", "key", "words"),
    [
        ("110105194912310021", "rid.check_digit", "should be X"),
        ("1101051949123100", "rid.length", "16 characters"),
        ("11010519491231002Y", "rid.format", "last a digit or X"),
        ("110105194902300025", "rid.birth_date", "19490230"),
        ("110105209901010020", "rid.birth_date", "20990101"),
    ],
)
def test_a_bad_resident_id_says_what_is_wrong(typed, key, words):
    with pytest.raises(DeskError) as caught:
        check_resident_id(typed, today=date(2026, 11, 22))
    assert caught.value.key == key
    assert words in caught.value.message


@pytest.mark.parametrize(
    ("name", "full", "initials"),
    [
        ("张建国", "zhangjianguo", "zjg"),
        ("曾小明", "zengxiaoming", "zxm"),
        ("单丽", "shanli", "sl"),
        ("吕强", "lvqiang", "lq"),
        ("Li Lei", "lilei", "ll"),
    ],
)
def test_names_get_toneless_pinyin_and_initials(name, full, initials):
    assert name_pinyin(name) == (full, initials)


def test_a_name_on_the_stations_lists_is_one_line_of_what_shows():
    from frontdesk.validation import one_line_name

    assert one_line_name("王\u200b建军\ufeff ") == "王建军"
    assert one_line_name("张\t三\r\n") == "张 三"
    assert one_line_name("\u200b") == one_line_name("\u200d\u200c") == one_line_name("\u202e ") == ""
    assert one_line_name("派出所 😀") == "派出所 😀"


def test_a_name_on_a_list_is_found_from_its_start_as_written_in_pinyin_or_by_initials():
    names = ["纠纷", "求助", "举报", "盗窃", "诈骗", "遗失", "噪音扰民", "交通", "其他"]
    assert spoken_forms("纠纷") == ("纠纷", "jiufen", "jf")
    assert spoken_forms("重点人员")[1] == "zhongdianrenyuan"  # read as words, not as a surname's chong
    assert [first_named(names, typed) for typed in ("纠", "jf", "jiuf", "ju", "z", "za", "ＪＴ", "x", "", " ")] == [
        0, 0, 0, 2, 4, 6, 7, None, None, None]
    assert first_named(["Dispute", "Lost property"], "LOST P") == 1 and first_named(["Dispute"], "ispute") is None
    assert spoken_forms("110转警") == ("110转警", "110zhuanjing", "1zj")
