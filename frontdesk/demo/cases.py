"""Demo cases with their parties, links, hand-offs and follow-up call-backs.

Each case is written as it would stand at `now`: old ones mostly closed, recent
ones open, hand-offs at whatever step they have reached, follow-ups only where
their time has come.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from db.ids import new_id
from db.models import Case, CaseLink, CaseParty, FollowUp, Handoff
from frontdesk.demo.context import Build
from frontdesk.demo.patrols import Shift
from frontdesk.demo.people import ESTATES, ROADS
from frontdesk.demo.texts import (
    CATEGORY_MATTERS, CHANNEL_VERBS, CLOSING_NOTES, FOLLOW_UP_RESULTS, MATTER_SUMMARIES,
    PLACE_SHAPES, RETURN_REASONS, SUMMARIES,
)

#: How hand-offs are passed on, most often by work order.
METHODS = ("work_order", "work_order", "work_order", "three_way_call", "three_way_call", "visit", "document")
CHANNELS = {"walk_in": 35, "phone": 30, "transfer_110": 20, "online": 8, "patrol": 7}
# People who call again and again mostly phone.
REPEAT_CHANNELS = {"phone": 50, "transfer_110": 40, "walk_in": 10}

# How police cases end, per category, and how long that takes (minutes).
DISPOSITIONS = {
    "dispute": {"resolved_on_site": 50, "mediated": 45, "unfounded": 5},
    "help": {"resolved_on_site": 90, "unfounded": 10},
    "tip": {"referred": 45, "resolved_on_site": 35, "unfounded": 20},
    "theft": {"referred": 70, "resolved_on_site": 20, "unfounded": 10},
    "fraud": {"referred": 85, "resolved_on_site": 10, "unfounded": 5},
    "traffic": {"resolved_on_site": 60, "mediated": 35, "referred": 5},
}
DEFAULT_DISPOSITIONS = {"resolved_on_site": 95, "unfounded": 5}
DURATIONS = {"resolved_on_site": (20, 180), "mediated": (60, 4320), "referred": (120, 2880),
             "unfounded": (15, 120), "duplicate": (10, 60)}

#: Share of disputes and help requests that are not police business.
NON_POLICE_SHARE = 0.25


@dataclass(frozen=True)
class PastCase:
    """What a later repeat or backflow case copies from an earlier one."""

    id: uuid.UUID
    category: str
    police: bool
    matter: str | None
    summary: str
    place: str
    handoff_id: uuid.UUID | None = None  # the hand-off a backflow case came back after


@dataclass(frozen=True)
class Visit:
    """A case still to be written: when, who reports, and what kind of report it is."""

    at: datetime
    reporter: int  # index into the pool
    kind: str = "normal"  # normal | unfounded | repeat | backflow | planted (frontdesk.demo.planted)
    origin: PastCase | None = None
    other: int | None = None  # a planted other party, by pool index


@dataclass(frozen=True)
class Pool:
    """The people who report and are involved, by index."""

    ids: list[uuid.UUID]
    phones: list[str]
    names: list[str]
    tracked: frozenset[int]  # repeat reporters, whose cases later repeats point at
    heaviest: int  # the one who calls most of all


@dataclass(frozen=True)
class StationLists:
    """The station's categories, receiving bodies and matters, as the database has them."""

    category_shares: dict[str, float]
    category_police: dict[str, bool]
    matter_body: dict[str, tuple[uuid.UUID, int]]  # matter -> (body id, default due hours)


@dataclass(frozen=True)
class _HandOff:
    """A hand-off as it stands at `now`, its call-back if one was made, and the case's outcome."""

    row: dict
    follow_up: dict | None
    outcome: dict


class _Quota:
    """Hands out a rare outcome at a steady rate, so even a small demo has some of each."""

    def __init__(self, rate: float):
        self.rate, self.level = rate, 0.5

    def take(self) -> bool:
        self.level += self.rate
        if self.level >= 1:
            self.level -= 1
            return True
        return False


