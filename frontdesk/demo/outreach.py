"""Two outreach campaigns: a finished warning to young adults about task-scam (刷单) fraud, and a running one to
the elderly about impostor-police calls, each with contacts logged by officers and patrol volunteers."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import select

from db.engine import read_session
from db.models import Volunteer
from db.models.outreach import Campaign, CampaignPerson, Contact
from frontdesk.demo.context import Build
from frontdesk.i18n import DeskError
from frontdesk.outreach import lists

#: (title, purpose, script, the list as typed (by tag, then by age if the demo's people carry no tags yet),
#:  days before now it started, days it ran (None: running), the share of people contacted)
CAMPAIGNS = (
    ("刷单返利诈骗提醒", "近期辖区多发刷单返利诈骗，提醒青年群体",
     "您好，这里是城关派出所。近期刷单返利诈骗多发，凡是先垫付后返利的都是诈骗，请勿轻信。",
     (lists.ListQuery(any_of="student migrant"), lists.ListQuery(age_from="18", age_to="30")), 20, 9, 0.95),
    ("冒充公检法诈骗预警", "提醒老年人识别冒充公检法、“安全账户”诈骗",
     "大爷大娘您好，公检法机关不会电话办案，更没有“安全账户”，接到此类电话请立即挂断并告诉家人。",
     (lists.ListQuery(all_of="elderly"), lists.ListQuery(age_from="70")), 3, None, 0.45),
)
OUTCOMES = ("已提醒，表示会注意", "已提醒，并转告家人", "已提醒，已安装国家反诈中心APP", "本人称近期接到可疑电话，已劝阻")
MOST = 40


def _people(engine: Engine, queries: tuple[lists.ListQuery, ...], today) -> tuple[lists.Expression, list[uuid.UUID]]:
    with read_session(engine) as session:
        for query in queries:
            try:
                expression = lists.read_expression(session, query)
            except DeskError:  # a tag the station's list does not have: the next way of choosing
                continue
            ids = lists.person_ids(session, expression, today=today, limit=MOST)
            if ids:
                return expression, ids
    return lists.Expression(), []


def add_campaigns(b: Build, engine: Engine) -> int:
    """Queue the demo's campaigns with their frozen lists and contacts; returns how many were made."""
    rng, writer, now = b.rng, b.writer, b.now
    with read_session(engine) as session:
        volunteers = list(session.exec(select(Volunteer.id).where(Volunteer.active).order_by(Volunteer.id)).all())
    made = 0
    for title, purpose, script, queries, started_days, ran_days, contacted in CAMPAIGNS:
        expression, people = _people(engine, queries, b.today)
        if not people:
            continue
        started = now - timedelta(days=started_days, hours=rng.randint(1, 6))
        finished = started + timedelta(days=ran_days) if ran_days is not None else None
        by = b.officer()
        day = started.astimezone(b.zone)
        ref = f"WX-{writer.site}-{day:%Y%m%d}-{writer.reserve(f'campaign:{day:%Y%m%d}', 1):02d}"
        campaign_id = writer.add(Campaign, updated_at=finished or started, updated_by=by, ref=ref, title=title,
                                 purpose=purpose, script=script, expression=expression.codes(),
                                 state="finished" if finished else "running", started_at=started, started_by=by,
                                 finished_at=finished, people=len(people))
        until = finished or now
        for position, person_id in enumerate(people):
            volunteer = rng.choice(volunteers) if volunteers and position % 3 == 2 else None
            officer = None if volunteer else b.officer()
            state, follow_up, last, tries = "waiting", False, started, []
            if rng.random() < contacted:
                at = started
                for attempt in range(rng.choice((1, 1, 2))):
                    at = at + (until - at) * rng.uniform(0.1, 0.6)
                    reached = attempt > 0 or rng.random() < 0.8
                    follow_up = reached and rng.random() < 0.15
                    channel = "visit" if volunteer and rng.random() < 0.5 else rng.choice(("phone", "phone", "message"))
                    tries.append((at, channel, reached, rng.choice(OUTCOMES) if reached else "无人接听", follow_up))
                    state = "reached" if reached or state == "reached" else "tried"
                    last = at
            person_row = writer.add(CampaignPerson, updated_at=last, updated_by=officer or by, campaign_id=campaign_id,
                                    person_id=person_id, officer_id=officer, volunteer_id=volunteer, state=state,
                                    follow_up=follow_up, position=position)
            for at, channel, reached, outcome, wants in tries:
                writer.add(Contact, updated_at=at, updated_by=officer or by, campaign_person_id=person_row, at=at,
                           by=officer or by, volunteer_id=volunteer, channel=channel, reached=reached,
                           outcome=outcome, follow_up=wants)
        made += 1
    writer.flush()
    return made
