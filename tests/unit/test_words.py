"""Words an officer reads: every audit action and record kind named, Chinese punctuation, English plurals."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from frontdesk.i18n import catalogue, set_language, t

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("frontdesk", "screens")

#: The functions that write an audit event with an `action`: the walk adds every function that
#: passes its own `action` parameter on to one of these.
WRITERS = {"audit", "save"}
#: Actions built by formatting: (file, pattern) -> the codes the pattern is filled with.
BUILT_ACTIONS = {
    ("frontdesk/handoffs/lifecycle.py", "handoff_{}"): "STEPS[1:]",  # lifecycle.advance_handoff
    ("frontdesk/disputes/lifecycle.py", "dispute_{}"): "MOVES",  # disputes.lifecycle.move
}


def _built_codes(pattern: str, codes: str) -> set[str]:
    from frontdesk.disputes.lifecycle import MOVES
    from frontdesk.handoffs.lifecycle import STEPS

    if codes == "MOVES":  # a closed-unresolved move writes dispute_unresolved, by name
        return {pattern.format(to) for targets in MOVES.values() for to in targets if to != "closed_unresolved"}
    assert codes == "STEPS[1:]"
    return {pattern.format(step) for step in STEPS[1:]}


def _sources() -> list[tuple[str, ast.Module]]:
    return [(str(path.relative_to(ROOT)), ast.parse(path.read_text(encoding="utf-8")))
            for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))]


def _called(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _action_parameter(function: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[int | None, ast.expr | None]:
    """Where `action` sits among the positional parameters (self not counted), and its default."""
    arguments = function.args
    positional = [arg.arg for arg in (*arguments.posonlyargs, *arguments.args)]
    if positional[:1] in (["self"], ["cls"]):
        positional = positional[1:]
    defaults = dict(zip([arg.arg for arg in (*arguments.posonlyargs, *arguments.args)][::-1],
                        arguments.defaults[::-1]))
    defaults |= {arg.arg: default for arg, default in zip(arguments.kwonlyargs, arguments.kw_defaults) if default}
    index = positional.index("action") if "action" in positional else None
    return index, defaults.get("action")


def _action_argument(call: ast.Call, index: int | None) -> ast.expr | None:
    for word in call.keywords:
        if word.arg == "action":
            return word.value
    if index is not None and len(call.args) > index:
        return call.args[index]
    return None


def _parents(tree: ast.AST) -> dict[int, ast.AST]:
    return {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def audit_actions() -> tuple[set[str], list[str]]:
    """Every action code the code writes into the audit log, and what the walk could not read."""
    sources = _sources()
    functions = [(where, tree, node) for where, tree in sources for node in ast.walk(tree)
                 if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    writers: dict[str, list[int | None]] = {"audit": [None], "save": [None]}
    forwarders: set[int] = set()
    while True:  # a function with an `action` parameter that hands it to a writer is a writer too
        more = False
        for _, _, function in functions:
            if id(function) in forwarders or "action" not in {a.arg for a in ast.walk(function.args)
                                                            if isinstance(a, ast.arg)}:
                continue
            for call in (n for n in ast.walk(function) if isinstance(n, ast.Call) and _called(n) in writers):
                if any(isinstance(name, ast.Name) and name.id == "action"
                       for arg in (*call.args, *(w.value for w in call.keywords)) for name in ast.walk(arg)):
                    forwarders.add(id(function))
                    writers.setdefault(function.name, []).append(_action_parameter(function)[0])
                    more = True
                    break
        if not more:
            break

    codes: set[str] = set()
    unread: list[str] = []
    for where, tree, in sources:
        parents = _parents(tree)
        module = {target.id: node.value for node in tree.body if isinstance(node, ast.Assign)
                  for target in node.targets if isinstance(target, ast.Name)}

        def enclosing(node: ast.AST) -> ast.AST | None:
            while (node := parents.get(id(node))) is not None:
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    return node
            return None

        def read(value: ast.expr | None, at: ast.AST) -> None:
            if value is None or (isinstance(value, ast.Constant) and value.value is None):
                codes.update({"create", "update"})  # save() without an action: a new row or a change
            elif isinstance(value, ast.Constant) and isinstance(value.value, str):
                codes.add(value.value)
            elif isinstance(value, ast.IfExp):
                read(value.body, at)
                read(value.orelse, at)
            elif isinstance(value, ast.BoolOp):  # `action or "update"`
                for one in value.values:
                    read(one, at)
            elif isinstance(value, ast.JoinedStr):
                pattern = "".join(p.value if isinstance(p, ast.Constant) else "{}" for p in value.values)
                if (where, pattern) in BUILT_ACTIONS:
                    codes.update(_built_codes(pattern, BUILT_ACTIONS[(where, pattern)]))
                else:
                    unread.append(f"{where}:{value.lineno} builds {pattern!r}")
            elif isinstance(value, ast.Name):
                function = enclosing(at)
                if function is not None and id(function) in forwarders and value.id == "action":
                    read(_action_parameter(function)[1] or ast.Constant(value=""), at)  # its default, if any
                    return
                assigned = [node.value for node in ast.walk(function or tree) if isinstance(node, ast.Assign)
                            and any(isinstance(t_, ast.Name) and t_.id == value.id for t_ in node.targets)]
                assigned = assigned or ([module[value.id]] if value.id in module else [])
                if not assigned:
                    unread.append(f"{where}:{value.lineno} passes {value.id}")
                for one in assigned:
                    read(one, at)
            else:
                unread.append(f"{where}:{getattr(value, 'lineno', '?')} passes {ast.unparse(value)}")

        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call) and _called(n) in writers):
            if _called(call) == "save" and not any(w.arg == "by" for w in call.keywords):
                continue  # not records.save (a form's or a dialog's own save)
            if _called(call) == "audit" and not any(w.arg == "by" for w in call.keywords):
                continue
            indices = writers[_called(call)]
            values = {id(v): v for v in (_action_argument(call, index) for index in indices) if v is not None}
            if not values:
                if _called(call) == "save":
                    read(None, call)
                elif enclosing(call) is None or id(enclosing(call)) not in forwarders:
                    # a forwarder called without an action: its default
                    defaults = [_action_parameter(f)[1] for _, _, f in functions
                                if f.name == _called(call) and id(f) in forwarders]
                    for default in defaults:
                        if default is not None:
                            read(default, call)
                continue
            for value in values.values():
                read(value, call)
    codes.discard("")
    return codes, unread


# ---- the audit log names actions and records in the desk's language -----------------------------

def test_the_walk_finds_the_actions_the_code_writes():
    codes, unread = audit_actions()
    assert unread == [], "teach the walk (BUILT_ACTIONS) how these actions are built"
    for known in ("end_shift", "check_in", "read_audit", "sign_out", "lock", "shift_change", "create", "update",
                  "add_category", "change_category", "demo_build", "backup", "handoff_done", "activate"):
        assert known in codes, known


def test_every_action_the_code_writes_is_registered_and_named_in_both_languages():
    from frontdesk.access.audit import ACTIONS

    codes, _ = audit_actions()
    assert sorted(codes - set(ACTIONS)) == [], "add these to frontdesk.access.audit.ACTIONS"
    assert sorted(set(ACTIONS) - codes) == [], "no code writes these any more"
    unnamed = [code for code in ACTIONS if set(catalogue().get(f"audit.action.{code}", {})) != {"en", "zh"}]
    assert unnamed == []


def test_every_record_kind_is_named_in_both_languages():
    from sqlmodel import SQLModel

    import db.models  # noqa: F401  (the tables)
    from frontdesk.access.audit import RECORD_KINDS

    assert set(RECORD_KINDS) == set(SQLModel.metadata.tables)
    assert {"patrolshift", "caseparty", "personphone", "handovernote", "officer"} <= set(RECORD_KINDS)
    unnamed = [kind for kind in RECORD_KINDS if set(catalogue().get(f"audit.table.{kind}", {})) != {"en", "zh"}]
    assert unnamed == []


def test_an_audit_row_reads_in_the_desks_language():
    from frontdesk.access.audit import action_words, record_kind_words

    set_language("zh")
    assert action_words("end_shift") == "结束班次"
    assert record_kind_words("patrolshift") == "巡逻班次"
    assert action_words("some_future_action") == "some_future_action"  # an older or newer desk's code, as stored
    set_language("en")
    assert action_words("check_in") == "Checked in a volunteer"
    assert record_kind_words("caseparty") == "Party to a case"


def test_reasons_the_program_composes_are_written_in_the_desks_language(engine, settings, on_duty, db_url):
    """A supervisor's filters, a failed sign-in's badge: the reason reads in the language of the desk that wrote it."""
    from dataclasses import replace

    from frontdesk.access.audit import AuditFilter
    from frontdesk.desk import Desk
    from tests.conftest import FROZEN_NOW

    desk = Desk(settings=settings, engine=engine, on_duty=replace(on_duty, role="admin"), url=db_url,
                clock=lambda: FROZEN_NOW)
    set_language("zh")
    desk.access.read_audit(AuditFilter(officer="031245", action="end_shift"))
    rows = desk.access.read_audit(AuditFilter(action="read_audit"))
    assert rows[0].reason == "民警：031245；操作：结束班次"
    set_language("en")
    desk.access.read_audit(AuditFilter(officer="031245", action="check_in"))
    rows = desk.access.read_audit(AuditFilter(action="read_audit"))
    assert rows[0].reason == "Officer: 031245; Action: Checked in a volunteer"


# ---- Chinese punctuation -----------------------------------------------------------------------

CJK = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]"
HALF_WIDTH_BY_CJK = re.compile(rf"(?<={CJK}) ?[:;,!?()]|[:;,!?()] ?(?={CJK})|[:;,?] (?=\S)")
DOUBLED = re.compile(r"[。，；：！？、][。，；：！？、;,:]|[;,:][。，；：！？、]|[。，；：！？、]\.(?![a-z])|———")
LEADING = re.compile(r"(?:^|\n)[ \t]*[。，；：！？、）]")
#: Entries where a half-width mark is not punctuation: (key, the mark's text around it).
NOT_PUNCTUATION = {
    ("patrol.help.month", "，! 有"),  # "!" is the mark the month's grid shows on a shift to review
    ("patrol.month.legend", "   ! 待"),
}
#: Entries that are themselves a mark put between texts.
SEPARATORS = {"words.list_sep", "words.clause_sep", "words.full_stop", "import.reporter_text.sep"}


def _chinese_problems(key: str, text: str) -> list[str]:
    found = []
    for name, pattern in (("half-width", HALF_WIDTH_BY_CJK), ("doubled", DOUBLED), ("leading", LEADING)):
        if name == "leading" and key in SEPARATORS:
            continue
        for hit in pattern.finditer(text):
            around = text[max(0, hit.start() - 2):hit.end() + 2]
            if not any(key == allowed and mark in text for allowed, mark in NOT_PUNCTUATION):
                found.append(f"{name}: {key}: …{around}…")
    return found


def test_the_chinese_catalogue_uses_full_width_punctuation_once():
    problems = [problem for key, entry in sorted(catalogue().items())
                for problem in _chinese_problems(key, entry["zh"])]
    assert problems == []


def test_the_scan_finds_what_it_looks_for():
    assert _chinese_problems("x", "电话: 138") and _chinese_problems("x", "原因; 无") and _chinese_problems("x", "甲,乙")
    assert _chinese_problems("x", "见说明(第二页)") and _chinese_problems("x", "…87654321）。; 身份证号")
    assert _chinese_problems("x", "未联系上———") and _chinese_problems("x", "第一行\n。第二行")
    assert _chinese_problems("x", "已保存。；下一步")
    assert not _chinese_problems("x", "电话：138 0000（已隐藏）。下一步；完成") and not _chinese_problems("x", "18:30–21:00")
    assert not _chinese_problems("x", "台账路径：.csv 或 .xlsx") and not _chinese_problems("x", "回访——未联系上")


def _formatted_parts(node: ast.JoinedStr) -> str:
    return "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)


def _reads_text(node: ast.AST) -> bool:
    """Does `node` hold a catalogue text (a t() call, an error's message)?"""
    return any((isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in ("t", "label"))
               or (isinstance(n, ast.Attribute) and n.attr == "message") for n in ast.walk(node))


def test_code_joins_catalogue_texts_with_the_languages_own_marks():
    """f"{t('col.phone')}: {phone}" reads "电话: 138…" on a Chinese desk: labelled(), listed(), sentences() instead."""
    half = re.compile(r": |; |, | \(|\(|\)")
    found = []
    for where, tree in _sources():
        if where.startswith(("frontdesk/cli/", "frontdesk/demo/")):
            continue  # the command line and the demo builder speak to the terminal, not the desk
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr) and half.search(_formatted_parts(node)) and any(
                    isinstance(part, ast.FormattedValue) and _reads_text(part.value) for part in node.values):
                found.append(f"{where}:{node.lineno} {_formatted_parts(node)!r}")
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "join"
                  and isinstance(node.func.value, ast.Constant) and node.func.value.value.strip() in (";", ",", ":")
                  and node.args and _reads_text(node.args[0])):
                found.append(f"{where}:{node.lineno} {node.func.value.value!r}.join")
    assert found == []


