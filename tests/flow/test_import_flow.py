"""Importing a logbook by keys: open the file, map what was not matched, preview, import; checked in the database."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import text
from textual.widgets import DataTable, Input, Select, Static

from db.engine import read_session
from frontdesk.i18n import DeskError, t
from frontdesk.intake.desk import CaseImports
from screens.shell.dialogs import ErrorScreen
from screens.intake.logbook import CaseImportScreen
from tests.apphelpers import desk_app, open_desk_app, settle, wait_until

SIZE = (120, 36)

#: "Who" and "Kind" are headers nothing proposes: the officer maps them by keys.
HEADERS = ["No.", "Date", "Time", "Who", "Phone", "Kind", "Place", "Summary"]
ROWS = [
    ["A-1", "2024-03-05", "14:20", "张建国", "138 1234 5678", "纠纷", "东关村3组", "邻居占用车位发生口角"],
    ["A-2", "2024/3/6", "9:05", "李秀英", "0571-87654321", "Theft", "西街12号", "电动车被盗"],
    ["A-3", "2024-03-07", "25:00", "王小明", "13900001111", "求助", "汽车站", "钥匙锁在车内"],
    ["A-4", "2024-03-08", "21:10", "赵四", "13812345679", "醉酒滋事", "夜市", "酒后吵闹"],
]


def _logbook(folder: Path) -> Path:
    path = folder / "book.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(ROWS)
    return path


async def _choose(pilot, select_id: str, typed: str) -> None:
    """Open a list by keys, type the start of the option, take it with Enter."""
    select = pilot.app.screen.query_one(f"#{select_id}", Select)
    select.focus()
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press(*typed, "enter")
    await settle(pilot)


def _count(desk, sql: str) -> int:
    with read_session(desk.engine) as session:
        return session.execute(text(sql)).scalar_one()


async def test_a_logbook_is_mapped_previewed_and_imported_by_keys(tmp_path):
    path = _logbook(tmp_path)
    app = desk_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        desk = await open_desk_app(pilot)
        await pilot.app.push_screen(CaseImportScreen())
        await settle(pilot)
        screen = pilot.app.screen
        assert screen.query_one("#import-path", Input).has_focus
        await pilot.press(*str(path), "enter")
        await settle(pilot)

        # Headers that say what they hold were matched; "Who" and "Kind" were not.
        assert screen.query_one("#import-col-received_at", Select).value == "Date"
        assert screen.query_one("#import-col-received_time", Select).value == "Time"
        assert screen.query_one("#import-col-reporter_phone", Select).value == "Phone"
        assert screen.query_one("#import-col-record_no", Select).value == "No."
        assert screen.query_one("#import-col-reporter_name", Select).value == Select.NULL
        assert "header on row 1" in str(screen.query_one("#import-message", Static).render())  # no caller column is needed

        await _choose(pilot, "import-col-reporter_name", "Who")
        await _choose(pilot, "import-col-category", "Kind")
        assert screen.opened.mapping.columns["reporter_name"] == "Who"
        # The category words were matched in both languages; the unknown one rejects its rows until mapped.
        assert screen.opened.mapping.categories == {"纠纷": "dispute", "Theft": "theft", "求助": "help", "醉酒滋事": ""}
        ids = {word: select_id for select_id, (table, word) in screen.value_selects.items()}
        await _choose(pilot, ids["醉酒滋事"], "Dispute")
        assert screen.opened.mapping.categories["醉酒滋事"] == "dispute"

        preview = screen.query_one("#import-preview", DataTable)
        assert preview.row_count == 4
        problems = [str(preview.get_row_at(i)[6]) for i in range(4)]
        assert problems[0] == "✓" and "25:00" in problems[2]
        assert "Closed" in str(preview.get_row_at(0)[5])
        preview.focus()
        await pilot.press("down", "down")  # the highlighted row's problems in full
        await pilot.pause()
        assert "is not a time of day" in str(screen.query_one("#import-note", Static).render())

        await pilot.press("ctrl+s")  # keep the mapping for next time
        assert (tmp_path / "data" / "mappings" / "book.toml").exists()

        await pilot.press("ctrl+g")
        await settle(pilot)
        message = str(screen.query_one("#import-message", Static).render())
        assert "3 imported" in message and "1 rejected" in message
        rejects = screen.query_one("#import-preview", DataTable)
        assert rejects.row_count == 1 and str(rejects.get_row_at(0)[0]) == "4"

        assert _count(desk, "SELECT count(*) FROM \"case\" WHERE source_key IS NOT NULL") == 3
        assert _count(desk, "SELECT count(*) FROM \"case\" WHERE status = 'closed' "
                            "AND disposition = 'resolved_on_site'") == 3
        assert _count(desk, "SELECT count(*) FROM auditevent WHERE action = 'import'") == 1

        # Again: nothing is added twice.
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert "0 imported, 3 already there" in str(screen.query_one("#import-message", Static).render())
        assert _count(desk, "SELECT count(*) FROM \"case\"") == 3


async def test_a_wrong_path_says_so_and_keeps_what_was_typed(tmp_path):
    app = desk_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        await open_desk_app(pilot)
        await pilot.app.push_screen(CaseImportScreen())
        await settle(pilot)
        screen = pilot.app.screen
        typed = str(tmp_path / "no-such-book.csv")
        await pilot.press(*typed, "enter")
        await settle(pilot)
        assert "There is no file" in str(screen.query_one("#import-message", Static).render())
        assert screen.has_class("-error")
        assert screen.query_one("#import-path", Input).value == typed

        broken = tmp_path / "broken.xlsx"
        broken.write_bytes(b"not a workbook")
        field = screen.query_one("#import-path", Input)
        field.value = str(broken)
        field.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert "not an Excel workbook" in str(screen.query_one("#import-message", Static).render())
        assert field.value == str(broken)

        await pilot.press("ctrl+g")  # nothing opened: a message, not a crash
        await settle(pilot)
        assert pilot.app.screen is screen
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is not screen


def _register(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([["接警时间", "报警人", "联系电话", "警情类别", "简要案情"], *rows])
    return path


async def _reading(pilot, path: Path):
    """The import screen, `path` typed and Enter pressed: (the desk, its cases before, the screen)."""
    desk = await open_desk_app(pilot)
    cases = _count(desk, 'SELECT count(*) FROM "case"')
    await pilot.app.push_screen(CaseImportScreen())
    await settle(pilot)
    await pilot.press(*str(path), "enter")
    return desk, cases, pilot.app.screen


async def test_another_path_is_read_before_anything_is_imported_from_it(tmp_path):
    """A new path typed over the one read: ctrl+g asks for Enter (never imports the file read before under the
    new name), and the mapping name filled in for the first file is let go."""
    first = _register(tmp_path / "march.csv", [["2024-03-05 10:00", "张建国", "13812345678", "纠纷", "邻居争吵"]])
    second = _register(tmp_path / "april.csv", [["2024-04-05 10:00", "李秀英", "13812345679", "纠纷", "车位纠纷"],
                                                ["2024-04-06 11:00", "王小明", "13900001111", "求助", "钥匙锁车内"]])
    app = desk_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        desk, cases, screen = await _reading(pilot, first)
        await settle(pilot)
        name = screen.query_one("#import-mapping-name", Input)
        assert screen.opened is not None and name.value == "march"

        await pilot.press("home", "ctrl+k", *str(second))  # the path box still has the focus
        assert name.value == ""  # filled in for march.csv: let go
        await pilot.press("ctrl+g")
        await settle(pilot)
        message = str(screen.query_one("#import-message", Static).render())
        assert "Press Enter to read" in message and "april.csv" in message and screen.has_class("-error")
        assert _count(desk, 'SELECT count(*) FROM "case"') == cases  # march.csv was not imported as april

        await pilot.press("enter")
        await settle(pilot)
        assert name.value == "april"
        await pilot.press("ctrl+g")
        await settle(pilot)
        await settle(pilot)
        assert _count(desk, 'SELECT count(*) FROM "case"') == cases + 2
        assert _count(desk, "SELECT count(*) FROM \"case\" WHERE summary = '邻居争吵'") == 0


async def test_a_file_still_being_read_when_another_path_is_typed_is_never_shown_or_imported(tmp_path, monkeypatch):
    import threading

    typed_over = threading.Event()
    first = _register(tmp_path / "march.csv", [["2024-03-05 10:00", "张建国", "13812345678", "纠纷", "邻居争吵"]])
    slow_open = CaseImports.open

    def open_slowly(self, path, mapping_name=""):
        typed_over.wait(timeout=30)  # the read ends only once the officer has typed the other path
        return slow_open(self, path, mapping_name)

    monkeypatch.setattr(CaseImports, "open", open_slowly)
    app = desk_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        desk, cases, screen = await _reading(pilot, first)
        screen.query_one("#import-path", Input).value = str(tmp_path / "april.csv")  # typed over, while it reads
        await pilot.pause()
        typed_over.set()
        await settle(pilot)
        assert screen.opened is None  # march.csv's read ended after the new path: not shown
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert "Press Enter to read" in str(screen.query_one("#import-message", Static).render())
        assert _count(desk, 'SELECT count(*) FROM "case"') == cases


async def test_an_import_refused_or_failing_is_said_and_is_over(tmp_path, monkeypatch):
    path = _logbook(tmp_path)
    app = desk_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        desk = await open_desk_app(pilot)
        await pilot.app.push_screen(CaseImportScreen())
        await settle(pilot)
        screen = pilot.app.screen
        await pilot.press(*str(path), "enter")
        await settle(pilot)
        await _choose(pilot, "import-col-reporter_name", "Who")
        await _choose(pilot, "import-col-category", "Kind")

        def refused(self, opened, **how):
            raise DeskError("import.no_path")

        monkeypatch.setattr(CaseImports, "run", refused)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert str(screen.query_one("#import-message", Static).render()) == t("import.no_path")
        assert screen.has_class("-error") and not screen.importing

        def failing(self, opened, **how):
            raise OSError("the disk is gone")

        monkeypatch.setattr(CaseImports, "run", failing)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ErrorScreen)  # not a refusal: the error dialog says it
        assert not screen.importing  # and the import is over: Esc leaves the screen again
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is screen
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is not screen
        assert _count(desk, "SELECT count(*) FROM \"case\"") == 0


CALLS = Path(__file__).parent.parent / "data" / "berkeley-calls-for-service.csv"
CALLS_MAPPING = Path(__file__).parent.parent / "data" / "berkeley-calls-mapping.toml"


async def test_a_call_log_with_12_hour_times_is_imported_with_its_speed_shown(tmp_path):
    """A US calls-for-service export: dates month first at 12:00:00 AM, the time (6:10:00 AM) in its own
    column, in California's time zone; its saved mapping named by keys."""
    path = tmp_path / "calls.csv"
    path.write_bytes(CALLS.read_bytes())
    mappings = tmp_path / "data" / "mappings"
    mappings.mkdir(parents=True)
    (mappings / "berkeley-calls.toml").write_bytes(CALLS_MAPPING.read_bytes())
    app = desk_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        desk = await open_desk_app(pilot)
        await pilot.app.push_screen(CaseImportScreen())
        await settle(pilot)
        screen = pilot.app.screen
        await pilot.press(*str(path), "tab", *"berkeley-calls", "enter")
        await settle(pilot)
        message = str(screen.query_one("#import-message", Static).render())
        # The reading taken is said before anything is written: month first, from the file's time zone.
        assert "Dates read as: 08/10/2022 12:00:00 AM + 6:10:00 AM → 10 Aug 2022 21:10 (month first, " \
               "from America/Los_Angeles)" in message.replace("\n", " "), message
        preview = screen.query_one("#import-preview", DataTable)
        assert preview.row_count == 10
        assert [str(preview.get_row_at(i)[6]) for i in range(10)] == ["✓"] * 10

        said: list[str] = []
        say = screen.say
        screen.say = lambda text, **how: (said.append(text), say(text, **how))[1]
        await pilot.press("ctrl+g")
        await settle(pilot)
        # While it worked, the screen showed its speed and the time left.
        assert any("rows/s · about" in text and "left" in text for text in said), said
        assert "10 imported" in str(screen.query_one("#import-message", Static).render())
        assert _count(desk, "SELECT count(*) FROM \"case\"") == 10
        with read_session(desk.engine) as session:
            received = {str(value)[:16] for value in session.execute(text('SELECT received_at FROM "case"')).scalars()}
        assert {"2022-08-10 13:10", "2022-08-11 06:45", "2022-04-05 19:05"} <= received


