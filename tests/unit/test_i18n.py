"""The catalogue: complete in both languages, holding every key the code uses, literal or built."""

from __future__ import annotations

import ast
import re
import string
from functools import cache
from itertools import product
from pathlib import Path

import pytest

from frontdesk import i18n, vocab
from frontdesk.i18n import PLURAL_FORMS, DeskError, MissingText, Phrase, catalogue, set_language, t

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("frontdesk", "screens")  # db/ holds no text the officer reads (it never imports i18n)
KEY_SHAPE = re.compile(r"[a-z_]+(?:\.[a-z0-9_]+)+")
FILE_SUFFIXES = (".tcss", ".toml", ".sqlite", ".csv", ".xlsx", ".html", ".txt", ".json", ".py")
#: Calls whose first argument is a catalogue key (DeskError's subclasses are added by the scan).
KEY_TAKERS = {"t", "Phrase", "DeskError", "field_line"}


def _dynamic() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Every key the code builds from codes: pattern ("{}" per code) -> the codes it can be filled with.

    The codes come from where the program keeps them; where a module spells them out
    inline, they are copied here with the place they come from.
    """
    from frontdesk.access.audit import ACTIONS, RECORD_KINDS
    from frontdesk.outreach.campaigns import CHANNELS as OUTREACH_CHANNELS, STATES as OUTREACH_STATES
    from frontdesk.access.roles import NEEDS, ROLES
    from frontdesk.callers.history import REVEAL_REASONS
    from frontdesk.tags.taxonomy import RULES as TAG_RULES
    from frontdesk.disputes.lifecycle import STATES as DISPUTE_STATES, STEP_KINDS as DISPUTE_STEPS
    from frontdesk.cases.views import SORTS as CASE_SORTS
    from frontdesk.handoffs.lifecycle import STEPS
    from frontdesk.handoffs.views import QUEUES
    from frontdesk.handoffs.views import SORTS as HANDOFF_SORTS
    from frontdesk.intake.rejects import problem_kind
    from frontdesk.intake.mapping import FIELDS
    from frontdesk.intake.cells import READINGS
    from frontdesk.intake.received import HHMM, HHMMSS
    from frontdesk.reports.handover import KINDS as SHIFT_KINDS
    from frontdesk.reports.statistics import COUNT, HOURS, MEAN, SHARE

    handoff_statuses = (*STEPS, "returned")
    import_kinds = {"bad_phone", "bad_id", "other"} | {problem_kind(DeskError(key)) for key in (
        "import.bad_date", "import.unknown_category", "import.unknown_channel", "import.unknown_status",
        "import.unknown_disposition", "import.missing", "form.reporter_contact", "form.too_long", "import.row_cut")}
    one = {
        # frontdesk.vocab.label(kind, code)
        "status.{}": vocab.STATUSES,
        "channel.{}": vocab.CHANNELS,
        "disposition.{}": vocab.DISPOSITIONS,
        "link.{}": vocab.LINK_KINDS,
        "method.{}": vocab.HANDOFF_METHODS,
        "role.{}": vocab.PARTY_ROLES,
        "satisfaction.{}": vocab.SATISFACTION,
        "handoff.status.{}": handoff_statuses,
        "link.{}.incoming": vocab.LINK_KINDS,
        # frontdesk/access
        "access.action.{}": tuple(NEEDS),
        "officer_role.{}": ROLES,
        "audit.action.{}": ACTIONS,
        "audit.table.{}": RECORD_KINDS,
        "audit.outcome.{}": ("ok", "failed", "locked", "denied"),  # screens/access/audit.py
        "audit.problem.{}": ("edited", "missing", "out_of_order", "truncated"),  # db/audit_chain.py
        # frontdesk/callers, cases
        "field.{}.name": ("reporter", "party"),  # check_person_input's prefixes (cases/recording.py)
        "field.{}": ("category", "summary", "narrative", "place", "our_ref", "their_ref"),  # required / too long
        "lookup.matched.{}": ("phone", "id", "name", "pinyin", "initials"),  # callers/lookup.py
        "reveal.reason.{}": REVEAL_REASONS,
        "tag.rule_why.{}": TAG_RULES[1:],  # tags/rules.py rule_reason
        "tag.rule.{}": TAG_RULES[1:],  # screens/tags: a tag's rule named
        "sort.{}": tuple(CASE_SORTS),
        # frontdesk/outreach
        "outreach.channel.{}": OUTREACH_CHANNELS,
        "outreach.state.{}": OUTREACH_STATES,
        "outreach.person.{}": ("waiting", "tried", "reached"),  # db/models/outreach.py CampaignPerson.state
        "outreach.worker.{}": ("officer", "volunteer"),  # screens/outreach/dialogs.py, who works a person
        "outreach.expr.{}": ("all_of", "any_of", "none_of"),  # outreach/export.py, the expression in words
        # frontdesk/handoffs
        "handoff.moved.{}": STEPS[1:],
        "queue.{}": QUEUES,
        "queue.empty.{}": QUEUES,
        "queue.short.{}": QUEUES,  # the queues' tabs on a narrow terminal
        "handoff_sort.{}": HANDOFF_SORTS,
        # frontdesk/patrols
        "patrol.field.{}": ("area", "meeting_point"),  # patrols/roster.py
        "patrol.sheet.{}": ("volunteers", "teams", "counters", "shifts"),  # patrols/totals.py _sheets
        "patrol.state.{}": ("planned", "on_patrol", "ended", "expected", "in", "out", "no_show"),
        "patrol.done.{}": ("in", "out"),  # presence.toggle_presence
        # frontdesk/reports
        "stats.sheet.{}": ("figures", "categories", "channels", "hours"),  # reports/statistics.py _sheets
        "stats.section.{}": ("categories", "channels"),  # screens/reports/statistics.py
        "stats.unit.{}": (COUNT, HOURS, SHARE, MEAN),
        "handover.kind.{}": SHIFT_KINDS,
        "handover.sheet.{}": ("cases", "still_open", "handed_off", "call_backs", "patrols", "disputes"),  # handover_paper.tables
        "handover.fact.{}": ("received", "still_open", "handed_off", "call_backs", "overdue", "patrol", "flagged"),
        # frontdesk/intake
        "import.field.{}": FIELDS,
        "import.field.handoff.{}": ("status", "closed_at"),  # intake/preview.py: handoff_column_text
        "import.kind.{}": tuple(sorted(import_kinds)),
        "import.values.{}": ("categories", "channels", "statuses", "dispositions"),  # intake/mapping.py
        "import.mapping_kind.{}": ("text", "true_false", "table", "date_format", "time_digits"),  # intake/mapping_file.py
        "import.reading.{}": READINGS,  # intake/cells.py
        "import.time.{}": (HHMM, HHMMSS),  # intake/preview.py (a time column's digits: received.hhmm_column)
        # frontdesk/sync
        "sync.kind.{}": ("station", "outpost"),
        "sync.screen.changed.{}": ("ours", "theirs"),  # "both" has its own mark
        "sync.screen.taking.{}": ("ours", "theirs"),
        "sync.screen.detail.{}": ("base", "ours", "theirs"),
        # frontdesk/disputes
        "dispute.state.{}": DISPUTE_STATES,
        "dispute.step.{}": DISPUTE_STEPS,
    }
    built = {pattern: tuple((code,) for code in codes) for pattern, codes in one.items()}
    # A case's history: the tables whose changes it lists (cases/views.py) and what happened to a row.
    built["history.{}.{}"] = tuple(product(("case", "caseparty", "caselink", "handoff", "followup"),
                                           ("insert", "update")))
    built["stats.yoy.{}{}"] = tuple(product(("", "points_"), ("up", "down")))  # reports/statistics.py
    built["stats.yoy_short.{}{}"] = built["stats.yoy.{}{}"]  # (the screen's)
    # A word's short form in a narrow column (screens/shell/columns.py, worded): looked up only where it is written.
    built["{}.{}.short"] = (("role", "other_party"),)
    return built


#: Where a built key is not a use of its own: (file, pattern).
NOT_USES = {
    # vocab.label(kind, code) builds "{kind}.{code}": each kind is listed where label() names it.
    ("frontdesk/vocab.py", "{}.{}"),
    # Looked up only when the catalogue has them (a column's or a value's name, else as stored).
    *(("screens/sync/conflict_fields.py", pattern)
      for pattern in ("sync.table.{}", "sync.field.{}.{}", "sync.field.{}", "field.{}", "{}.{}")),
}


class Uses:
    """What the code asks the catalogue for: literal keys and patterns of built ones, with where."""

    def __init__(self) -> None:
        self.literal: dict[str, str] = {}
        self.patterns: dict[str, str] = {}


def _sources() -> list[tuple[str, ast.Module]]:
    return [(str(path.relative_to(ROOT)), ast.parse(path.read_text(encoding="utf-8")))
            for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))]


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _pattern(node: ast.JoinedStr) -> str:
    return "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)


@cache
def _uses() -> Uses:
    sources = _sources()
    takers = set(KEY_TAKERS)
    while True:  # DeskError's subclasses, and theirs
        more = {node.name for _, tree in sources for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
                and any(isinstance(base, ast.Name) and base.id in takers for base in node.bases)} - takers
        if not more:
            break
        takers |= more
    prefixes = {key.split(".")[0] for key in catalogue()}
    uses, skip = Uses(), set()
    for where, tree in sources:
        def key(node: ast.AST | None, line: int) -> None:
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value:
                uses.literal.setdefault(node.value, f"{where}:{line}")
                skip.add(id(node))
            elif isinstance(node, ast.JoinedStr) and (where, _pattern(node)) not in NOT_USES:
                uses.patterns.setdefault(_pattern(node), f"{where}:{line}")

        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name, args = _name(node), node.args
                words = {word.arg: word.value for word in node.keywords}
                if name in takers and args:
                    key(args[0], node.lineno)
                elif name == "Binding":
                    key(args[2] if len(args) > 2 else words.get("description"), node.lineno)
                    key(words.get("tooltip"), node.lineno)
                    skip.update(id(arg) for arg in (*args[:2], words.get("action")))
                elif name == "label" and isinstance(node.func, ast.Name) and args and isinstance(args[0], ast.Constant):
                    uses.patterns.setdefault(f"{args[0].value}.{{}}", f"{where}:{node.lineno}")
                    skip.add(id(args[0]))
            elif isinstance(node, ast.JoinedStr):
                built = _pattern(node)
                if (re.match(r"[a-z_]+\.", built) and built.split(".")[0] in prefixes and " " not in built
                        and (where, built) not in NOT_USES):
                    uses.patterns.setdefault(built, f"{where}:{node.lineno}")
        # Any other string shaped like a key of the catalogue's areas: a key kept in a table or a variable.
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
                    and KEY_SHAPE.fullmatch(node.value) and node.value.split(".")[0] in prefixes
                    and not node.value.endswith(FILE_SUFFIXES)):
                uses.literal.setdefault(node.value, f"{where}:{node.lineno}")
    return uses


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _texts(entry: dict) -> list[str]:
    return [text for value in entry.values() for text in (value.values() if isinstance(value, dict) else [value])]


# ---- the catalogue itself -------------------------------------------------------------------

def test_every_entry_has_both_languages_with_the_same_placeholders():
    for key, entry in catalogue().items():
        assert set(entry) == {"en", "zh"}, key
        assert isinstance(entry["zh"], str), f"{key}: Chinese has one form"
        if isinstance(entry["en"], dict):
            assert tuple(entry["en"]) == PLURAL_FORMS, f"{key}: English forms are one and other"
        texts = _texts(entry)
        assert all(isinstance(text, str) and text.strip() for text in texts), key
        assert all(_fields(text) == _fields(entry["zh"]) for text in texts), key


def test_no_english_text_counts_with_a_parenthesised_plural():
    assert [key for key, entry in catalogue().items() if any("(s)" in text for text in _texts(entry))] == []


# ---- every key the code uses --------------------------------------------------------------

def test_the_scan_finds_the_keys_the_code_uses():
    """The scan itself works: it sees keys in t(), bindings, errors, tables and built patterns."""
    uses = _uses()
    assert len(uses.literal) > 1000
    for known in ("app.title", "key.help", "key.help.tip", "signin.wrong_left", "form.required", "col.status"):
        assert known in uses.literal, known
    for pattern in ("status.{}", "handoff.status.{}", "patrol.state.{}", "history.{}.{}", "stats.yoy.{}{}"):
        assert pattern in uses.patterns, pattern
    assert "app.pop_screen" not in uses.literal  # an action, not a text


def test_db_holds_no_text_the_officer_reads():
    assert [path for path in (ROOT / "db").rglob("*.py") if re.search(r"\bi18n\b", path.read_text())] == []


def test_every_key_the_code_names_is_in_the_catalogue():
    missing = sorted(f"{key} ({where})" for key, where in _uses().literal.items()
                     if key not in catalogue() and not _is_a_kind(key))
    assert missing == []


def _is_a_kind(key: str) -> bool:
    """"handoff.status" passed to vocab.label(kind, code): a family of keys, each checked as built."""
    return f"{key}.{{}}" in _dynamic()


def test_every_key_the_code_builds_is_listed_with_its_codes():
    found = _uses().patterns
    unlisted = sorted(f"{pattern} ({where})" for pattern, where in found.items()
                      if pattern not in _dynamic())
    assert unlisted == [], "add each to _dynamic() with the codes it is filled with"
    stale = sorted(set(_dynamic()) - set(found))
    assert stale == [], "no code builds these any more"


def test_every_key_the_code_builds_is_in_the_catalogue():
    built = {pattern.format(*codes) for pattern, filled in _dynamic().items() for codes in filled}
    assert len(built) > 150
    assert sorted(built - set(catalogue())) == []


# ---- looking text up ---------------------------------------------------------------------------

def test_text_follows_the_active_language():
    set_language("zh")
    assert t("app.title") == "接警台"
    set_language("en")
    assert t("app.title") == "Front Desk"


def test_a_missing_key_fails_in_tests_and_shows_the_key_in_production(monkeypatch, caplog):
    assert i18n.strict, "tests/conftest.py turns strict on"
    with pytest.raises(MissingText):
        t("key.no_such_thing")
    with pytest.raises(MissingText):
        str(Phrase("field.no_such_field"))
    monkeypatch.setattr(i18n, "strict", False)
    with caplog.at_level("WARNING", logger="frontdesk"):
        assert t("key.no_such_thing_either") == "key.no_such_thing_either"
    assert "key.no_such_thing_either" in caplog.text


def test_a_missing_language_fails_in_tests(monkeypatch):
    monkeypatch.setitem(catalogue(), "test.only_english", {"en": "Only English"})
    set_language("zh")
    with pytest.raises(MissingText):
        t("test.only_english")
    monkeypatch.setattr(i18n, "strict", False)
    assert t("test.only_english") == "Only English"


def test_an_error_is_rendered_when_shown_not_when_raised():
    error = DeskError("rid.check_digit", value="11010519491231002X", given="X", expected="2")
    set_language("zh")
    assert "校验位" in error.message
    set_language("en")
    assert "check digit is X but should be 2" in error.message


# ---- plurals -----------------------------------------------------------------------------------

def test_english_counts_one_and_more():
    assert t("list.summary", count=1, sort="newest", voided="") == "1 case · order: newest"
    assert t("list.summary", count=2, sort="newest", voided="") == "2 cases · order: newest"
    assert t("list.summary", count=0, sort="newest", voided="") == "0 cases · order: newest"
    assert t("officers.failed", count=1) == "1 wrong password"
    assert t("officers.failed", count=3) == "3 wrong passwords"
    assert t("patrol.tonight.to_review", count=1) == "1 shift closed automatically, to review (F6)"
    assert str(DeskError("signin.wrong_left", count=1)).endswith("1 more wrong attempt and this badge is locked.")
    assert str(DeskError("signin.wrong_left", count=4)).endswith("4 more wrong attempts and this badge is locked.")


def test_chinese_has_one_form_for_every_count():
    set_language("zh")
    assert t("officers.failed", count=1) == "密码错误 1 次"
    assert t("officers.failed", count=2) == "密码错误 2 次"
    assert t("list.summary", count=1, sort="最新", voided="") == t("list.summary", count=2, sort="最新",
                                                                   voided="").replace("2", "1")


def test_a_counting_text_needs_its_count():
    with pytest.raises(MissingText):
        t("officers.failed")
    with pytest.raises(MissingText):
        t("officers.failed", count="3")


# ---- key descriptions reach the footer, the help and the palette --------------------------------

async def test_key_descriptions_reach_footer_help_and_palette_in_the_officers_language():
    """Bindings hold catalogue keys; what the officer reads of them is translated (screens.shell.localize)."""
    from textual.app import App
    from textual.binding import Binding
    from textual.screen import Screen
    from textual.widgets import Footer, Input

    from screens.shell.app import FrontDeskApp
    from screens.shell.help import key_rows
    from screens.shell.localize import Localized

    class Probe(Localized, Screen[None]):
        BINDINGS = [Binding("f5", "edit", "key.edit", tooltip="key.edit.tip", id="edit"),
                    Binding("escape", "app.pop_screen", "key.back", id="back")]

        def compose(self):
            yield Input()  # Textual's own bindings (cursor keys) keep their own text
            yield Footer()

        def action_edit(self) -> None:
            self.app.edited = True

    class ProbeApp(Localized, App[None]):
        BINDINGS = [Binding("f1", "help", "key.help", tooltip="key.help.tip", id="help")]
        edited = False

        def on_mount(self) -> None:
            self.push_screen(Probe())

    set_language("zh")
    app = ProbeApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        for _ in range(50):
            if footer.query("FooterKey"):
                break
            await pilot.pause()
        shown = {key.description for key in footer.query("FooterKey")}
        assert {"修改", "返回", "帮助"} <= shown
        assert not any("key." in text for text in shown)
        assert ("f5", "修改简要案情、地点、类别、接警方式或详细经过（保留修改记录）") in key_rows(app.screen)
        assert ("f1", "查看本屏所有按键") in key_rows(app.screen)
        assert ("tab", "下一项") in key_rows(app.screen)  # Textual's "Focus Next", which the catalogue names
        commands = list(FrontDeskApp.binding_commands(app, app.screen))
        assert [command.title for command in commands] == ["修改", "返回"]
        await commands[0].callback()
        assert app.edited
        set_language("en")
        assert "Edit" in {active.binding.description for active in app.screen.active_bindings.values()}