def test_texts_joined_in_code_read_naturally_in_chinese():
    from frontdesk.callers.people import check_person_input, PersonInput
    from frontdesk.i18n import labelled, listed, parenthesised, sentences

    set_language("zh")
    assert sentences(["电话号码应为 11 位。", "身份证号校验位错误"]) == "电话号码应为 11 位。身份证号校验位错误。"
    assert labelled("电话", "138****5678") == "电话：138****5678"
    assert listed(["甲", "乙"]) == "甲、乙" and parenthesised("王建军", "031245") == "王建军（031245）"
    errors = check_person_input(PersonInput(name="张三", phone="0571-876543210", resident_id="110105194912310021"),
                                "party")
    joined = sentences(error.message for error in errors.values())
    assert len(errors) == 2 and _chinese_problems("joined", joined) == [], joined
    set_language("en")
    assert sentences(["Phone is short.", "ID check digit is wrong"]) == "Phone is short. ID check digit is wrong."
    assert labelled("Phone", "1") == "Phone: 1" and listed("ab") == "a, b" and parenthesised("W", "1") == "W (1)"


# ---- English plurals ---------------------------------------------------------------------------

#: Words after a number that are verbs, not plural nouns ("{name} is", "{case_no} has").
VERBS = {"is", "was", "has", "holds", "needs", "waits"}
#: Numbers that are limits the program sets (never 1) or measures with decimals: "at most {most} characters".
NOT_COUNTS = {"least", "most", "days", "minutes", "hours", "keep", "change", "rate"}
COUNTED = re.compile(r"\{(\w+)(?::[^}]*)?\} ([a-z][a-z-]*s)\b")


