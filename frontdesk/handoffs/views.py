"""What the hand-off screens show: the queues with their counts, and the figures for a period.

Plain dataclasses out; the screens never see a model or a session.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import and_, exists, func, not_
from sqlalchemy import case as sql_case
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from db.models import Case, CaseLink, CaseParty, FollowUp, Handoff, NonPoliceMatter, Person, ReceivingBody
from db.types import seconds_between
from frontdesk.handoffs.case_view import backflow_count, reached_follow_up_exists
from frontdesk.handoffs.lifecycle import STEPS
from frontdesk.handoffs.lists import local_name
from frontdesk.timefmt import day_bounds, local_day
from frontdesk.validation import mask_phone
from frontdesk.vocab import HANDOFF_OPEN

QUEUES = ("due_today", "overdue", "awaiting_follow_up", "returned", "done")
SORTS = ("due", "handed", "body", "case_no")


@dataclass(frozen=True)
class HandoffRow:
    handoff_id: uuid.UUID
    case_id: uuid.UUID
    case_no: str
    summary: str
    body: str
    matter: str
    status: str
    handed_at: datetime
    due_at: datetime | None
    done_at: datetime | None
    overdue: bool
    reporter: str
    reporter_phone: str  # masked
    calls: int  # call-backs tried
    backflows: int


def _where(queue: str, *, now: datetime, end_of_day: datetime) -> list:
    open_ = Handoff.status.in_(HANDOFF_OPEN)
    return {
        "due_today": [open_, Handoff.due_at >= now, Handoff.due_at < end_of_day],
        "overdue": [open_, Handoff.due_at < now],
        "awaiting_follow_up": [Handoff.status == "done", not_(reached_follow_up_exists())],
        "returned": [Handoff.status == "returned"],
        "done": [Handoff.status == "done", reached_follow_up_exists()],
    }[queue]


def due_latest_first(queue: str) -> bool:
    """Finished and returned hand-offs list the latest due first (the recent ones matter); open ones the
    soonest due first."""
    return queue in ("done", "returned")


def _order(sort: str, queue: str) -> list:
    newest_first = due_latest_first(queue)
    return {
        "due": [Handoff.due_at.desc() if newest_first else Handoff.due_at.asc()],
        "handed": [Handoff.handed_at.desc()],
        "body": [ReceivingBody.name_zh, Handoff.due_at],
        "case_no": [Case.case_no],
    }[sort]


def queue_counts(session: Session, *, now: datetime, zone: ZoneInfo) -> dict[str, int]:
    """How many hand-offs each queue holds."""
    _start, end = day_bounds(local_day(now, zone), zone)
    return {
        queue: int(session.exec(select(func.count()).select_from(Handoff).where(*_where(queue, now=now,
                                                                                        end_of_day=end))).one())
        for queue in QUEUES
    }


def queue(
    session: Session, which: str, *, now: datetime, zone: ZoneInfo, sort: str = "due", limit: int = 300
) -> list[HandoffRow]:
    """One queue's hand-offs, sorted, each with its case, reporter and call-back count."""
    if which not in QUEUES:
        raise ValueError(which)
    _start, end = day_bounds(local_day(now, zone), zone)
    reporter, person = aliased(CaseParty), aliased(Person)
    calls = (
        select(func.count()).select_from(FollowUp).where(FollowUp.handoff_id == Handoff.id).scalar_subquery()
    )
    rows = session.exec(
        select(Handoff, Case.case_no, Case.summary, ReceivingBody.name_zh, ReceivingBody.name_en,
               NonPoliceMatter.name_zh, NonPoliceMatter.name_en, person.name, reporter.phone_e164, calls,
               backflow_count())
        .join(Case, Case.id == Handoff.case_id)
        .join(ReceivingBody, ReceivingBody.id == Handoff.body_id)
        .join(NonPoliceMatter, NonPoliceMatter.code == Handoff.matter, isouter=True)
        .join(reporter, and_(reporter.case_id == Case.id, reporter.role == "reporter"), isouter=True)
        .join(person, person.id == reporter.person_id, isouter=True)
        .where(*_where(which, now=now, end_of_day=end))
        .order_by(*_order(sort if sort in SORTS else "due", which), Handoff.id)
        .limit(limit)
    ).all()
    return [
        HandoffRow(
            handoff_id=h.id, case_id=h.case_id, case_no=case_no, summary=summary, body=local_name(body_zh, body_en),
            matter=local_name(matter_zh, matter_en) if matter_zh else (h.matter or ""), status=h.status,
            handed_at=h.handed_at, due_at=h.due_at, done_at=h.done_at,
            overdue=h.status in HANDOFF_OPEN and h.due_at is not None and h.due_at < now,
            reporter=name or "", reporter_phone=mask_phone(phone) if phone else "", calls=int(tries),
            backflows=int(back),
        )
        for h, case_no, summary, body_zh, body_en, matter_zh, matter_en, name, phone, tries, back in rows
    ]


# ---- figures -------------------------------------------------------------------------------


@dataclass(frozen=True)
class BodyFigures:
    body: str
    handed: int
    done: int
    overdue: int
    returned: int
    hours_to_done: float | None  # mean, over those done at a known time


