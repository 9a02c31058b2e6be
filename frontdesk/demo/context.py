"""What every part of one demo build shares: the random source, the clock, the writer."""

from __future__ import annotations

import random
import uuid
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from itertools import accumulate
from typing import NamedTuple
from zoneinfo import ZoneInfo

from db.models import Person, PersonPhone
from frontdesk.demo.people import PersonMaker, Places, phone_row
from frontdesk.demo.writer import BulkWriter

# Relative number of cases received in each local hour: quiet before dawn, busy
# in the evening when people are home from work and disputes flare up.
HOURLY = (2, 1.5, 1, 0.8, 0.6, 0.8, 1.5, 2.5, 3.5, 4, 4, 4, 4.5, 4, 4, 4.5, 5, 5.5, 6.5, 7, 7, 6, 4.5, 3)
_CUMULATIVE = tuple(accumulate(HOURLY))
DAY_SECONDS = 86_400


def _weight_until(seconds: float) -> float:
    hour = min(int(seconds // 3600), 23)
    before = _CUMULATIVE[hour - 1] if hour else 0.0
    return before + HOURLY[hour] * min(seconds - hour * 3600, 3600) / 3600


def _second_at_weight(weight: float) -> float:
    hour = bisect_right(_CUMULATIVE, weight)
    before = _CUMULATIVE[hour - 1] if hour else 0.0
    return hour * 3600 + (weight - before) / HOURLY[hour] * 3600


class Added(NamedTuple):
    """A person just queued, with what cases need to refer to them."""

    id: uuid.UUID
    phone: str
    name: str


@dataclass
class Build:
    """One demo build in progress. `now` is aware UTC; `zone` is the station's."""

    rng: random.Random
    writer: BulkWriter
    zone: ZoneInfo
    now: datetime
    places: Places
    maker: PersonMaker
    officers: list[uuid.UUID] = field(default_factory=list)

    @property
    def today(self) -> date:
        return self.now.astimezone(self.zone).date()

    def local(self, day: date, hour: int = 0, minute: int = 0) -> datetime:
        """A local wall-clock time on `day`, as aware UTC."""
        return datetime.combine(day, time(hour, minute), tzinfo=self.zone).astimezone(timezone.utc)

    def _seconds_open(self, day: date) -> float:
        """How much of `day` has passed by `now` (all of it for past days)."""
        return min(DAY_SECONDS, max(0.0, (self.now - self.local(day)).total_seconds()))

    def day_share(self, day: date) -> float:
        """The share of a whole day's cases that `day` can hold, given `now`.

        Never quite zero, so that a build started at midnight still has a day to use.
        """
        return max(_weight_until(self._seconds_open(day)) / _CUMULATIVE[-1], 1e-9)

    def moment(self, day: date) -> datetime:
        """A time on `day`, evening-weighted, never after `now`."""
        weight = self.rng.random() * _weight_until(self._seconds_open(day))
        return self.local(day) + timedelta(seconds=int(_second_at_weight(weight)))

    def later(self, start: datetime, min_minutes: float, max_minutes: float) -> datetime:
        """A moment some minutes after `start` (it may lie after `now`; callers check)."""
        return start + timedelta(seconds=round(self.rng.uniform(min_minutes, max_minutes) * 60))

    def officer(self) -> uuid.UUID:
        return self.rng.choice(self.officers)

    def add_person(self, *, registered: datetime, **kwargs) -> Added:
        """Queue a new person and their phones (keyword arguments go to `PersonMaker.person`)."""
        values, phones = self.maker.person(**kwargs)
        by = self.officer()
        person_id = self.writer.add(Person, updated_at=registered, updated_by=by, **values)
        for e164, label in phones:
            self.writer.add(PersonPhone, updated_at=registered, updated_by=by, **phone_row(person_id, e164, label))
        return Added(person_id, phones[0][0], values["name"])