def _uncounted(text: str, *, counted_by: str | None = None) -> list[str]:
    return [hit.group(0) for hit in COUNTED.finditer(text)
            if hit.group(2) not in VERBS and hit.group(1) not in NOT_COUNTS and hit.group(1) != counted_by]


def test_no_english_text_puts_a_number_before_a_plural_noun_without_a_form_for_one():
    """"1 cases raised": a number before a noun needs forms by count, or reads "cases raised: 1"."""
    found = []
    for key, entry in sorted(catalogue().items()):
        english = entry["en"]
        if isinstance(english, str):
            found += [f"{key}: {hit}" for hit in _uncounted(english)]
        else:  # the count picks the form; another number in the text needs its own label
            counted = {hit.group(1) for hit in COUNTED.finditer(english["other"])} - {"count"}
            by = next(iter(counted)) if len(counted) == 1 and "{count}" not in english["other"] else "count"
            found += [f"{key}: {hit}" for text in english.values() for hit in _uncounted(text, counted_by=by)]
    assert found == []


def test_every_counting_text_reads_right_for_one_and_for_two():
    import string

    checked = 0
    for key, entry in sorted(catalogue().items()):
        if not isinstance(entry["en"], dict):
            continue
        fields = {name for _, name, _, _ in string.Formatter().parse(entry["en"]["other"]) if name}
        # every number in the text is the count: a bundle of 1 change is total=1, count=1
        one = t(key, **{**{name: 1 for name in fields}, "count": 1})
        two = t(key, **{**{name: 2 for name in fields}, "count": 2})
        assert "{" not in one + two, key
        assert [hit.group(0) for hit in re.finditer(r"\b1 ([a-z][a-z-]*s)\b", one)
                if hit.group(1) not in VERBS] == [], f"{key}: {one}"
        assert one.replace("1", "2") != two, f"{key}: one and more read the same: {two}"
        checked += 1
    assert checked > 25
    assert t("cli.demo_built", where="demo.sqlite", cases="1", count=1) == "Demo database ready: demo.sqlite (1 case)."
    assert t("handover.fact.patrol_value", shifts=1, volunteers=1, hours="2.5", cases=1) == (
        "shifts: 1, volunteers: 1, person-hours: 2.5, cases raised: 1")