@dataclass(frozen=True)
class HandoffFigures:
    """Non-police matters received in [since, until) and what became of them.

    `handed_off` counts those cases with a hand-off; `followed_up` those whose
    hand-off had a call-back that reached the citizen; `satisfied` counts those
    call-backs rated satisfied or basically satisfied, out of `rated`;
    `backflow` those handed-off cases the same matter later came back from.
    Per body: the hand-offs of those cases.
    """

    since: datetime
    until: datetime
    non_police: int
    handed_off: int
    followed_up: int
    rated: int
    satisfied: int
    backflow: int
    bodies: tuple[BodyFigures, ...]

    @staticmethod
    def share(part: int, whole: int) -> float | None:
        return part / whole if whole else None


def figures(session: Session, *, since: datetime, until: datetime, now: datetime,
            site: str | None = None) -> HandoffFigures:
    """The hand-off figures of the non-police cases received in [since, until), at one site or all.

    Counted by the database (a few GROUP BY and COUNT queries over the period's cases), never by
    loading hand-offs: a year at a million cases reads index ranges only.
    """
    cohort = [Case.received_at >= since, Case.received_at < until, Case.voided_at.is_(None), Case.police.is_(False),
              *([Case.site == site] if site is not None else [])]
    non_police = int(session.exec(select(func.count()).select_from(Case).where(*cohort)).one())
    handed_off = int(session.exec(
        select(func.count(func.distinct(Handoff.case_id))).join(Case, Case.id == Handoff.case_id).where(*cohort)
    ).one())

    def has_handoff(case_id) -> object:
        return exists().where(Handoff.case_id == case_id)

    rated_when = and_(FollowUp.satisfaction.is_not(None), FollowUp.satisfaction != "")
    followed_up, rated, satisfied = session.exec(
        select(func.count(func.distinct(FollowUp.case_id)),
               func.coalesce(func.sum(sql_case((rated_when, 1), else_=0)), 0),
               func.coalesce(func.sum(sql_case((FollowUp.satisfaction.in_(("satisfied", "basically")), 1),
                                               else_=0)), 0))
        .join(Case, Case.id == FollowUp.case_id)
        .where(*cohort, FollowUp.handoff_id.is_not(None), FollowUp.reached, has_handoff(FollowUp.case_id))
    ).one()
    backflow = int(session.exec(
        select(func.count(func.distinct(CaseLink.other_case_id))).join(Case, Case.id == CaseLink.other_case_id)
        .where(CaseLink.kind == "backflow", *cohort, has_handoff(CaseLink.other_case_id))
    ).one())

    # A hand-off done at a time the desk does not know (an imported request closed without a closed time)
    # counts as done and is left out of the time to done.
    done = Handoff.status == "done"
    timed = and_(done, Handoff.done_at.is_not(None))
    overdue = and_(Handoff.status.in_(HANDOFF_OPEN), Handoff.due_at.is_not(None), Handoff.due_at < now)
    per_body: dict[str, dict] = defaultdict(
        lambda: {"handed": 0, "done": 0, "timed": 0, "overdue": 0, "returned": 0, "seconds": 0.0})
    for zh, en, handed, returned, late, finished, finished_timed, seconds in session.exec(
        select(ReceivingBody.name_zh, ReceivingBody.name_en, func.count(),
               func.sum(sql_case((Handoff.status == "returned", 1), else_=0)),
               func.sum(sql_case((overdue, 1), else_=0)),
               func.sum(sql_case((done, 1), else_=0)),
               func.sum(sql_case((timed, 1), else_=0)),
               func.sum(sql_case((timed, seconds_between(Handoff.handed_at, Handoff.done_at)), else_=0)))
        .join(Case, Case.id == Handoff.case_id)
        .join(ReceivingBody, ReceivingBody.id == Handoff.body_id)
        .where(*cohort)
        .group_by(ReceivingBody.id, ReceivingBody.name_zh, ReceivingBody.name_en)
    ).all():
        tally = per_body[local_name(zh, en)]  # two bodies of one name are one line, as on the screens
        tally["handed"] += int(handed)
        tally["returned"] += int(returned or 0)
        tally["overdue"] += int(late or 0)
        tally["done"] += int(finished or 0)
        tally["timed"] += int(finished_timed or 0)
        tally["seconds"] += float(seconds or 0)
    bodies = tuple(
        BodyFigures(body=name, handed=t["handed"], done=t["done"], overdue=t["overdue"], returned=t["returned"],
                    hours_to_done=t["seconds"] / 3600 / t["timed"] if t["timed"] else None)
        for name, t in sorted(per_body.items(), key=lambda item: (-item[1]["handed"], item[0]))
    )
    return HandoffFigures(
        since=since, until=until, non_police=non_police, handed_off=handed_off, followed_up=int(followed_up),
        rated=int(rated), satisfied=int(satisfied), backflow=backflow, bodies=bodies,
    )


def next_steps(status: str) -> tuple[str, ...]:
    """The steps a hand-off at `status` can still be moved to, in order; none once it is done or returned."""
    if status not in STEPS:
        return ()
    return STEPS[STEPS.index(status) + 1:]
