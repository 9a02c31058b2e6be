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


async def _open_taxonomy(pilot):
    await pilot.press("f10")
    await settle(pilot)
    await pilot.press("t")
    await settle(pilot)
    assert isinstance(pilot.app.screen, TaxonomyScreen)
    return pilot.app.screen


async def test_a_class_name_another_class_has_is_refused_by_name_and_the_form_comes_back_as_typed(tmp_path):
    app = desk_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        care = next(row for row in desk.tags.classes() if row.code == "care")
        desk.tags.switch_class(care.class_id, active=False)
        before = [(row.code, row.name_zh, row.name_en) for row in desk.tags.classes()]
        screen = await _open_taxonomy(pilot)

        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, TagFormScreen) and form.kind == "class"
        for code, zh, en, named in (("social_two", "社会属性", "Social, more", "社会属性"),  # the Chinese name
                                    ("social_two", "社会其他", "social ATTRIBUTES", "social ATTRIBUTES"),  # any capitals
                                    ("care_two", "特殊关爱", "More care", "特殊关爱"),  # a switched-off class
                                    ("social_two", "社会属性", "Social attributes", "社会属性 / Social attributes")):
            await _type(pilot, form, code=code, zh=zh, en=en)
            assert app.screen is form, (zh, en)
            said = _said(form)
            assert f'"{named}"' in said and "class" in said and "already" in said, said
            assert [form.query_one(box, Input).value for box in ("#tagform-code", "#tagform-zh", "#tagform-en")] == [
                code, zh, en]  # nothing typed is lost
        assert [(row.code, row.name_zh, row.name_en) for row in desk.tags.classes()] == before

        await _type(pilot, form, code="elders", zh="老年人", en="Elders")
        assert app.screen is screen
        assert [row.code for row in desk.tags.classes()][-1] == "elders"

        # Renamed to another class's name: refused; saved under its own name as it is: kept.
        social = next(row for row in desk.tags.classes() if row.code == "social")
        renaming = TagFormScreen(classes=screen.tag_classes, class_id=social.class_id, kind="class", row=social)
        app.push_screen(renaming, screen._saved)
        await settle(pilot)
        renaming.query_one("#tagform-en", Input).value = "groups at risk"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is renaming and '"groups at risk"' in _said(renaming)
        assert renaming.query_one("#tagform-en", Input).value == "groups at risk"
        renaming.query_one("#tagform-en", Input).value = "Social attributes"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert next(row for row in desk.tags.classes() if row.code == "social").name_en == "Social attributes"


async def test_the_same_class_name_is_refused_in_chinese_on_a_chinese_desk(tmp_path):
    app = desk_app(tmp_path, lang="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        desk = await open_desk_app(pilot)
        await _open_taxonomy(pilot)
        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        await _type(pilot, form, code="disputes_two", zh="矛盾纠纷", en="Quarrels")
        assert app.screen is form
        said = _said(form)
        assert "已有名为“矛盾纠纷”的类别" in said and "disputes" in said and "already" not in said, said
        assert form.query_one("#tagform-zh", Input).value == "矛盾纠纷"
        assert "disputes_two" not in {row.code for row in desk.tags.classes()}
