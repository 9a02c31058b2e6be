"""A few series planted in the demo, so a new user sees the similar-cases panel at work (串并):
night-time thefts of e-bike batteries along one street, and one phone number that reports a debt
in one case and turns up as the other party in another."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from db.ids import new_id
from frontdesk.demo.cases import PastCase, Pool, Visit
from frontdesk.demo.context import Build

#: Days back from today of the street's thefts, with the local time of each.
NIGHT_THEFTS = ((1, time(22, 40)), (3, time(23, 15)), (6, time(22, 5)), (9, time(23, 50)), (13, time(22, 30)))
THEFT_SUMMARIES = ("电动车电瓶夜间被盗", "停在路边的电动车电瓶被盗", "夜间电动车电瓶被人偷走")
STREET = "城河街"


def planted_visits(b: Build, pool: Pool, calendar: list[date], categories: set[str]) -> dict[date, list[Visit]]:
    """The planted visits by local day (only those the demo's days hold, never after `now`)."""
    days = set(calendar)
    planted: dict[date, list[Visit]] = {}

    def plant(back: int, at: time, visit_of) -> None:
        day = b.today - timedelta(days=back)
        moment = datetime.combine(day, at, tzinfo=b.zone).astimezone(timezone.utc)
        if day in days and moment <= b.now:
            planted.setdefault(day, []).append(visit_of(moment))

    if "theft" in categories:
        for turn, (back, at) in enumerate(NIGHT_THEFTS):
            origin = PastCase(new_id(), "theft", True, None, THEFT_SUMMARIES[turn % len(THEFT_SUMMARIES)],
                              f"{STREET}{17 + turn * 23}号")
            plant(back, at, lambda moment, origin=origin, turn=turn: Visit(
                moment, _reporter(pool, 3 + turn), kind="planted", origin=origin))
    if "dispute" in categories:
        lender, borrower = _reporter(pool, 11), _reporter(pool, 12)
        plant(20, time(10, 15), lambda moment: Visit(moment, borrower, kind="planted", origin=PastCase(
            new_id(), "dispute", True, None, "借钱给朋友到期不还发生纠纷", "人民路85号商铺内")))
        plant(4, time(15, 40), lambda moment: Visit(moment, lender, kind="planted", other=borrower, origin=PastCase(
            new_id(), "dispute", True, None, "对方借款后失联，上门讨要发生争执", "建设路233号")))
    return planted


def _reporter(pool: Pool, nth: int) -> int:
    """The nth person of the pool with a phone who is not a repeat reporter (stable for a seed)."""
    found = [index for index in range(len(pool.ids)) if pool.phones[index] and index not in pool.tracked]
    return found[nth % len(found)]
