"""The hand-off slip: what the receiving body is given about a matter, written down with an audit event
(it carries the citizen's full phone number)."""

from __future__ import annotations

import uuid

from sqlmodel import Session, select

from db.models import CaseParty, NonPoliceMatter, Officer, Person, ReceivingBody
from frontdesk.handoffs.lifecycle import handoff_with_case
from frontdesk.handoffs.lists import local_name
from frontdesk.i18n import t
from frontdesk.records import Actor, audit
from frontdesk.timefmt import local_text
from frontdesk.validation import display_phone
from frontdesk.vocab import label


def slip_lines(session: Session, handoff_id: uuid.UUID, *, zone, by: Actor) -> tuple[str, list[tuple[str, str]]]:
    """What the receiving body is given: the matter, the citizen's contact, who to call back.

    The slip carries the citizen's full phone number (the body must reach them),
    so writing one is recorded in the audit log.
    """
    handoff, case = handoff_with_case(session, handoff_id, None)
    body = session.get(ReceivingBody, handoff.body_id)
    matter = session.exec(select(NonPoliceMatter).where(NonPoliceMatter.code == handoff.matter)).first()
    reporter = session.exec(
        select(CaseParty, Person).join(Person, Person.id == CaseParty.person_id)
        .where(CaseParty.case_id == case.id, CaseParty.role == "reporter")
    ).first()
    officer = session.get(Officer, handoff.handed_by) if handoff.handed_by else None
    name, phone = ("", "")
    if reporter is not None:
        party, person = reporter
        name, phone = person.name, party.phone_e164 or ""
    lines = [
        (t("slip.our_ref"), handoff.our_ref),
        (t("slip.their_ref"), handoff.their_ref or "—"),
        (t("slip.body"), local_name(body.name_zh, body.name_en)),
        (t("slip.matter"), local_name(matter.name_zh, matter.name_en) if matter else (handoff.matter or "")),
        (t("slip.method"), label("method", handoff.method)),
        (t("slip.handed_at"), local_text(handoff.handed_at, zone)),
        (t("slip.due_at"), local_text(handoff.due_at, zone) if handoff.due_at else "—"),
        (t("slip.received_at"), local_text(case.received_at, zone)),
        (t("slip.place"), case.place or "—"),
        (t("slip.summary"), case.summary),
        (t("slip.narrative"), case.narrative or "—"),
        (t("slip.citizen"), name or "—"),
        (t("slip.phone"), display_phone(phone) if phone else "—"),
        (t("slip.note"), handoff.notes or "—"),
        (t("slip.officer"), officer.name if officer else "—"),
    ]
    audit(session, by=by, action="slip", table_name="handoff", record_id=handoff.id,
          reason=body.name_zh)
    return handoff.our_ref, lines
