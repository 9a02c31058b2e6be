"""People's tags by keys: the admin adds a tag (F10, t), an officer tags a case's reporter by typing pinyin,
and the person page shows tags by class."""

from __future__ import annotations

from textual.widgets import DataTable, Input, OptionList

from db.engine import read_session
from frontdesk.callers.people import PersonInput
from frontdesk.cases.recording import CaseDraft, PartyDraft
from screens.cases.detail import CaseDetailScreen
from screens.tags.picker import TagPickerScreen, WhoToTagScreen
from screens.tags.taxonomy import TagFormScreen, TaxonomyScreen
from tests.apphelpers import desk_app, open_desk_app, settle


def _codes(desk, person_id) -> dict[str, str]:
    return {row.code: row.source for row in desk.tags.of_person(person_id)}


async def test_the_admin_adds_a_tag_to_a_class_by_keys_and_a_duplicate_code_is_refused_keeping_the_typing(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        await pilot.press("f10")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TaxonomyScreen)
        await pilot.press("down")  # the second class: groups at risk
        await settle(pilot)
        at_risk = screen.tag_classes[1]
        assert at_risk.code == "at_risk"
        before = len(screen._class_tags())

        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, TagFormScreen)
        await pilot.press(*"elderly_alone", "tab")
        form.query_one("#tagform-zh", Input).insert_text_at_cursor("失独老人")
        await pilot.press("tab", *"Bereaved elderly parent", "ctrl+s")
        await settle(pilot)
        assert app.screen is form  # refused: the code is taken
        message = str(form.query_one(".dialog-message").render())
        assert "elderly_alone" in message and "taken" in message
        assert form.query_one("#tagform-zh", Input).value == "失独老人"  # nothing typed is lost

        code = form.query_one("#tagform-code", Input)
        code.value = ""
        code.focus()
        await pilot.press(*"bereaved_parent", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        added = next(row for row in desk.tags.tags(class_id=at_risk.class_id) if row.code == "bereaved_parent")
        assert (added.name_zh, added.name_en, added.name_pinyin, added.active) == (
            "失独老人", "Bereaved elderly parent", "shidulaoren sdlr", True)
        assert len(screen._class_tags()) == before + 1

        # Switched off from the tags list (Tab moves there): kept, shown off.
        table = screen.query_one("#tag-table", DataTable)
        await pilot.press("tab")
        table.move_cursor(row=len(screen._class_tags()) - 1)
        await pilot.press("d")
        await settle(pilot)
        assert not next(row for row in desk.tags.tags() if row.code == "bereaved_parent").active


async def test_an_officer_tags_a_cases_reporter_by_typing_pinyin_and_a_rule_tag_stays_marked(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        recorded = desk.cases.record_case(CaseDraft(
            reporter=PersonInput(name="王秀英", phone="13700001111"), category="fraud", summary="冒充客服退款被骗",
            parties=(PartyDraft("suspect", PersonInput(name="不详", phone="17000001111")),)), now=desk.clock())
        reporter = recorded.reporter_id
        assert _codes(desk, reporter) == {"fraud_victim_recent": "rule"}
        await app.push_screen(CaseDetailScreen(recorded.case_id))
        await settle(pilot)

        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, WhoToTagScreen)
        await pilot.press("enter")  # the reporter is first
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, TagPickerScreen) and picker.person_id == reporter

        await pilot.press(*"djlr")  # 独居老人 by its initials
        await settle(pilot)
        assert [row.code for row in picker.shown] == ["elderly_alone"]
        await pilot.press("space")
        await settle(pilot)
        assert picker.query_one("#tag-search", Input).value == "djlr"  # Space toggled, typed nothing

        search = picker.query_one("#tag-search", Input)
        search.value = ""
        await pilot.press(*"jinqi")  # 近期电诈受害人: set by rule, not the officer's to take off
        await settle(pilot)
        assert [row.code for row in picker.shown] == ["fraud_victim_recent"]
        prompt = str(picker.query_one("#tag-options", OptionList).get_option_at_index(0).prompt)
        assert prompt.startswith("[R]") and "by rule: fraud case" in prompt
        await pilot.press("space")
        await settle(pilot)
        assert "set by a rule" in str(picker.query_one(".dialog-message").render())

        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        assert _codes(desk, reporter) == {"fraud_victim_recent": "rule", "elderly_alone": "officer"}
        with read_session(desk.engine) as session:
            from sqlmodel import select

            from db.models import AuditEvent

            assert session.exec(select(AuditEvent).where(AuditEvent.action == "tag_person")).first() is not None


async def test_the_person_page_shows_tags_by_class_and_g_takes_one_off(tmp_path):
    from screens.callers.person import PersonScreen

    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        person = desk.cases.record_case(CaseDraft(reporter=PersonInput(name="赵磊", phone="13700002222"),
                                                  category="theft", summary="电动车被盗"), now=desk.clock()).reporter_id
        tags = {row.code: row.tag_id for row in desk.tags.tags()}
        desk.tags.set_person_tags(person, {tags["disabled"], tags["migrant"]})
        await app.push_screen(PersonScreen(person))
        await settle(pilot)
        head = str(app.screen.query_one("#person-head").render())
        assert "Social attributes: Migrant resident" in head and "Special care: Disabled" in head

        await pilot.press("g")
        await settle(pilot)
        picker = app.screen
        await pilot.press(*"cjr")  # 残疾人
        await settle(pilot)
        await pilot.press("space", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert _codes(desk, person) == {"migrant": "officer"}
        assert "Disabled" not in str(app.screen.query_one("#person-head").render())
        assert picker.chosen == {tags["migrant"]}
