"""A tag's name is one the class does not have yet, in either language (switched-off tags too): the
admin types a second 租住人员 or Tenant into the social class and is refused by name, the form as typed."""

from __future__ import annotations

from textual.widgets import Input

from screens.tags.taxonomy import TagFormScreen, TaxonomyScreen
from tests.apphelpers import desk_app, open_desk_app, settle


async def _type(pilot, form, *, code: str, zh: str, en: str) -> None:
    for field, value in (("#tagform-code", code), ("#tagform-zh", zh), ("#tagform-en", en)):
        box = form.query_one(field, Input)
        box.value = ""
        box.focus()
        await pilot.pause()
        box.insert_text_at_cursor(value)
    await pilot.press("ctrl+s")
    await settle(pilot)


def _said(form) -> str:
    return str(form.query_one(".dialog-message").render())


async def test_a_name_the_class_has_already_is_refused_by_name_and_the_form_comes_back_as_typed(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        social = next(row for row in desk.tags.classes() if row.code == "social")
        landlord = next(row for row in desk.tags.tags(class_id=social.class_id) if row.code == "landlord")
        desk.tags.switch_tag(landlord.tag_id, active=False)
        before = {row.code for row in desk.tags.tags()}
        await pilot.press("f10")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TaxonomyScreen) and screen._class().code == "social"

        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, TagFormScreen)
        for code, zh, en, named in (("tenant_two", "租住人员", "Lodger", "租住人员"),  # the Chinese name
                                    ("tenant_two", "租客", "tenant", "tenant"),  # English, whatever the capitals
                                    ("landlord_two", "出租房东", "Letting owner", "出租房东")):  # a switched-off tag
            await _type(pilot, form, code=code, zh=zh, en=en)
            assert app.screen is form, (zh, en)
            said = _said(form)
            assert f'"{named}"' in said and "already" in said and "Social" in said, said
            assert [form.query_one(box, Input).value for box in ("#tagform-code", "#tagform-zh", "#tagform-en")] == [
                code, zh, en]  # nothing typed is lost
        assert {row.code for row in desk.tags.tags()} == before

        await _type(pilot, form, code="9lodger", zh="租客", en="Lodger")
        assert "lowercase letter" in _said(form) and "small letter" not in _said(form)

        await _type(pilot, form, code="lodger", zh="租客", en="Lodger")
        assert app.screen is screen
        added = next(row for row in desk.tags.tags(class_id=social.class_id) if row.code == "lodger")
        assert (added.name_zh, added.name_en) == ("租客", "Lodger")

        # A tag keeps its own name when it is changed (Enter on it, saved as it is).
        tenant = next(row for row in desk.tags.tags(class_id=social.class_id) if row.code == "tenant")
        tenant_form = TagFormScreen(classes=screen.tag_classes, class_id=social.class_id, kind="tag", row=tenant)
        app.push_screen(tenant_form, screen._saved)
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen


async def test_the_same_name_in_chinese_is_refused_on_a_chinese_desk(tmp_path):
    app = desk_app(tmp_path, lang="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        await pilot.press("f10")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, TagFormScreen)
        await _type(pilot, form, code="tenant_two", zh="租住人员", en="Tenant")
        assert app.screen is form
        said = _said(form)
        assert "已有名为“租住人员 / Tenant”的标签" in said and "社会" in said and "already" not in said, said
        assert form.query_one("#tagform-zh", Input).value == "租住人员"
        assert "tenant_two" not in {row.code for row in desk.tags.tags()}