async def test_a_masked_export_is_previewed_and_imported_with_its_reporters_kept_as_text(tmp_path):
    """A privacy-masked 110 export, on a desk in Chinese: the preview shows the reporter and the number as
    written and says how many are kept as text; the import says it again, and no person is made."""
    path = _register(tmp_path / "110.csv", [["2024-03-05 10:00", "张建国", "138****5678", "纠纷", "邻居争吵"],
                                            ["2024-03-06 11:00", "李秀英", "", "求助", "钥匙锁车内"],
                                            ["2024-03-07 12:00", "王小明", "13900001111", "纠纷", "车位纠纷"]])
    app = desk_app(tmp_path / "data", lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        desk, cases, screen = await _reading(pilot, path)
        await settle(pilot)
        preview = screen.query_one("#import-preview", DataTable)
        assert [str(cell) for cell in preview.get_row_at(0)[3:5]] == ["张建国", "138****5678"]
        assert [str(preview.get_row_at(i)[6]) for i in range(3)] == ["✓ 报警人仅存文字"] * 2 + ["✓"]
        assert "预览中有 2 行的报警人没有完整电话或身份证号" in str(screen.query_one("#import-note", Static).render())
        people = _count(desk, "SELECT count(*) FROM person")

        await pilot.press("ctrl+g")
        await settle(pilot)
        message = str(screen.query_one("#import-message", Static).render())
        assert "导入 3 条" in message and "有 2 位报警人仅以文字记在警情详细情况的开头" in message
        assert _count(desk, 'SELECT count(*) FROM "case"') == cases + 3
        assert _count(desk, "SELECT count(*) FROM person") == people + 1  # 王小明 only
        assert _count(desk, "SELECT count(*) FROM \"case\" WHERE narrative = "
                            "'报警人：张建国，电话 138****5678（原表未留完整号码）'") == 1


async def test_a_quarters_workbook_is_read_month_by_month_and_its_rows_named_by_sheet(tmp_path):
    """A register kept a sheet a month, its 汇总 left shown, at 80×24 in Chinese: every month is read (the
    summary named as not read), a row is named by its sheet in the preview and the rejects, and every good
    row of every month is imported."""
    from tests.unit.test_import_sheets import register

    path = register(tmp_path / "登记表.xlsx", bad=("2月", 2))
    from openpyxl import load_workbook

    book = load_workbook(path)
    book.active = book.sheetnames.index("汇总")
    book.save(path)
    app = desk_app(tmp_path / "data", lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        desk, cases, screen = await _reading(pilot, path)
        await settle(pilot)
        said = str(screen.query_one("#import-message", Static).render()).replace("\n", "")
        assert "表头格式相同的工作表全部读取，依次为：“1月”、“2月”、“3月”。" in said, said
        assert "未读取（" in said and "：“汇总”。" in said
        preview = screen.query_one("#import-preview", DataTable)
        assert [str(preview.get_row_at(i)[0]) for i in (0, 3)] == ["2（“1月”表）", "3（“2月”表）"]

        await pilot.press("ctrl+g")
        await settle(pilot)
        message = str(screen.query_one("#import-message", Static).render())
        assert "导入 8 条" in message and "拒收 1 行" in message, message
        rejects = screen.query_one("#import-preview", DataTable)
        assert str(rejects.get_row_at(0)[0]) == "4（“2月”表）"
        assert _count(desk, 'SELECT count(*) FROM "case"') == cases + 8


async def test_a_311_export_is_read_as_requests_and_its_saved_mapping_lists_its_agencies(tmp_path):
    """NYC's 311 columns opened by keys: the police's requests are the station's own cases (the preview says
    so), an agency with no body is named, and ctrl+s saves a mapping listing the file's agencies to fill."""
    from tests.unit.test_import_311_exports import NYC_HEADER, NYC_ROWS
    from tests.unit.test_service_requests import export

    rows = [list(NYC_ROWS[4]), list(NYC_ROWS[0])]
    rows[0][5], rows[1][5] = "Noise - Residential", "Illegal Parking"  # types the station's list has
    path = export(tmp_path / "nyc-311.csv", NYC_HEADER, rows)
    app = desk_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        desk, _cases, screen = await _reading(pilot, path)
        await settle(pilot)
        assert screen.opened.mapping.service_requests.agency == "agency_name"
        assert screen.query_one("#import-col-closed_at", Select).value == Select.NULL  # the request's, not the case's
        # shown as read for the hand-off, not as missing from the file
        assert screen.query_one("#import-col-closed_at", Select).prompt == "closed_date (read as when the hand-off was done)"
        notes = str(screen.query_one("#import-note", Static).render())
        assert "Read as the police" in notes and "New York City Police Department: 1 row" in notes
        preview = screen.query_one("#import-preview", DataTable)
        # the problem as the row carries it (120 columns show it to "…Transportation”…" now that the headers are whole)
        assert str(preview.full_row(1)[6]).startswith("agency “Department of Transportation” has")

        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = (tmp_path / "data" / "mappings" / "nyc-311.toml").read_text(encoding="utf-8")
        assert '"Department of Transportation" = ""' in saved
        assert "2 agencies are listed" in str(screen.query_one("#import-message", Static).render())

        await pilot.press("ctrl+g")
        await settle(pilot)
        message = str(screen.query_one("#import-message", Static).render())
        assert "1 imported" in message and "1 rejected" in message and "Department of Transportation: 1 row" in message
        assert _count(desk, "SELECT count(*) FROM \"case\" WHERE police AND status = 'closed'") == 1
        assert _count(desk, "SELECT count(*) FROM handoff") == 0


async def test_a_311_proposal_saved_over_the_officers_mapping_imports_with_the_bodies_they_gave(tmp_path):
    """ctrl+s under the name of the officer's own mapping keeps the body they gave an agency in the file; the
    screen then previews and imports with the file as written, not the proposal it held (whose bodies are empty)."""
    from tests.unit.test_import_311_exports import NYC_HEADER, NYC_ROWS
    from tests.unit.test_service_requests import export, handoffs_by_ref

    rows = [[*row[:5], "Noise - Residential", *row[6:]] for row in NYC_ROWS]  # a type the proposal maps itself
    path = export(tmp_path / "nyc-311.csv", NYC_HEADER, rows)
    folder = tmp_path / "data" / "mappings"
    folder.mkdir(parents=True)
    (folder / "nyc.toml").write_text('name = "nyc"\n[service_requests]\nagency = "agency_name"\n'
                                     '[service_requests.bodies]\n"Department of Transportation" = "transport_12328"\n',
                                     encoding="utf-8")
    app = desk_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        desk, _cases, screen = await _reading(pilot, path)
        await settle(pilot)
        assert screen.opened.mapping.service_requests.bodies["Department of Transportation"] == ""
        preview = screen.query_one("#import-preview", DataTable)
        assert any(str(preview.full_row(at)[6]).startswith("agency “Department of Transportation” has")
                   for at in range(preview.row_count))

        screen.query_one("#import-mapping-name", Input).focus()
        await pilot.press(*"nyc", "ctrl+s")
        await settle(pilot)
        assert screen.opened.mapping.service_requests.bodies["Department of Transportation"] == "transport_12328"
        assert "The file's 2 agencies are listed" in str(screen.query_one("#import-message", Static).render())
        assert not any("Department of Transportation" in str(preview.full_row(at)[6])
                       for at in range(preview.row_count))

        await pilot.press("ctrl+g")
        await settle(pilot)
        handed = handoffs_by_ref(desk.engine)
        assert {ref: row[0] for ref, row in handed.items()} == dict.fromkeys(("60879417", "60873407", "60865950"),
                                                                               "transport_12328")


async def test_a_date_over_five_columns_is_chosen_and_imported_by_keys(tmp_path):
    """Vancouver's police write YEAR | MONTH | DAY | HOUR | MINUTE: the date and time put together are listed
    with the file's columns and proposed; the officer maps the rest by keys and imports."""
    path = tmp_path / "vancouverCrime2017.csv"
    path.write_text("TYPE,YEAR,MONTH,DAY,HOUR,MINUTE,NEIGHBOURHOOD\n"
                    "Theft from Vehicle,2017,9,5,3.0,44.0,Mount Pleasant\n"
                    "Theft of Bicycle,2017,5,5,18.0,0.0,Fairview\n"
                    "Mischief,2017,11,17,,,West End\n", encoding="utf-8")
    app = desk_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        desk, _cases, screen = await _reading(pilot, path)
        await settle(pilot)
        received = screen.query_one("#import-col-received_at", Select)
        assert received.value == "YEAR/MONTH/DAY"
        assert screen.query_one("#import-col-received_time", Select).value == "HOUR:MINUTE"
        assert "Dates read as: 2017-09-05 + 03:44 → 5 Sep 2017 03:44" in " ".join(
            str(screen.query_one("#import-message", Static).render()).split())
        await _choose(pilot, "import-col-place", "NEIGH")
        ids = {word: select_id for select_id, (table, word) in screen.value_selects.items()}
        await _choose(pilot, ids["Mischief"], "Other")
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert "3 imported" in str(screen.query_one("#import-message", Static).render())
        with read_session(desk.engine) as session:
            rows = session.execute(text('SELECT received_at, category, place FROM "case" ORDER BY received_at')).all()
        # (Shanghai's desk: 03:44 on 5 September is 19:44 UTC the day before; a row with no hour is its day)
        assert [(str(when)[:16], category, place) for when, category, place in rows] == [
            ("2017-05-05 10:00", "theft", "Fairview"), ("2017-09-04 19:44", "theft", "Mount Pleasant"),
            ("2017-11-16 16:00", "other", "West End")]


async def test_a_message_longer_than_its_lines_is_reached_by_tab_and_scrolled_at_80x24(tmp_path):
    """Toronto's times marked UTC but local: the reading and the note take more lines than the message has at
    80×24; Tab from the mapping's name reaches it and ↓ shows the rest (it had been cut, with no way to read it)."""
    from tests.unit.test_import_date_parts import TORONTO

    path = tmp_path / "toronto-mci.csv"
    path.write_text(TORONTO, encoding="utf-8")
    app = desk_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        _desk, _cases, screen = await _reading(pilot, path)
        await settle(pilot)
        box = screen.query_one("#import-message-box")
        assert "reportedhour" in str(screen.query_one("#import-message", Static).render())
        assert box.max_scroll_y > 0 and box.scroll_y == 0
        bar = box.styles.border_left[1]
        await pilot.press("tab", "tab")  # (the path, then the mapping's name, then the message)
        assert box.has_focus
        await pilot.pause()
        assert box.styles.border_left[1] != bar  # a bar on its left says where Tab went
        await pilot.press("down", "down", "down")
        await pilot.pause()
        assert box.scroll_y > 0
        await pilot.press("tab")
        assert pilot.app.focused.id == "import-columns"  # (then on to the columns, as before)


async def test_an_import_stopped_by_esc_leaves_its_bar_at_the_share_of_the_file_read(tmp_path, monkeypatch):
    """The run's last step says 1.0 whether it ended or was stopped: the bar had shown 100% beside "Stopped after
    row …" (5,171 rows of 20,000). It stays where the import stopped."""
    import threading

    from textual.widgets import ProgressBar

    path = _register(tmp_path / "year.csv", [[f"2024-03-05 {n // 60 % 24:02}:{n % 60:02}", f"张{n}", f"138{n:08}",
                                              "纠纷", f"邻居争吵 {n}"] for n in range(3000)])
    at_a_share, stop_asked, steps = threading.Event(), threading.Event(), []
    real_run = CaseImports.run

    def run_until_esc(self, opened, *, progress, should_stop):
        def step(at):
            steps.append(at)
            progress(at)
            if at.fraction > 0 and not stop_asked.is_set():  # a share of the file read: the officer presses Esc
                at_a_share.set()
                stop_asked.wait(timeout=30)

        return real_run(self, opened, progress=step, should_stop=should_stop)

    monkeypatch.setattr(CaseImports, "run", run_until_esc)
    app = desk_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        _desk, _cases, screen = await _reading(pilot, path)
        await settle(pilot)
        await pilot.press("ctrl+g")
        assert await wait_until(pilot, at_a_share.is_set)
        await pilot.press("escape")
        stop_asked.set()
        await settle(pilot)
        assert str(screen.query_one("#import-message", Static).render()).startswith("Stopped after row")
        bar = screen.query_one("#import-progress", ProgressBar)
        assert steps[-1].fraction == 1 and 0 < steps[-2].fraction < 1
        assert bar.total == 100 and bar.progress == round(steps[-2].fraction * 100)


async def test_another_file_previewed_after_an_import_has_no_bar_until_its_own_import(tmp_path):
    """The bar of the import before had stayed at 100% beside the next file's preview, as if it were imported."""
    from textual.widgets import ProgressBar

    first = _register(tmp_path / "march.csv", [["2024-03-05 10:00", "张建国", "13812345678", "纠纷", "邻居争吵"]])
    second = _register(tmp_path / "april.csv", [["2024-04-05 10:00", "李秀英", "13812345679", "纠纷", "车位纠纷"]])
    app = desk_app(tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        _desk, _cases, screen = await _reading(pilot, first)
        await settle(pilot)
        bar = screen.query_one("#import-progress", ProgressBar)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert bar.display and bar.progress == bar.total == 100
        await pilot.press("ctrl+o", "ctrl+u", *str(second), "enter")
        await settle(pilot)
        assert "april.csv" in str(screen.query_one("#import-message", Static).render())
        assert not bar.display and bar.progress == 0
        await pilot.press("ctrl+g")  # its own import shows it again
        await settle(pilot)
        assert bar.display and bar.progress == 100


async def test_every_tab_stop_shows_it_has_the_keys(tmp_path):
    """ctrl+o, Tab, Tab had reached the file's columns box with nothing to show it (↓ then scrolled it): the lists'
    boxes take the accent border; the preview, with no columns before a file is read, is passed over until then."""
    app = desk_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_desk_app(pilot)
        await pilot.app.push_screen(CaseImportScreen())
        await settle(pilot)
        screen = pilot.app.screen
        columns, values = screen.query_one("#import-columns"), screen.query_one("#import-values")
        unfocused = columns.styles.border_top[1]
        assert values.styles.border_top[1] == unfocused
        await pilot.press("ctrl+o", "tab", "tab")
        await pilot.pause()
        assert columns.has_focus and columns.styles.border_top[1] != unfocused
        await pilot.press("tab")
        await pilot.pause()
        assert values.has_focus and values.styles.border_top[1] != unfocused
        assert columns.styles.border_top[1] == unfocused
        await pilot.press("tab")  # (the empty preview: passed over)
        assert pilot.app.focused.id == "import-path"

        await pilot.press(*str(_logbook(tmp_path)), "enter")
        await settle(pilot)
        preview = screen.query_one("#import-preview", DataTable)
        await pilot.press("shift+tab")  # (back from the path: the preview, its header row in the accent)
        await pilot.pause()
        assert preview.has_focus and preview.row_count == 4
