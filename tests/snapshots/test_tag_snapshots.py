"""People's tags in both languages, at 120×36 and at 80×24: the admin's taxonomy, a person's tags by class
(rule-set ones saying so) and the tagging dialog filtered by pinyin."""

from __future__ import annotations

import pytest

from frontdesk.callers.people import PersonInput
from frontdesk.cases.recording import CaseDraft
from tests.apphelpers import desk_app, settle
from tests.conftest import FROZEN_NOW
from tests.snapshots.test_shell_snapshots import LANGUAGES, _fixed_folder

WIDE, NARROW = (120, 36), (80, 24)
SIZES = {"wide": WIDE, "narrow": NARROW}


def _tagged(desk) -> None:
    """王秀英, 76 by her ID number, a fraud case's reporter (two rule-set tags) and tagged by an officer."""
    recorded = desk.cases.record_case(CaseDraft(
        reporter=PersonInput(name="王秀英", phone="13700001111", resident_id="110105195003070027"),
        category="fraud", summary="冒充客服退款被骗两万元", place="东关村3组"), now=FROZEN_NOW)
    codes = {row.code: row.tag_id for row in desk.tags.tags()}
    desk.tags.set_person_tags(recorded.reporter_id, {codes["elderly_alone"], codes["hearing_impaired"],
                                                     codes["anti_fraud_app"], codes["tenant"]})


def _scenario(name: str, lang: str, *keys: str, seed=_tagged):
    app = desk_app(_fixed_folder(f"tags-{name}-{lang}"), lang=lang)

    async def run_before(pilot):
        await settle(pilot)
        if seed is not None:
            seed(pilot.app.desk)
            await pilot.press("ctrl+r")
            await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return app, run_before


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_tag_taxonomy(snap_compare, lang, size):
    app, run_before = _scenario(f"taxonomy-{size}", lang, "f10", "t", "down")
    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_persons_tags_by_class(snap_compare, lang, size):
    app, run_before = _scenario(f"person-{size}", lang, *"wxy", "enter")
    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_tagging_dialog_filtered_by_pinyin(snap_compare, lang, size):
    app, run_before = _scenario(f"picker-{size}", lang, *"wxy", "enter", "g", *"laoren")
    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_tag_named_as_one_the_class_has_is_refused_as_typed(snap_compare, lang):
    """At 80×24: a second 租住人员 / Tenant typed into the social class, refused by name, the form as typed."""
    app, opened = _scenario("same-name", lang, "f10", "t", "a", seed=None)

    async def run_before(pilot):
        from textual.widgets import Input

        await opened(pilot)
        form = pilot.app.screen
        form.query_one("#tagform-code", Input).insert_text_at_cursor("tenant_two")
        form.query_one("#tagform-zh", Input).insert_text_at_cursor("租住人员")
        form.query_one("#tagform-en", Input).insert_text_at_cursor("Tenant")
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(app, terminal_size=NARROW, run_before=run_before)
