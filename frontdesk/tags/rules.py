"""Tags set by rules the station turns on per tag (Tag.rule), and what each rule reads.

- fraud_victim: a case of a fraud category names the person as its reporter or a victim;
- repeat_reporter: the person is on the repeat-reporter list (the station's window and threshold);
- elderly_by_id / minor_by_id: the age their resident ID number gives (60 and over / under 18).

A recorded or edited case applies them to its people in the same transaction (the case desk
calls `apply_for_case` through its after-save seam, so cases never import tags); `frontdesk
tags apply-rules` applies them to every person (`apply_all`), and there a rule-set tag whose
rule no longer holds comes off (a minor turned 18, a fraud case older than the window). Tags
an officer set are never touched by a rule. A rule-set tag keeps its reason in its note,
"<rule> <detail>", which `rule_reason` says in the officer's language.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from db.models import Case, CaseParty, Category, Person, PersonTag, Tag, TagClass
from frontdesk.callers.history import repeat_reporter_page, reporter_counts
from frontdesk.i18n import t
from frontdesk.records import Actor
from frontdesk.tags.tagging import put_tag, take_off

ELDERLY_AGE, MINOR_AGE = 60, 18
#: How far back a fraud case makes its victim a "recent" fraud victim.
FRAUD_RECENT_DAYS = 180
FRAUD_ROLES = ("reporter", "victim")


@dataclass(frozen=True)
class RuleSettings:
    repeat_window_days: int = 30
    repeat_threshold: int = 3


@dataclass(frozen=True)
class RuleRun:
    put: int  # rule-set tags put on people
    taken_off: int  # rule-set tags whose rule no longer holds, taken off


def age_from_id(number: str | None, today: date) -> int | None:
    """Whole years of age by the birth date in an 18-digit resident ID, or None if it gives none."""
    if not number or len(number) != 18 or not number[:17].isdecimal():
        return None
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None
    if born > today:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def fraud_categories(session: Session) -> set[str]:
    """The station's categories that are frauds: the seeded `fraud`, and any it added naming 诈 or fraud."""
    return {code for code, zh, en in session.exec(select(Category.code, Category.name_zh, Category.name_en)).all()
            if code == "fraud" or "诈" in zh or "fraud" in en.casefold()}


def rule_tags(session: Session) -> list[Tag]:
    """The tags a rule sets, switched-on ones of switched-on classes."""
    return list(session.exec(select(Tag).join(TagClass, TagClass.id == Tag.class_id)
                             .where(Tag.rule != "", Tag.active, TagClass.active)).all())


def rule_reason(note: str) -> str:
    """A rule-set tag's note ("fraud_victim LS-20261205-0003") in the officer's words:
    "by rule: fraud case LS-20261205-0003"."""
    rule, _, detail = note.partition(" ")
    if rule not in ("fraud_victim", "repeat_reporter", "elderly_by_id", "minor_by_id"):
        return t("tag.by_rule", why=note) if note else t("tag.by_rule_plain")
    return t("tag.by_rule", why=t(f"tag.rule_why.{rule}", detail=detail))


@dataclass
class _CaseFacts:
    """What the rules read about one case, each asked of the database once however many rules ask."""
    case: Case
    people: list[tuple[uuid.UUID, str]]  # (person, role) of the case's parties who are known people
    _frauds: set[str] | None = None
    _ids: dict[uuid.UUID, str | None] | None = None

    def is_fraud(self, session: Session) -> bool:
        if self._frauds is None:
            self._frauds = fraud_categories(session)
        return self.case.category in self._frauds

    def resident_ids(self, session: Session) -> dict[uuid.UUID, str | None]:
        if self._ids is None:
            self._ids = dict(session.exec(select(Person.id, Person.resident_id)
                                          .where(Person.id.in_([pid for pid, _ in self.people]))).all())
        return self._ids


