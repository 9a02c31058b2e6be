"""Characters that Python calls digits but int() does not read (superscripts ¹²³, circled ①) are refused
in words wherever a number is typed, never a traceback; full-width digits (１２) still read as numbers."""

from __future__ import annotations

import pytest

from frontdesk.callers.people import FieldErrors
from frontdesk.handoffs.lists import BodyInput
from frontdesk.i18n import DeskError
from frontdesk.validation import check_resident_id, normalize_phone
from tests.unit.test_handoffs import clock, desk  # noqa: F401 (the fixtures)


@pytest.mark.parametrize("typed", ["1381234567¹", "①3812345678"])
def test_a_phone_with_a_superscript_or_circled_digit_is_refused(typed):
    with pytest.raises(DeskError):
        normalize_phone(typed)


@pytest.mark.parametrize("typed", ["11010519491231002¹", "1101051949123100²X"])
def test_an_id_number_with_a_superscript_is_refused(typed):
    with pytest.raises(DeskError):
        check_resident_id(typed)


def test_full_width_digits_still_read():
    assert normalize_phone("１３８１２３４５６７８") == "+8613812345678"


def test_a_bodys_hours_written_as_a_superscript_are_refused_in_words(desk):  # noqa: F811
    with pytest.raises(FieldErrors) as refused:
        desk.handoffs.save_body(BodyInput(name_zh="测试单位", name_en="", contact="", default_due_hours="¹"),
                                body_id=None, version=None)
    assert list(refused.value.errors) == ["default_due_hours"]
