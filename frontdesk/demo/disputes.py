"""Disputes with an owner (包案) in every state, opened from the demo's repeat reports of quarrels."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import aliased
from sqlmodel import select

from db.engine import read_session
from db.models import (Case, CaseLink, CaseParty, Dispute, DisputeCase, DisputeParty, DisputeStep, Handoff,
                       ReceivingBody)
from frontdesk.demo.context import Build

#: The states the newest repeat quarrels are given, in this order as far as each fits (a mediating or finished
#: one needs some days behind it), so that even a small demo has every state.
STATES = ("open", "mediating", "resolved", "closed_unresolved", "open", "mediating", "resolved",
          "resolved", "resolved")
FINISHED_AFTER = timedelta(days=6)
PLANS = ("约双方到社区调解室当面协商", "联系物业、社区网格员共同上门", "先分别做双方工作，再组织调解",
         "请村调委会介入，必要时引导诉讼")
STEPS = (
    ("visit", "上门了解情况，双方各执一词", "双方当事人"),
    ("call", "电话回访，矛盾未再激化", ""),
    ("mediation", "组织调解，双方同意各让一步", "双方当事人、社区调解员"),
)
REASONS = {"referred": "移交矛盾纠纷调处化解中心继续调处", "closed_unresolved": "一方拒绝调解，已告知通过诉讼解决"}
#: Where a referred dispute goes, best: the mediation centre.
REFERRED_TO = "mediation_centre"


def _repeat_quarrels(engine: Engine, limit: int) -> list[tuple[Case, Case]]:
    """The newest repeat reports of disputes (a case and the earlier one it repeats), one per reporter case."""
    earlier = aliased(Case)
    with read_session(engine) as session:
        rows = session.exec(
            select(Case, earlier).join(CaseLink, CaseLink.case_id == Case.id)
            .join(earlier, earlier.id == CaseLink.other_case_id)
            .where(CaseLink.kind == "repeat_of", Case.category == "dispute", Case.voided_at.is_(None))
            .order_by(Case.received_at.desc(), Case.case_no).limit(limit * 4)).all()
        taken: set[uuid.UUID] = set()
        pairs = []
        for case, before in rows:
            if case.id in taken or before.id in taken:
                continue
            taken |= {case.id, before.id}
            people = session.exec(select(CaseParty.person_id).where(CaseParty.case_id.in_([case.id, before.id]))
                                  .order_by(CaseParty.role != "reporter")).all()
            pairs.append((case, before, list(dict.fromkeys(people))))
        return pairs


def add_disputes(b: Build, engine: Engine) -> int:
    """Queue a dispute behind each of the newest repeat quarrels, in every state; returns how many."""
    rng, writer, now = b.rng, b.writer, b.now
    states = list(STATES)
    made = 0
    for case, before, people in _repeat_quarrels(engine, len(STATES)):
        if not states:
            break
        opened = case.received_at + timedelta(minutes=rng.randint(20, 90))
        if opened > now:
            continue
        fits = [state for state in states if state == "open" or now - opened >= FINISHED_AFTER]
        if not fits:
            continue
        state = fits[0]
        states.remove(state)
        owner = b.officer()
        day = opened.astimezone(b.zone)
        ref = f"JF-{writer.site}-{day:%Y%m%d}-{writer.reserve(f'dispute:{day:%Y%m%d}', 1):03d}"
        steps = []
        at = opened
        for kind, outcome, took_part in STEPS[: {"open": rng.randint(0, 1), "mediating": 3}.get(state, 3)]:
            at = at + timedelta(hours=rng.randint(20, 50))
            if at > now:
                break
            steps.append((at, kind, outcome, took_part))
        if state == "mediating" and not any(kind == "mediation" for _, kind, _, _ in steps):
            state = "open"  # no mediation session yet (it would lie ahead): an older quarrel mediates
            states.insert(0, "mediating")
        finished = state not in ("open", "mediating")
        closed = min(now, (steps[-1][0] if steps else opened) + timedelta(hours=rng.randint(2, 30))) if finished \
            else None
        last = closed or (steps[-1][0] if steps else opened)
        # Some first steps are overdue: due a day after the last step, which may have passed.
        due = None if finished else last + timedelta(days=rng.choice((1, 2, 4)))
        dispute_id = writer.add(
            Dispute, updated_at=last, updated_by=owner, ref=ref, title=case.summary[:200], kind=case.category,
            place=case.place, plan=rng.choice(PLANS), owner_id=owner, owned_at=opened,
            leader_id=b.officers[0] if rng.random() < 0.7 else None, state=state,
            state_reason=REASONS.get(state, ""), opened_at=opened, closed_at=closed,
            resolved_at=closed if state == "resolved" else None,
            resolved_on_site=state == "resolved" and rng.random() < 0.8, next_step_due=due)
        for person_id in people:
            writer.add(DisputeParty, updated_at=opened, updated_by=owner, dispute_id=dispute_id, person_id=person_id)
        for linked in (before, case):
            writer.add(DisputeCase, updated_at=opened, updated_by=owner, dispute_id=dispute_id, case_id=linked.id)
        for at, kind, outcome, took_part in steps:
            writer.add(DisputeStep, updated_at=at, updated_by=owner, dispute_id=dispute_id, at=at, by=owner, kind=kind,
                       outcome=outcome, took_part=took_part, on_site=kind != "call")
        made += 1
    made += _referred(b, engine)
    writer.flush()
    return made


def _referred(b: Build, engine: Engine) -> int:
    """A referred dispute: a quarrel handed to the mediation centre (else another body) whose hand-off is still
    under way, so the dispute shows a live referral; opened a while after the case came in, referred when it
    was handed on. Returns 1, or 0 when the demo has no live hand-off of a dispute."""
    rng, writer = b.rng, b.writer
    with read_session(engine) as session:
        found = session.exec(
            select(Handoff, Case).join(Case, Case.id == Handoff.case_id)
            .join(ReceivingBody, ReceivingBody.id == Handoff.body_id)
            .where(Case.category == "dispute", Handoff.status.in_(("pending", "sent", "accepted")),
                   Case.voided_at.is_(None))
            .order_by(ReceivingBody.code != REFERRED_TO, Handoff.handed_at.desc())).first()
        if found is None:
            return 0
        handoff, case = found
        people = list(dict.fromkeys(session.exec(select(CaseParty.person_id).where(CaseParty.case_id == case.id)
                                                 .order_by(CaseParty.role != "reporter")).all()))
    owner = handoff.handed_by or b.officer()
    opened = case.received_at + (handoff.handed_at - case.received_at) / 2
    day = opened.astimezone(b.zone)
    ref = f"JF-{writer.site}-{day:%Y%m%d}-{writer.reserve(f'dispute:{day:%Y%m%d}', 1):03d}"
    dispute_id = writer.add(
        Dispute, updated_at=handoff.handed_at, updated_by=owner, ref=ref, title=case.summary[:200],
        kind=case.category, place=case.place, plan=rng.choice(PLANS), owner_id=owner, owned_at=opened,
        leader_id=b.officers[0], state="referred", state_reason=REASONS["referred"], opened_at=opened,
        closed_at=handoff.handed_at, referral_handoff_id=handoff.id)
    for person_id in people:
        writer.add(DisputeParty, updated_at=opened, updated_by=owner, dispute_id=dispute_id, person_id=person_id)
    writer.add(DisputeCase, updated_at=opened, updated_by=owner, dispute_id=dispute_id, case_id=case.id)
    return 1