def _holds_for_case(session: Session, facts: _CaseFacts, rule: str, *, settings: RuleSettings,
                    now: datetime) -> dict[uuid.UUID, str]:
    """person -> the rule's note, for the case's people the rule holds for."""
    case, people = facts.case, facts.people
    found: dict[uuid.UUID, str] = {}
    if rule == "fraud_victim":
        if case.received_at >= now - timedelta(days=FRAUD_RECENT_DAYS) and facts.is_fraud(session):
            found = {pid: f"fraud_victim {case.case_no}" for pid, role in people if role in FRAUD_ROLES}
    elif rule == "repeat_reporter":
        since = now - timedelta(days=settings.repeat_window_days)
        for pid, role in people:
            if role == "reporter":
                reports = reporter_counts(session, person_id=pid, phone=None, since=since).reports
                if reports >= settings.repeat_threshold:
                    found[pid] = f"repeat_reporter {reports}"
    elif rule in ("elderly_by_id", "minor_by_id"):
        for pid, number in facts.resident_ids(session).items():
            age = age_from_id(number, now.date())
            if age is not None and (age >= ELDERLY_AGE if rule == "elderly_by_id" else age < MINOR_AGE):
                found[pid] = f"{rule} {age}"
    return found


def apply_for_case(session: Session, case_id: uuid.UUID, *, by: Actor, now: datetime,
                   settings: RuleSettings = RuleSettings()) -> int:
    """Put the rule-set tags a case's people now qualify for (none taken off here); how many were put."""
    case = session.get(Case, case_id)
    if case is None or case.voided_at is not None:
        return 0
    people = list(session.exec(select(CaseParty.person_id, CaseParty.role)
                               .where(CaseParty.case_id == case_id, CaseParty.person_id.is_not(None))).all())
    if not people:
        return 0
    tags = rule_tags(session)
    facts = _CaseFacts(case, people)
    put = 0
    for tag in tags:
        for person_id, note in _holds_for_case(session, facts, tag.rule, settings=settings, now=now).items():
            put += put_tag(session, person_id, tag, source="rule", note=note, by=by, now=now, action="tag_by_rule")
    return put


def holds_everywhere(session: Session, rule: str, *, settings: RuleSettings, now: datetime) -> dict[uuid.UUID, str]:
    """person -> the rule's note, for every person the rule holds for now."""
    found: dict[uuid.UUID, str] = {}
    if rule == "fraud_victim":
        frauds = fraud_categories(session)
        if frauds:
            for person_id, case_no in session.exec(
                    select(CaseParty.person_id, Case.case_no).join(Case, Case.id == CaseParty.case_id)
                    .where(Case.category.in_(frauds), Case.voided_at.is_(None),
                           Case.received_at >= now - timedelta(days=FRAUD_RECENT_DAYS),
                           CaseParty.role.in_(FRAUD_ROLES), CaseParty.person_id.is_not(None))
                    .order_by(Case.received_at)).all():
                found[person_id] = f"fraud_victim {case_no}"  # the latest case names the reason
    elif rule == "repeat_reporter":
        page = repeat_reporter_page(session, since=now - timedelta(days=settings.repeat_window_days),
                                    min_reports=settings.repeat_threshold, limit=1_000_000)
        found = {row.person_id: f"repeat_reporter {row.reports}" for row in page.rows if row.person_id}
    elif rule in ("elderly_by_id", "minor_by_id"):
        today = now.date()
        for person_id, number in session.exec(select(Person.id, Person.resident_id).where(
                Person.resident_id.is_not(None), Person.merged_into_id.is_(None))).all():
            age = age_from_id(number, today)
            if age is not None and (age >= ELDERLY_AGE if rule == "elderly_by_id" else age < MINOR_AGE):
                found[person_id] = f"{rule} {age}"
    return found


def apply_all(session: Session, *, by: Actor, now: datetime, settings: RuleSettings = RuleSettings()) -> RuleRun:
    """Every rule of every rule-set tag over every person: put where it holds, taken off where a
    rule-set tag's rule no longer does (officers' tags untouched)."""
    put = taken = 0
    for tag in rule_tags(session):
        holds = holds_everywhere(session, tag.rule, settings=settings, now=now)
        carried = {row.person_id: row for row in session.exec(
            select(PersonTag).where(PersonTag.tag_id == tag.id, PersonTag.removed.is_(False))).all()}
        for person_id, note in holds.items():
            if person_id not in carried:
                put += put_tag(session, person_id, tag, source="rule", note=note, by=by, now=now,
                               action="tag_by_rule")
        for person_id, row in carried.items():
            if row.source == "rule" and person_id not in holds:
                take_off(session, row, by=by, action="untag_by_rule")
                taken += 1
    return RuleRun(put=put, taken_off=taken)


__all__ = ["RuleRun", "RuleSettings", "age_from_id", "apply_all", "apply_for_case", "fraud_categories",
           "rule_reason", "rule_tags"]