class CaseMaker:
    """Writes cases one at a time, in time order, through the build's writer."""

    def __init__(self, b: Build, pool: Pool, lists: StationLists, shifts: dict[date, list[Shift]]):
        self.b, self.pool, self.lists, self.shifts = b, pool, lists, shifts
        self.history: dict[int, list[PastCase]] = {index: [] for index in pool.tracked}
        #: Backflow cases scheduled for later days, by local date.
        self.backflows: dict[date, list[Visit]] = {}
        self._categories = list(lists.category_shares)
        self._shares = list(lists.category_shares.values())
        self._returned, self._stuck, self._backflow = _Quota(0.05), _Quota(0.09), _Quota(0.04)
        self._stuck_turn = 0

    def case(self, visit: Visit, case_no: str) -> None:
        """Queue one case and everything that hangs off it."""
        b, rng = self.b, self.b.rng
        if visit.kind == "repeat" and visit.origin is None:
            earlier = self.history.get(visit.reporter)
            visit = replace(visit, origin=rng.choice(earlier)) if earlier else replace(visit, kind="normal")
        officer = b.officer()
        origin = visit.origin
        if origin is not None:
            category, police, matter = origin.category, origin.police, origin.matter
            summary, place = origin.summary, origin.place
        else:
            category = rng.choices(self._categories, self._shares)[0]
            police, matter = self._police_and_matter(category)
            summary = rng.choice(MATTER_SUMMARIES[matter] if matter else SUMMARIES[category])
            place = self._place()
        channel, shift_id = self._channel(visit)
        this = PastCase(new_id(), category, police, matter, summary, place)
        narrative = (f"巡逻中在{place}发现：{summary}。" if channel == "patrol" else
                     f"报警人{self.pool.names[visit.reporter][0]}某{CHANNEL_VERBS[channel]}：在{place}，{summary}。")
        handoff = None
        if visit.kind in ("repeat", "unfounded"):
            outcome = self._closed_after(visit.at, "duplicate" if visit.kind == "repeat" else "unfounded")
        elif matter is not None:
            handoff = self._hand_off(visit, this, officer, case_no)
            outcome = handoff.outcome
        else:
            outcome = self._police_outcome(visit.at, category)
        b.writer.add(
            Case, updated_at=outcome.get("closed_at") or visit.at, updated_by=officer, id=this.id,
            case_no=case_no, received_at=visit.at, channel=channel, category=category, police=police,
            summary=summary, narrative=narrative, place=place, recorded_by=officer, patrol_shift_id=shift_id,
            **outcome,
        )
        self._parties(this.id, visit, category, officer)
        if origin is not None and visit.kind in ("repeat", "backflow"):
            b.writer.add(CaseLink, updated_at=visit.at, updated_by=officer, case_id=this.id, other_case_id=origin.id,
                         kind="repeat_of" if visit.kind == "repeat" else "backflow",
                         handoff_id=origin.handoff_id if visit.kind == "backflow" else None)
        if handoff is not None:
            b.writer.add(Handoff, **handoff.row)
            if handoff.follow_up:
                b.writer.add(FollowUp, **handoff.follow_up)
        elif outcome.get("disposition") in ("resolved_on_site", "mediated", "referred") and rng.random() < 0.12:
            self._police_follow_up(this.id, outcome["closed_at"])
        if visit.reporter in self.history and visit.kind == "normal":
            self.history[visit.reporter].append(this)

    # ---- what the case is ------------------------------------------------------

    def _police_and_matter(self, category: str) -> tuple[bool, str | None]:
        police = self.lists.category_police.get(category, True)
        matters = [m for m in CATEGORY_MATTERS.get(category, ()) if m in self.lists.matter_body]
        if matters and (not police or self.b.rng.random() < NON_POLICE_SHARE):
            return False, self.b.rng.choice(matters)
        return police, None

    def _channel(self, visit: Visit) -> tuple[str, uuid.UUID | None]:
        rng = self.b.rng
        weights = REPEAT_CHANNELS if visit.reporter in self.history else CHANNELS
        channel = rng.choices(list(weights), list(weights.values()))[0]
        if channel != "patrol":
            return channel, None
        local_day = visit.at.astimezone(self.b.zone).date()
        for shift in self.shifts.get(local_day, ()):
            if shift.start <= visit.at <= shift.end:
                return channel, shift.id
        return channel, None

    def _place(self) -> str:
        rng = self.b.rng
        road, road2 = rng.sample(ROADS, 2)
        return rng.choice(PLACE_SHAPES).format(
            township=rng.choice(self.b.places.townships), estate=rng.choice(ESTATES),
            road=road, road2=road2, n=rng.randint(1, 300),
        )

    # ---- how it stands now -------------------------------------------------------

    def _closed_after(self, at: datetime, disposition: str) -> dict:
        low, high = DURATIONS[disposition]
        closed_at = min(self.b.later(at, low, high), self.b.now)
        return {"status": "closed", "disposition": disposition, "closed_at": closed_at,
                "closing_note": self.b.rng.choice(CLOSING_NOTES[disposition])}

    def _police_outcome(self, at: datetime, category: str) -> dict:
        rng, now = self.b.rng, self.b.now
        weights = DISPOSITIONS.get(category, DEFAULT_DISPOSITIONS)
        disposition = rng.choices(list(weights), list(weights.values()))[0]
        low, high = DURATIONS[disposition]
        closed_at = self.b.later(at, low, high)
        # A few recent cases drag on (an investigation, a person still missing).
        lingering = now - at < timedelta(days=10) and rng.random() < 0.03
        if closed_at > now or lingering:
            fresh = now - at < timedelta(hours=1) or rng.random() < 0.2
            return {"status": "open" if fresh else "in_progress"}
        return {"status": "closed", "disposition": disposition, "closed_at": closed_at,
                "closing_note": rng.choice(CLOSING_NOTES[disposition])}

    def _hand_off(self, visit: Visit, case: PastCase, officer: uuid.UUID, case_no: str) -> _HandOff:
        """The hand-off of a non-police case, as far as it has got by `now`."""
        b, rng, now = self.b, self.b.rng, self.b.now
        body_id, due_hours = self.lists.matter_body[case.matter]
        handed_at = min(b.later(visit.at, 5, 40), now)
        sent_at = b.later(handed_at, 5, 120)
        accepted_at = b.later(sent_at, 30, 720)
        # Most bodies finish in time; some are late, which the desk shows as overdue.
        done_at = handed_at + timedelta(hours=due_hours * rng.uniform(0.15, 1.6 if rng.random() < 0.1 else 1.0))
        done_at = max(done_at, accepted_at)
        follow_up_at = b.later(done_at, 120, 1800)
        row = {"id": new_id(), "updated_at": handed_at, "updated_by": officer, "case_id": case.id,
               "body_id": body_id, "matter": case.matter, "handed_at": handed_at, "handed_by": officer,
               "our_ref": case_no, "method": rng.choice(METHODS),
               "due_at": handed_at + timedelta(hours=due_hours)}
        follow_up = None
        outcome = {"status": "handed_off"}
        if self._returned.take() and sent_at <= now:
            returned_at = min(b.later(sent_at, 120, 1440), now)
            row.update(status="returned", returned_reason=rng.choice(RETURN_REASONS), updated_at=returned_at)
            outcome = {"status": "in_progress"}  # back on the desk's plate
        elif self._stuck.take():
            # Never got further than this step: these are the overdue hand-offs.
            self._stuck_turn += 1
            row["status"] = ("pending", "sent", "accepted")[self._stuck_turn % 3]
        else:
            steps = [("pending", handed_at), ("sent", sent_at), ("accepted", accepted_at), ("done", done_at)]
            row["status"], row["updated_at"] = [(s, t) for s, t in steps if t <= now][-1]
            if row["status"] == "done":
                row["done_at"] = done_at
                if follow_up_at <= now:
                    backflow = visit.kind == "normal" and self._schedule_backflow(
                        visit, replace(case, handoff_id=row["id"]), follow_up_at)
                    follow_up = self._follow_up(case.id, row["id"], follow_up_at, backflow=backflow)
                    outcome = {"status": "closed", "disposition": "handed_off", "closed_at": follow_up_at,
                               "closing_note": rng.choice(CLOSING_NOTES["handed_off"])}
        if row["status"] != "pending":
            row["their_ref"] = f"GD{visit.at:%Y%m%d}{rng.randrange(100_000):05d}"
        return _HandOff(row, follow_up, outcome)

    def _schedule_backflow(self, visit: Visit, past: PastCase, follow_up_at: datetime) -> bool:
        """Now and then, have the reporter come back with the same matter after the call-back."""
        b = self.b
        day = follow_up_at.astimezone(b.zone).date() + timedelta(days=b.rng.randint(1, 5))
        if day > b.today or not self._backflow.take():
            return False
        self.backflows.setdefault(day, []).append(Visit(b.moment(day), visit.reporter, "backflow", past))
        return True

    def _follow_up(self, case_id: uuid.UUID, handoff_id: uuid.UUID | None, at: datetime, *,
                   backflow: bool = False) -> dict:
        rng = self.b.rng
        if backflow:
            reached, satisfaction, key = True, rng.choice(("basically", "unsatisfied")), "backflow"
        elif rng.random() < 0.07:
            reached, satisfaction, key = False, None, "not_reached"
        else:
            draw = rng.random()
            satisfaction = "satisfied" if draw < 0.97 else "basically" if draw < 0.994 else "unsatisfied"
            reached, key = True, satisfaction
        officer = self.b.officer()
        return {"updated_at": at, "updated_by": officer, "at": at, "by": officer, "case_id": case_id, "handoff_id": handoff_id, "reached": reached,
                "result": rng.choice(FOLLOW_UP_RESULTS[key]), "satisfaction": satisfaction, "backflow": backflow}

    def _police_follow_up(self, case_id: uuid.UUID, closed_at: datetime) -> None:
        at = self.b.later(closed_at, 120, 2880)
        if at <= self.b.now:
            self.b.writer.add(FollowUp, **self._follow_up(case_id, None, at))

    # ---- who is in it ----------------------------------------------------------------

    def _parties(self, case_id: uuid.UUID, visit: Visit, category: str, officer: uuid.UUID) -> None:
        rng, pool, add = self.b.rng, self.pool, self.b.writer.add
        add(CaseParty, updated_at=visit.at, updated_by=officer, case_id=case_id, person_id=pool.ids[visit.reporter],
            role="reporter", phone_e164=pool.phones[visit.reporter])
        if visit.other is not None:
            add(CaseParty, updated_at=visit.at, updated_by=officer, case_id=case_id, person_id=pool.ids[visit.other],
                role="other_party", phone_e164=pool.phones[visit.other])
            return
        role, share = {"dispute": ("other_party", 0.7), "traffic": ("other_party", 0.6),
                       "theft": ("witness", 0.15), "fraud": ("victim", 0.3),
                       "tip": ("suspect", 0.1)}.get(category, (None, 0.0))
        if role is None or rng.random() >= share:
            return
        other = rng.randrange(len(pool.ids))
        if other == visit.reporter:
            return
        phone = pool.phones[other] if role != "suspect" and rng.random() < 0.6 else None
        add(CaseParty, updated_at=visit.at, updated_by=officer, case_id=case_id, person_id=pool.ids[other], role=role,
            phone_e164=phone)
